import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import {
  expectConformingRequests,
  fastClient,
  json,
  KEY,
  record,
  remoteError,
  startTinyServer,
  type TinyServer,
} from "./client-support.js";

/** A proxy's 404 page: not JSON at all. */
function text404(res: ServerResponse, body: string): void {
  res.writeHead(404, { "content-type": "text/html" }).end(body);
}

const daily = { simulation_id: "30595", schedule: { frequency: "daily", time: "02:00" } } as const;

describe("retries against the emulator", () => {
  let emu: RunningEmulator;
  const draws: number[] = [];
  beforeAll(async () => {
    // The emulator draws only for faults that are on: the test scripts which request fails.
    emu = await startEmulator({ apiKey: KEY, random: () => draws.shift() ?? 0.99 });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.reset();
    draws.length = 0;
    emu.setFaults({ errorRate: 0, dropRate: 0, rateLimit: 0 });
  });

  it("retries a 5xx and then succeeds", async () => {
    emu.setFaults({ errorRate: 0.5 });
    draws.push(0.1, 0.2);
    const api = fastClient(emu.url);
    expect(await api.listSchedules()).toEqual([]);
    expect(emu.requests().map((r) => r.status)).toEqual([expect.any(Number), expect.any(Number), 200]);
    expect(
      emu
        .requests()
        .slice(0, 2)
        .every((r) => r.status >= 500),
    ).toBe(true);
    expect(api.stats()).toEqual({ requests: 3, retries: 2 });
  });

  it("gives up after six attempts with a server error", async () => {
    emu.setFaults({ errorRate: 1 });
    const retries: number[] = [];
    const api = fastClient(emu.url, { events: { onRetry: (e) => retries.push(e.attempt) } });
    const err = await remoteError(api.updateSchedule("x", { enabled: false }));
    expect(err).toMatchObject({ kind: "server", retryable: true });
    expect(emu.requests()).toHaveLength(6);
    expect(retries).toEqual([1, 2, 3, 4, 5]);
  });

  it("honours Retry-After on a 429 (the backoff alone would be far too short)", async () => {
    emu.setFaults({ rateLimit: 1 });
    const api = fastClient(emu.url, { backoff: { baseMs: 1, maxMs: 1 } });
    await api.ping();
    await api.listSchedules();
    expect(emu.requests().map((r) => r.status)).toEqual([200, 429, 200]);
    expect(api.stats().retries).toBe(1);
  });

  it("does not re-send a create whose connection dropped after the commit", async () => {
    emu.setFaults({ dropRate: 1 });
    const api = fastClient(emu.url);
    const err = await remoteError(api.createSchedule(daily));
    expect(err).toMatchObject({ kind: "unknown-outcome", retryable: true });
    expect(emu.requests().filter((r) => r.method === "POST")).toHaveLength(1);
    expect(emu.schedules()).toHaveLength(1);
    expectConformingRequests(emu.requests());
  });

  it("does not re-send a create that got a 5xx", async () => {
    emu.setFaults({ errorRate: 1 });
    const err = await remoteError(fastClient(emu.url).createSchedule(daily));
    expect(err.kind).toBe("unknown-outcome");
    expect(emu.requests()).toHaveLength(1);
  });

  it("retries an update whose connection dropped", async () => {
    const s = emu.insert({ simulation_id: "30595", cron_expression: "0 2 * * *" });
    emu.setFaults({ dropRate: 0.5 });
    draws.push(0.1);
    const updated = await fastClient(emu.url).updateSchedule(s.id, { enabled: false });
    expect(updated.enabled).toBe(false);
    expect(emu.requests().map((r) => r.dropped)).toEqual([true, false]);
  });

  it("retries a create that the rate limit refused", async () => {
    emu.setFaults({ rateLimit: 1 });
    const api = fastClient(emu.url);
    await api.ping();
    await api.createSchedule(daily);
    expect(emu.requests().map((r) => r.status)).toEqual([200, 429, 200]);
    expect(emu.schedules()).toHaveLength(1);
  });
});

describe("retries against scripted answers", () => {
  let server: TinyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("caps a long Retry-After at maxRetryAfterMs, and reads an HTTP date", async () => {
    server = await startTinyServer((hit, res, n) => {
      if (n === 0) return json(res, 429, { detail: "slow down" }, { "retry-after": "3600" });
      if (n === 1)
        return json(res, 503, {}, { "retry-after": new Date(Date.now() + 3_600_000).toUTCString() });
      json(res, 200, { schedules: [] });
    });
    const delays: number[] = [];
    const api = fastClient(server.url, {
      maxRetryAfterMs: 30,
      events: { onRetry: (e) => delays.push(e.delayMs) },
    });
    expect(await api.listSchedules()).toEqual([]);
    expect(delays).toEqual([30, 30]);
  });

  it("retries a 408 on an update", async () => {
    server = await startTinyServer((hit, res, n) => (n === 0 ? json(res, 408, {}) : json(res, 200, record)));
    await fastClient(server.url).updateSchedule("s1", { enabled: false });
    expect(server.hits).toHaveLength(2);
  });

  it("does not re-send a create that got a 408: a proxy may have passed it on", async () => {
    server = await startTinyServer((hit, res) => json(res, 408, {}));
    const err = await remoteError(fastClient(server.url).createSchedule(daily));
    expect(err).toMatchObject({ kind: "unknown-outcome", status: 408 });
    expect(server.hits).toHaveLength(1);
  });

  it.each([
    ["updateSchedule", { detail: "Not Found" }],
    ["deleteSchedule", { detail: "Not Found" }],
    ["updateSchedule", "<html><body>404 Not Found</body></html>"],
    ["deleteSchedule", "<html><body>404 Not Found</body></html>"],
  ] as const)("does not read a route-level 404 on %s as a gone schedule: %j", async (method, body) => {
    server = await startTinyServer((hit, res) =>
      typeof body === "string" ? text404(res, body) : json(res, 404, body),
    );
    const api = fastClient(server.url);
    const call =
      method === "updateSchedule" ? api.updateSchedule("s1", { enabled: false }) : api.deleteSchedule("s1");
    const err = await remoteError(call);
    expect(err).toMatchObject({ kind: "not-supported", status: 404, retryable: false });
    expect(server.hits).toHaveLength(1);
  });

  it("reports a create that timed out after sending as unknown-outcome, sent once", async () => {
    server = await startTinyServer(() => undefined); // never answers
    const err = await remoteError(fastClient(server.url, { timeoutMs: 150 }).createSchedule(daily));
    expect(err.kind).toBe("unknown-outcome");
    expect(server.hits).toHaveLength(1);
  });

  it("retries a list that timed out", async () => {
    server = await startTinyServer((hit, res, n) => (n < 2 ? undefined : json(res, 200, { schedules: [] })));
    expect(await fastClient(server.url, { timeoutMs: 150 }).listSchedules()).toEqual([]);
    expect(server.hits).toHaveLength(3);
  });

  it("retries a create whose connection was refused, and ends with a network error", async () => {
    server = await startTinyServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const statuses: (number | string)[] = [];
    const api = fastClient(url, { retries: 3, events: { onRequest: (e) => statuses.push(e.status) } });
    const err = await remoteError(api.createSchedule(daily));
    expect(err).toMatchObject({ kind: "network", retryable: true });
    expect(err.message).toContain("ECONNREFUSED");
    expect(statuses).toEqual(["error", "error", "error"]);
  });

  it("an abort during the backoff wait ends the call without another attempt", async () => {
    server = await startTinyServer((hit, res) => json(res, 500, { detail: "boom" }));
    const ac = new AbortController();
    const api = fastClient(server.url, {
      backoff: { baseMs: 60_000, maxMs: 60_000 },
      random: () => 0.99,
      events: { onRetry: () => setImmediate(() => ac.abort()) },
    });
    const err = await remoteError(api.listSchedules({ signal: ac.signal }));
    expect(err).toMatchObject({ kind: "aborted", code: "remote-aborted" });
    expect(server.hits).toHaveLength(1);
  });

  it("an abort cancels a request in flight and one waiting for a slot", async () => {
    server = await startTinyServer(() => undefined);
    const ac = new AbortController();
    const api = fastClient(server.url, { concurrency: 1 });
    const first = remoteError(api.getSchedule("a", { signal: ac.signal }));
    const second = remoteError(api.getSchedule("b", { signal: ac.signal }));
    while (server.hits.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    expect((await first).kind).toBe("aborted");
    expect((await second).kind).toBe("aborted");
    expect(server.hits).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    server = await startTinyServer((hit, res) => json(res, 200, {}));
    const err = await remoteError(fastClient(server.url).ping({ signal: AbortSignal.abort() }));
    expect(err.kind).toBe("aborted");
    expect(server.hits).toHaveLength(0);
  });
});
