import { describe, expect, it } from "vitest";
import { createFlowControl } from "../../src/bluejay/flow-control.js";
import type { Clock } from "../../src/bluejay/sleep.js";
import { RemoteError } from "../../src/errors.js";

/** A clock whose sleeps resolve only when the test advances time. */
function manualClock() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const clock: Clock = {
    now: () => t,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (ms <= 0) return resolve();
        const timer = { at: t + ms, resolve };
        timers.push(timer);
        signal?.addEventListener("abort", () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(new RemoteError("aborted", "aborted"));
        });
      }),
  };
  const advance = async (ms: number) => {
    t += ms;
    for (const timer of timers.filter((x) => x.at <= t)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.resolve();
    }
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { clock, advance, now: () => t };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe("flow control", () => {
  it("never lets more than `concurrency` requests in flight", async () => {
    const flow = createFlowControl({ concurrency: 3, rateLimit: Infinity });
    const granted: (() => void)[] = [];
    for (let i = 0; i < 7; i++) void flow.acquire().then((r) => granted.push(r));
    await flush();
    expect(granted).toHaveLength(3);
    expect(flow.snapshot()).toMatchObject({ inFlight: 3, queued: 4 });
    granted[0]!();
    granted[0]!(); // a second release of the same slot changes nothing
    await flush();
    expect(granted).toHaveLength(4);
    expect(flow.snapshot().inFlight).toBe(3);
  });

  it("spaces starts evenly at `rateLimit` per second", async () => {
    const m = manualClock();
    const flow = createFlowControl({ concurrency: 100, rateLimit: 4, clock: m.clock });
    const startedAt: number[] = [];
    for (let i = 0; i < 6; i++) void flow.acquire().then(() => startedAt.push(m.now()));
    await flush();
    for (let i = 0; i < 10; i++) await m.advance(125);
    expect(startedAt).toEqual([0, 250, 500, 750, 1000, 1250]);
  });

  it("halves rate and concurrency on 429 and recovers with successes", async () => {
    const m = manualClock();
    const flow = createFlowControl({ concurrency: 8, rateLimit: 10, clock: m.clock });
    flow.rateLimited();
    expect(flow.snapshot()).toMatchObject({ rate: 5, concurrency: 4 });
    flow.rateLimited(); // a 429 of the same burst is the same signal
    expect(flow.snapshot()).toMatchObject({ rate: 5, concurrency: 4 });
    await m.advance(1000);
    flow.rateLimited();
    expect(flow.snapshot()).toMatchObject({ rate: 2.5, concurrency: 2 });
    for (let i = 0; i < 8; i++) flow.succeeded();
    expect(flow.snapshot()).toMatchObject({ rate: 10, concurrency: 4 });
    for (let i = 0; i < 100; i++) flow.succeeded();
    expect(flow.snapshot()).toMatchObject({ rate: 10, concurrency: 8 });
  });

  it("never slows below half a request per second", async () => {
    const m = manualClock();
    const flow = createFlowControl({ concurrency: 1, rateLimit: 2, clock: m.clock });
    for (let i = 0; i < 20; i++) {
      flow.rateLimited();
      await m.advance(1000);
    }
    expect(flow.snapshot()).toMatchObject({ rate: 0.5, concurrency: 1 });
  });

  it("an abort while queued leaves the queue and rejects as aborted", async () => {
    const flow = createFlowControl({ concurrency: 1, rateLimit: Infinity });
    const first = await flow.acquire();
    const ac = new AbortController();
    const queued = flow.acquire(ac.signal).catch((e: unknown) => e);
    await flush();
    expect(flow.snapshot().queued).toBe(1);
    ac.abort();
    expect(((await queued) as RemoteError).kind).toBe("aborted");
    expect(flow.snapshot().queued).toBe(0);
    first();
    expect(flow.snapshot().inFlight).toBe(0);
  });

  it("an abort while waiting for a rate slot gives the permit back", async () => {
    const m = manualClock();
    const flow = createFlowControl({ concurrency: 5, rateLimit: 1, clock: m.clock });
    await flow.acquire();
    const ac = new AbortController();
    const waiting = flow.acquire(ac.signal).catch((e: unknown) => e);
    await flush();
    expect(flow.snapshot().inFlight).toBe(2);
    ac.abort();
    expect(((await waiting) as RemoteError).kind).toBe("aborted");
    expect(flow.snapshot().inFlight).toBe(1);
  });

  it.each([[{ concurrency: 0, rateLimit: 1 }], [{ concurrency: 1, rateLimit: 0 }]])(
    "refuses limits %j",
    (opts) => {
      expect(() => createFlowControl(opts)).toThrow(RangeError);
    },
  );
});
