/**
 * One reconcile: read the file, the lockfile and the remote list, plan, check the guards, and
 * (in apply mode) carry the plan out. The CLI and the sidecar are two drivers of this function.
 */
import { executePlan, type ExecuteDeps } from "../apply/execute.js";
import type { ActionOutcome } from "../apply/outcome.js";
import { resolveUnknownCreates } from "../apply/resolve-unknown.js";
import { plan } from "../core/plan.js";
import type { DesiredState, Plan, RemoteSchedule } from "../core/types.js";
import { loadSchedulesFile } from "../config/load.js";
import { BluejaySyncError, ConfigError } from "../errors.js";
import { openLockStore } from "../lockfile/store.js";
import type { LockStore } from "../lockfile/store-api.js";
import { buildReport } from "./build-report.js";
import type { ReconcileDeps, ReconcileOptions } from "./deps.js";
import { checkGuards } from "./guards.js";
import { planDigest } from "./plan-digest.js";
import type { RunReport } from "./report.js";

export async function reconcileOnce(deps: ReconcileDeps, opts: ReconcileOptions): Promise<RunReport> {
  const startedAt = deps.clock.now();
  const loaded = opts.desired
    ? { state: opts.desired, warnings: [] }
    : await loadDesired(opts.file, deps.env);
  const desired = loaded.state;
  const prune = opts.prune ?? desired.prune;
  const store = await openLockStore({
    path: opts.lockfile,
    apiUrl: opts.apiUrl,
    allowTargetChange: opts.allowTargetChange,
    lockTimeoutMs: opts.lockTimeoutMs,
    readOnly: opts.mode === "plan",
  });
  let failure: unknown = undefined;
  try {
    const remote = await listRemote(deps, opts.signal);
    const p = plan({ desired, lock: store.state, remote, prune });
    checkGuards(desired, p.actions, { prune, allowEmpty: opts.allowEmpty, maxDeletes: opts.maxDeletes });
    const finish = (outcomes?: ActionOutcome[], extraWarnings: string[] = []) =>
      buildReport({
        mode: opts.mode,
        desired,
        plan: p,
        ...(outcomes ? { outcomes } : {}),
        extraWarnings: [...loaded.warnings, ...extraWarnings],
        requests: deps.api.stats().requests,
        startedAt,
        finishedAt: deps.clock.now(),
      });
    if (opts.mode === "plan") return finish();
    if (opts.expectPlan !== undefined && planDigest(p.actions) !== opts.expectPlan) {
      throw new BluejaySyncError(
        "plan-changed",
        "the plan changed between the preview and the apply (the file, the lockfile or the remote changed): nothing was sent; run apply again",
      );
    }
    const { outcomes, warnings } = await applyPlan(p, remote, store, deps, opts);
    return finish(outcomes, warnings);
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    // A failing close must not hide the error that ended the run (an auth error stays exit 5).
    await store.close().catch((err: unknown) => {
      if (failure === undefined) throw err;
      deps.logger.error({ err: String(err) }, "could not write or release the lockfile");
    });
  }
}

async function applyPlan(
  p: Plan,
  remote: RemoteSchedule[] | null,
  store: LockStore,
  deps: ReconcileDeps,
  opts: ReconcileOptions,
): Promise<{ outcomes: ActionOutcome[]; warnings: string[] }> {
  const exec: ExecuteDeps = {
    api: deps.api,
    store,
    concurrency: opts.concurrency ?? 8,
    ...(opts.stop ? { stop: opts.stop } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onOutcome(o) {
      opts.onAction?.({ name: o.action.name, action: o.action.kind, result: o.result });
      // The report carries every failure; the log has it for -v and for the sidecar's history.
      if (o.result === "failed")
        deps.logger.debug({ entry: o.action.name, action: o.action.kind }, o.error ?? "failed");
    },
  };
  const run = await executePlan(p.actions, exec);
  if (run.fatal) throw run.fatal;
  if (run.writeError) throw run.writeError;
  const unknown = run.outcomes.filter((o) => o.result === "unknown");
  const settled = run.outcomes.filter((o) => o.result !== "unknown");
  const seen = remote === null ? null : new Set(remote.map((r) => r.id));
  const resolved = await resolveUnknownCreates(unknown, seen, exec);
  if (resolved.fatal) throw resolved.fatal;
  await store.flush();
  return { outcomes: [...settled, ...resolved.outcomes], warnings: resolved.warnings };
}

async function loadDesired(
  file: string,
  env: Record<string, string | undefined>,
): Promise<{ state: DesiredState; warnings: string[] }> {
  const loaded = await loadSchedulesFile(file, env);
  if (!loaded.ok) {
    const n = loaded.diagnostics.filter((d) => d.severity === "error").length;
    throw new ConfigError("config-invalid", `${file} is invalid: ${n} error(s)`, loaded.diagnostics);
  }
  const warnings = loaded.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
  return { state: loaded.state, warnings };
}

async function listRemote(deps: ReconcileDeps, signal?: AbortSignal): Promise<RemoteSchedule[] | null> {
  const listed = await deps.api.listSchedules(signal ? { signal } : {});
  return listed === "not-supported" ? null : listed;
}
