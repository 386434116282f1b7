/**
 * One reconcile at a time. Triggers that arrive during a run coalesce into exactly one more run;
 * a failed run is retried with exponential backoff (capped), and the loop never gives up on its
 * own: only `stop()` ends it.
 */

export type TriggerReason = "start" | "file" | "resync" | "retry";
export type RunOutcome = "ok" | "failed";
export type LoopState = "idle" | "running" | "backoff" | "stopped";

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 5_000, maxMs: 300_000 };

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface TriggerLoopOptions {
  /** Runs one reconcile. A throw counts as "failed". */
  run(reason: TriggerReason): Promise<RunOutcome>;
  backoff?: BackoffPolicy;
  timers?: Timers;
  /** Told when a retry is scheduled after a failure. */
  onBackoff?(e: { delayMs: number; failures: number }): void;
}

export interface TriggerLoop {
  trigger(reason: TriggerReason): void;
  /** No run starts after this; resolves when the run under way (if any) has finished. */
  stop(): Promise<void>;
  /** Resolves once no run is under way or queued (a scheduled retry does not count). */
  idle(): Promise<void>;
  readonly state: LoopState;
  /** Failed runs in a row. */
  readonly failures: number;
}

/** Delay before the retry that follows the `failures`-th failure in a row (1-based). */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(failures - 1, 30);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, exp));
}

// When triggers coalesce, the run keeps the reason that matters most: a changed file first.
const RANK: Record<TriggerReason, number> = { file: 3, start: 2, retry: 1, resync: 0 };

function merge(a: TriggerReason | null, b: TriggerReason): TriggerReason {
  return a === null || RANK[b] > RANK[a] ? b : a;
}

export function createTriggerLoop(opts: TriggerLoopOptions): TriggerLoop {
  const timers = opts.timers ?? realTimers;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  let running: Promise<void> | null = null;
  let queued: TriggerReason | null = null;
  let retryTimer: unknown = null;
  let failures = 0;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const cancelRetry = (): void => {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
  };

  const settleWaiters = (): void => {
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };

  const scheduleRetry = (): void => {
    const delayMs = backoffDelay(failures, policy);
    opts.onBackoff?.({ delayMs, failures });
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      if (!stopped && !running) start("retry");
    }, delayMs);
  };

  const afterRun = (outcome: RunOutcome): void => {
    running = null;
    if (stopped) return settleWaiters();
    failures = outcome === "ok" ? 0 : failures + 1;
    const next = queued;
    queued = null;
    // After a failure only a changed file skips the wait; other triggers fold into the retry.
    if (next !== null && (outcome === "ok" || next === "file")) return start(next);
    if (outcome === "failed") scheduleRetry();
    settleWaiters();
  };

  const start = (reason: TriggerReason): void => {
    cancelRetry();
    running = Promise.resolve()
      .then(() => opts.run(reason))
      .then(
        (outcome) => afterRun(outcome),
        () => afterRun("failed"),
      );
  };

  return {
    trigger(reason) {
      if (stopped) return;
      if (running) {
        queued = merge(queued, reason);
        return;
      }
      if (retryTimer !== null && reason !== "file") return;
      start(reason);
    },
    async stop() {
      stopped = true;
      cancelRetry();
      queued = null;
      if (running) await running;
      settleWaiters();
    },
    idle() {
      if (!running && queued === null) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get state(): LoopState {
      if (stopped) return "stopped";
      if (running) return "running";
      return retryTimer !== null ? "backoff" : "idle";
    },
    get failures() {
      return failures;
    },
  };
}
