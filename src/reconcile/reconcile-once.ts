/**
 * One reconcile: read the file, the lockfile and the remote list, plan, check the guards, and
 * (in apply mode) carry the plan out. The CLI and the sidecar are two drivers of this function.
 */
import { executePlan } from "../apply/execute.js";
import type { ActionOutcome } from "../apply/outcome.js";
import { resolveUnknownCreates } from "../apply/resolve-unknown.js";
import { plan } from "../core/plan.js";
import type { DesiredState, RemoteSchedule } from "../core/types.js";
import { loadSchedulesFile } from "../config/load.js";
import { ConfigError } from "../errors.js";
import { openLockStore } from "../lockfile/store.js";
import { buildReport } from "./build-report.js";
import type { ReconcileDeps, ReconcileOptions } from "./deps.js";
import { checkGuards } from "./guards.js";
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
    const exec = {
      api: deps.api,
      store,
      concurrency: opts.concurrency ?? 8,
      stop: opts.stop,
      signal: opts.signal,
      onOutcome: report,
    };
    const run = await executePlan(p.actions, exec);
    if (run.fatal) throw run.fatal;
    const unknown = run.outcomes.filter((o) => o.result === "unknown");
    const settled = run.outcomes.filter((o) => o.result !== "unknown");
    const resolved = await resolveUnknownCreates(unknown, exec);
    if (resolved.fatal) throw resolved.fatal;
    await store.flush();
    return finish([...settled, ...resolved.outcomes], resolved.warnings);
  } finally {
    await store.close();
  }

  function report(o: ActionOutcome): void {
    opts.onAction?.({ name: o.action.name, action: o.action.kind, result: o.result });
    if (o.result === "failed")
      deps.logger.warn({ entry: o.action.name, action: o.action.kind }, o.error ?? "failed");
  }
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
  const listed = await deps.api.listSchedules({ signal });
  return listed === "not-supported" ? null : listed;
}
