/**
 * Carries out a plan against Bluejay: the only place that changes the remote.
 *
 * Crash safety: every schedule about to be created is written to the lockfile as a pending intent
 * before any request is sent, so that a crash between a create and the lockfile write leaves a
 * trace that the next run resolves by adoption instead of creating a duplicate. Other lockfile
 * writes are throttled while actions complete; the caller awaits the last one.
 */
import type { BluejayApi } from "../bluejay/api.js";
import type { Action, LockEntry, RemoteSchedule } from "../core/types.js";
import { specHash } from "../core/spec-hash.js";
import type { LockStore } from "../lockfile/store-api.js";
import { createsSchedule, isPassive, type ActionOutcome } from "./outcome.js";
import { describeFailure, isNotFound, isUnknownOutcome, stopsRun } from "./remote-errors.js";

export interface ExecuteDeps {
  api: BluejayApi;
  store: LockStore;
  concurrency: number;
  /** No new action starts once this is aborted. */
  stop?: AbortSignal;
  /** Cancels requests in flight. */
  signal?: AbortSignal;
  onOutcome?(o: ActionOutcome): void;
}

export interface ExecuteResult {
  outcomes: ActionOutcome[];
  /** A run-level failure (401/403, aborted) that stopped every other action. */
  fatal?: unknown;
  /** Lockfile write failures seen while running (the final flush is the caller's). */
  writeError?: unknown;
}

export async function executePlan(actions: Action[], deps: ExecuteDeps): Promise<ExecuteResult> {
  await writeIntents(actions, deps.store);
  const outcomes: ActionOutcome[] = [];
  const result: ExecuteResult = { outcomes };
  const queue = actions.filter((a) => !isPassive(a));
  for (const a of actions) if (isPassive(a)) outcomes.push(settlePassive(a, deps.store));

  const halted = () =>
    result.fatal !== undefined || result.writeError !== undefined || deps.stop?.aborted === true;
  const flush = throttledFlush(deps.store, (err) => (result.writeError ??= err));
  const worker = async () => {
    for (let a = queue.shift(); a; a = queue.shift()) {
      if (halted()) {
        outcomes.push({ action: a, result: "skipped", error: "not started: the run was stopped" });
        continue;
      }
      const o = await runAction(a, deps).catch((err: unknown) => {
        if (stopsRun(err)) result.fatal ??= err;
        return failed(a, err);
      });
      outcomes.push(o);
      // Unknown outcomes are reported once resolved.
      if (o.result !== "unknown") deps.onOutcome?.(o);
      flush();
    }
  };
  const workers = Math.max(1, Math.min(deps.concurrency, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}

const FLUSH_INTERVAL_MS = 1000;

/**
 * Writes the lockfile at most about once a second while actions complete: a crash in between loses
 * nothing, because every create was written as a pending intent first and every other action is
 * idempotent when planned again. The caller awaits the last write.
 */
function throttledFlush(store: LockStore, onError: (err: unknown) => void): () => void {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < FLUSH_INTERVAL_MS) return;
    last = now;
    store.flush().catch(onError);
  };
}

/** One durable write of every create about to be sent, before the first request. */
async function writeIntents(actions: Action[], store: LockStore): Promise<void> {
  let any = false;
  for (const a of actions) {
    if (!createsSchedule(a) || !a.entry || !a.target) continue;
    // A recreate's old binding points at a schedule that is gone: drop it now, so a crash
    // leaves only the pending intent, which the next run resolves by adoption.
    if (a.kind === "recreate") store.unbind(a.name);
    // A replace's old schedule is deleted only after the new one is bound; until then it is
    // recorded as retiring, so that neither a crash nor a failed delete can leak it.
    const old = a.kind === "replace" && a.id ? store.state.schedules[a.name] : undefined;
    if (old && a.id) store.addRetiring(a.id, { name: a.name, simulation_id: old.simulation_id });
    if (!a.adoptId) store.addPending(a.name, { ...a.target, spec_hash: specHash(a.entry) });
    any = true;
  }
  if (any) await store.flush();
}

function settlePassive(a: Action, store: LockStore): ActionOutcome {
  const bound = store.state.schedules[a.name];
  if (a.kind === "noop" && bound && a.entry && a.target) {
    // The entry may have changed in form only (daily 02:00 vs "0 2 * * *"): keep the lock current.
    store.bind(a.name, { ...bound, ...a.target, id: bound.id, spec_hash: specHash(a.entry) });
  }
  return { action: a, result: "ok", ...(bound ? { id: bound.id } : {}) };
}

async function runAction(a: Action, deps: ExecuteDeps): Promise<ActionOutcome> {
  switch (a.kind) {
    case "replace":
      return a.adoptId ? adoptForReplace(a, a.adoptId, deps) : createFor(a, deps);
    case "create":
    case "recreate":
      return createFor(a, deps);
    case "adopt":
      return adopt(a, deps);
    case "update":
      return update(a, deps);
    case "delete":
      return remove(a, deps);
    default:
      return settlePassive(a, deps.store);
  }
}

/** Sends the create of `a`; for a replace, deletes the old schedule once the new one is bound. */
export async function createFor(a: Action, deps: ExecuteDeps): Promise<ActionOutcome> {
  const { entry, target } = requireEntry(a);
  let created: RemoteSchedule;
  try {
    created = await deps.api.createSchedule(
      { simulation_id: entry.simulation_id, schedule: entry.schedule, enabled: entry.enabled },
      { signal: deps.signal },
    );
  } catch (err) {
    if (isUnknownOutcome(err)) return { action: a, result: "unknown", ...describe(err) };
    if (!stopsRun(err) && isDefinitive(err)) deps.store.removePending(a.name);
    throw err;
  }
  return bindCreated(a, created, target, deps);
}

/** Binds a schedule that a create made (or that arrived after an unknown outcome). */
export async function bindCreated(
  a: Action,
  created: RemoteSchedule,
  target: NonNullable<Action["target"]>,
  deps: ExecuteDeps,
): Promise<ActionOutcome> {
  const { entry } = requireEntry(a);
  deps.store.bind(a.name, toLockEntry(created, entry, target));
  if (a.kind !== "replace" || !a.id) return { action: a, result: "ok", id: created.id };
  return retireOld(a, a.id, created.id, deps);
}

/** The second half of a replace: the new schedule is bound, durably; now delete the old one. */
async function retireOld(a: Action, oldId: string, newId: string, deps: ExecuteDeps): Promise<ActionOutcome> {
  try {
    await deps.store.flush();
    await deleteTolerant(oldId, deps);
    deps.store.removeRetiring(oldId);
    return { action: a, result: "ok", id: newId };
  } catch (err) {
    if (stopsRun(err)) throw err;
    const d = describe(err);
    return {
      action: a,
      result: "failed",
      id: newId,
      error: `bound ${newId}, but the old schedule ${oldId} is not deleted yet (${d.error}); the next run deletes it`,
      errorCode: d.errorCode,
    };
  }
}

/** A replace whose new schedule an interrupted earlier run created: bind it, bring it up to date, retire the old. */
async function adoptForReplace(a: Action, newId: string, deps: ExecuteDeps): Promise<ActionOutcome> {
  await bindExisting(a, newId, deps);
  return a.id ? retireOld(a, a.id, newId, deps) : { action: a, result: "ok", id: newId };
}

async function adopt(a: Action, deps: ExecuteDeps): Promise<ActionOutcome> {
  const id = requireId(a);
  await bindExisting(a, id, deps);
  return { action: a, result: "ok", id };
}

/** Binds a schedule that exists already, then updates the fields the plan names (`changes`). */
async function bindExisting(a: Action, id: string, deps: ExecuteDeps): Promise<void> {
  const { entry, target } = requireEntry(a);
  deps.store.bind(a.name, { id, ...target, spec_hash: specHash(entry) });
  const fields = (a.changes ?? []).filter((c) => c !== "simulation_id");
  if (fields.length === 0) return;
  // Usually only `enabled` differs; after a lost create whose entry was edited since, the cron may too.
  const newCron = fields.includes("cron_expression");
  // After this update the schedule has a cron that neither the pending intent nor the next list
  // ties to this entry: the binding must be on disk first, or a crash would leave it to no one.
  if (newCron) await deps.store.flush();
  const schedule = newCron ? { schedule: entry.schedule } : {};
  const res = await deps.api.updateSchedule(
    id,
    { ...schedule, enabled: entry.enabled },
    { signal: deps.signal },
  );
  deps.store.bind(a.name, toLockEntry(res, entry, target));
}

async function update(a: Action, deps: ExecuteDeps): Promise<ActionOutcome> {
  const { entry, target } = requireEntry(a);
  const id = requireId(a);
  try {
    const res = await deps.api.updateSchedule(
      id,
      { schedule: entry.schedule, enabled: entry.enabled },
      { signal: deps.signal },
    );
    deps.store.bind(a.name, toLockEntry(res, entry, target));
    return { action: a, result: "ok", id };
  } catch (err) {
    if (!isNotFound(err)) throw err;
    deps.store.unbind(a.name);
    return {
      action: a,
      result: "failed",
      id,
      error: `remote schedule ${id} is gone (deleted elsewhere); the next run creates it again`,
      errorCode: "remote-not-found",
    };
  }
}

async function remove(a: Action, deps: ExecuteDeps): Promise<ActionOutcome> {
  const id = requireId(a);
  await deleteTolerant(id, deps);
  if (a.retire) deps.store.removeRetiring(id);
  else deps.store.unbind(a.name);
  return { action: a, result: "ok", id };
}

/** A schedule that is already gone is as good as deleted. */
async function deleteTolerant(id: string, deps: ExecuteDeps): Promise<void> {
  try {
    await deps.api.deleteSchedule(id, { signal: deps.signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * The lockfile records what was asked for, in the tool's own cron form, so that the same state
 * gives the same bytes however it was reached (created, adopted, recovered).
 */
function toLockEntry(
  r: RemoteSchedule,
  entry: NonNullable<Action["entry"]>,
  target: NonNullable<Action["target"]>,
): LockEntry {
  return {
    id: r.id,
    simulation_id: r.simulation_id || target.simulation_id,
    cron_expression: target.cron_expression,
    enabled: r.enabled,
    spec_hash: specHash(entry),
  };
}

/** 400/404/422: the server looked at the request and refused it; nothing was created. */
function isDefinitive(err: unknown): boolean {
  const code = describeFailure(err).code;
  return code === "remote-validation" || code === "remote-bad-request" || code === "remote-not-found";
}

function failed(a: Action, err: unknown): ActionOutcome {
  return { action: a, result: "failed", ...(a.id ? { id: a.id } : {}), ...describe(err) };
}

function describe(err: unknown): { error: string; errorCode: string } {
  const d = describeFailure(err);
  return { error: d.message, errorCode: d.code };
}

function requireEntry(a: Action) {
  if (!a.entry || !a.target) throw new Error(`internal: action ${a.kind} ${a.name} has no entry`);
  return { entry: a.entry, target: a.target };
}

function requireId(a: Action): string {
  if (!a.id) throw new Error(`internal: action ${a.kind} ${a.name} has no id`);
  return a.id;
}
