/**
 * One reconcile as the sidecar runs it: always in apply mode with the state it chose, under the
 * daemon's stop and cancel signals, with the outcome recorded in /status, the metrics and the log.
 */
import { readLockFile } from "../lockfile/store.js";
import { performance } from "node:perf_hooks";
import type { DesiredState } from "../core/types.js";
import { GuardError, LockfileError } from "../errors.js";
import type { ReconcileDeps, ReconcileOptions } from "../reconcile/deps.js";
import type { RunReport } from "../reconcile/report.js";
import type { DaemonMetrics } from "./metrics.js";
import type { StatusStore } from "./status.js";
import type { RunOutcome, TriggerReason } from "./trigger-loop.js";

export type ReconcileFn = (deps: ReconcileDeps, opts: ReconcileOptions) => Promise<RunReport>;

export interface ReconcileRunnerDeps {
  reconcile: ReconcileFn;
  reconcileDeps: ReconcileDeps;
  metrics: DaemonMetrics;
  status: StatusStore;
  options: Omit<ReconcileOptions, "mode" | "desired" | "stop" | "signal" | "onAction">;
  /** Aborted on shutdown: no new action starts. */
  stop: AbortSignal;
  /** Aborted when the shutdown grace is over: requests in flight are cancelled. */
  cancel: AbortSignal;
}

async function countManaged(lockfile: string): Promise<number | null> {
  try {
    const lock = await readLockFile(lockfile);
    return lock ? Object.keys(lock.schedules).length : 0;
  } catch {
    return null;
  }
}

/**
 * The client lives as long as the sidecar, so its counters grow across runs; each run's summary
 * counts the requests of that run only.
 */
function perRunStats(d: ReconcileDeps): ReconcileDeps {
  const base = d.api.stats();
  const stats = () => {
    const now = d.api.stats();
    return { requests: now.requests - base.requests, retries: now.retries - base.retries };
  };
  return { ...d, api: { ...d.api, stats } };
}

function logReport(d: ReconcileRunnerDeps, report: RunReport, reason: TriggerReason, ms: number): void {
  const { summary } = report;
  const meta = { reason, ok: report.ok, duration_ms: Math.round(ms), summary };
  const changed =
    summary.create + summary.adopt + summary.update + summary.replace + summary.recreate + summary.delete;
  const logger = d.reconcileDeps.logger;
  if (!report.ok) logger.warn({ ...meta, failed: summary.failed }, "reconciled with failures");
  else logger.info(meta, changed > 0 ? "reconciled: changes applied" : "reconciled: in sync");
}

function recordFailure(d: ReconcileRunnerDeps, err: unknown, reason: TriggerReason, ms: number): void {
  d.status.runFailed(err);
  d.metrics.observeReconcile("error", ms);
  const e = err as { code?: string; message?: string };
  d.reconcileDeps.logger.error(
    { reason, code: e.code ?? "internal", err: e.message ?? String(err) },
    "reconcile failed",
  );
}

function blocksUntilChanged(err: unknown): boolean {
  return err instanceof GuardError || (err instanceof LockfileError && err.code === "target-changed");
}

/** Returns the function that reconciles `desired` once and says whether it went through. */
export function createReconcileRunner(d: ReconcileRunnerDeps) {
  return async (desired: DesiredState, reason: TriggerReason): Promise<RunOutcome> => {
    const t0 = performance.now();
    try {
      const report = await d.reconcile(perRunStats(d.reconcileDeps), {
        ...d.options,
        mode: "apply",
        desired,
        stop: d.stop,
        signal: d.cancel,
        onAction: (e) => d.metrics.onAction(e),
      });
      const ms = performance.now() - t0;
      d.status.runFinished(report);
      d.metrics.observeReconcile(report.ok ? "ok" : "failed", ms);
      if (report.ok) d.metrics.setLastSuccess(d.reconcileDeps.clock.now());
      logReport(d, report, reason, ms);
      return report.ok ? "ok" : "failed";
    } catch (err) {
      recordFailure(d, err, reason, performance.now() - t0);
      // A safety guard or a lockfile made for another target stays so until the file or the flags
      // change: retrying with backoff would only repeat the refusal. The next file change runs again.
      return blocksUntilChanged(err) ? "ok" : "failed";
    } finally {
      const managed = await countManaged(d.options.lockfile);
      if (managed !== null) d.metrics.setManagedSchedules(managed);
    }
  };
}
