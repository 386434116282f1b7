import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  createTriggerLoop,
  type RunOutcome,
  type Timers,
  type TriggerReason,
} from "../../src/daemon/trigger-loop.js";

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let id = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(++id, { fn, ms });
      return id;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    fireAll: () => {
      const all = [...pending.values()];
      pending.clear();
      for (const p of all) p.fn();
    },
  };
}

/** A run function whose runs finish only when the test releases them. */
function controlledRuns() {
  const reasons: TriggerReason[] = [];
  const releases: ((o: RunOutcome | Error) => void)[] = [];
  const run = (reason: TriggerReason) => {
    reasons.push(reason);
    return new Promise<RunOutcome>((resolve, reject) =>
      releases.push((o) => (o instanceof Error ? reject(o) : resolve(o))),
    );
  };
  const flush = () => new Promise((r) => setImmediate(r));
  const release = async (o: RunOutcome | Error) => {
    releases.shift()?.(o);
    await flush();
  };
  return { reasons, run, release, flush, inFlight: () => releases.length };
}

describe("backoffDelay", () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [6, 160_000],
    [7, 300_000],
    [50, 300_000],
  ])("after %i failures waits %i ms", (failures, ms) => {
    expect(backoffDelay(failures)).toBe(ms);
  });
});

describe("trigger loop", () => {
  it("runs one reconcile at a time and coalesces every trigger during a run into one more", async () => {
    const r = controlledRuns();
    const loop = createTriggerLoop({ run: r.run, timers: manualTimers().timers });
    loop.trigger("start");
    await r.flush();
    for (const reason of ["resync", "file", "resync", "file"] as const) loop.trigger(reason);
    expect(r.inFlight()).toBe(1);
    await r.release("ok");
    expect(r.reasons).toEqual(["start", "file"]);
    expect(r.inFlight()).toBe(1);
    await r.release("ok");
    expect(r.reasons).toHaveLength(2);
    expect(loop.state).toBe("idle");
  });

  it("backs off exponentially after failures, never stops on its own, and resets on success", async () => {
    const r = controlledRuns();
    const t = manualTimers();
    const seen: number[] = [];
    const loop = createTriggerLoop({ run: r.run, timers: t.timers, onBackoff: (e) => seen.push(e.delayMs) });
    loop.trigger("start");
    await r.flush();
    await r.release("failed");
    expect(loop.state).toBe("backoff");
    t.fireAll();
    await r.flush();
    await r.release(new Error("network gave out"));
    t.fireAll();
    await r.flush();
    await r.release("failed");
    expect(seen).toEqual([5_000, 10_000, 20_000]);
    expect(loop.failures).toBe(3);
    t.fireAll();
    await r.flush();
    await r.release("ok");
    expect(loop.failures).toBe(0);
    expect(r.reasons).toEqual(["start", "retry", "retry", "retry"]);
    expect(t.delays()).toEqual([]);
  });

  it("folds a resync into a pending retry, but runs a changed file at once", async () => {
    const r = controlledRuns();
    const t = manualTimers();
    const loop = createTriggerLoop({ run: r.run, timers: t.timers });
    loop.trigger("start");
    await r.flush();
    await r.release("failed");
    loop.trigger("resync");
    await r.flush();
    expect(r.inFlight()).toBe(0);
    loop.trigger("file");
    await r.flush();
    expect(r.reasons).toEqual(["start", "file"]);
    expect(t.delays()).toEqual([]);
  });

  it("stop() lets the run under way finish, then starts nothing", async () => {
    const r = controlledRuns();
    const loop = createTriggerLoop({ run: r.run, timers: manualTimers().timers });
    loop.trigger("start");
    await r.flush();
    loop.trigger("file");
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await r.flush();
    expect(stopped).toBe(false);
    await r.release("ok");
    await stopping;
    loop.trigger("resync");
    await r.flush();
    expect(r.reasons).toEqual(["start"]);
    expect(loop.state).toBe("stopped");
  });

  it("idle() resolves when the queue has drained", async () => {
    const r = controlledRuns();
    const loop = createTriggerLoop({ run: r.run, timers: manualTimers().timers });
    loop.trigger("start");
    await r.flush();
    loop.trigger("resync");
    let idle = false;
    const waiting = loop.idle().then(() => (idle = true));
    await r.release("ok");
    expect(idle).toBe(false);
    await r.release("ok");
    await waiting;
    expect(idle).toBe(true);
  });
});
