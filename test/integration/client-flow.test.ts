import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFlowControl } from "../../src/bluejay/flow-control.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { fastClient, json, KEY, startTinyServer, type TinyServer } from "./client-support.js";

/** The most arrivals in any window [t, t + 1 s) of the log. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

describe("flow control over real HTTP", () => {
  let server: TinyServer | undefined;
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: KEY });
  });
  afterAll(() => emu.close());
  afterEach(async () => {
    await server?.close();
    server = undefined;
    emu.reset();
    emu.setFaults({ rateLimit: 0, errorRate: 0 });
  });

  it.each([1, 3])("never has more than %i requests in flight, retries included", async (limit) => {
    server = await startTinyServer((hit, res, n) => {
      // Every fifth answer is a 503 so that retries take part; the rest wait a little.
      setTimeout(() => (n % 5 === 4 ? json(res, 503, {}) : json(res, 200, { schedules: [] })), 15);
    });
    const api = fastClient(server.url, { concurrency: limit, rateLimit: Infinity });
    await Promise.all(Array.from({ length: 16 }, () => api.listSchedules()));
    expect(server.maxInFlight()).toBe(limit);
    expect(api.stats().retries).toBeGreaterThan(0);
  });

  it("uses all the concurrency it is given", async () => {
    server = await startTinyServer((hit, res) => setTimeout(() => json(res, 200, { schedules: [] }), 30));
    const api = fastClient(server.url, { concurrency: 8, rateLimit: Infinity });
    await Promise.all(Array.from({ length: 8 }, () => api.listSchedules()));
    expect(server.maxInFlight()).toBe(8);
  });

  it("never starts more than rateLimit requests in any second", async () => {
    const api = fastClient(emu.url, { concurrency: 8, rateLimit: 10 });
    await Promise.all(Array.from({ length: 24 }, () => api.ping()));
    const times = emu.requests().map((r) => Date.parse(r.at));
    expect(times).toHaveLength(24);
    // Evenly spaced slots: one slot of slack at the window's edge.
    expect(busiestSecond(times)).toBeLessThanOrEqual(11);
  });

  it("shares one budget between clients of the same run", async () => {
    const flow = createFlowControl({ concurrency: 2, rateLimit: Infinity });
    server = await startTinyServer((hit, res) => setTimeout(() => json(res, 200, { schedules: [] }), 15));
    const a = fastClient(server.url, { flow });
    const b = fastClient(server.url, { flow });
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).listSchedules()));
    expect(server.maxInFlight()).toBe(2);
  });

  it("slows down when the server answers 429, and every request still succeeds", async () => {
    emu.setFaults({ rateLimit: 4 });
    const flow = createFlowControl({ concurrency: 8, rateLimit: 40 });
    const ratesAfter429: number[] = [];
    const api = fastClient(emu.url, {
      flow,
      events: { onRetry: () => ratesAfter429.push(flow.snapshot().rate) },
    });
    await Promise.all(Array.from({ length: 10 }, () => api.ping()));
    const statuses = emu.requests().map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses).toContain(429);
    expect(Math.min(...ratesAfter429)).toBeLessThanOrEqual(20);
  });
});
