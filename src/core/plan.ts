/**
 * The planner: a pure function from the file, the lockfile and the remote list to the actions that
 * make the remote equal to the file. Apply carries the actions out; nothing here sends anything.
 *
 * Identity is the entry's name, bound to a remote id by the lockfile. Remote schedules no entry is
 * bound to belong to someone else: they are only ever adopted, never updated or deleted.
 */
import { indexCandidates, planUnbound, type CandidateIndex } from "./adoption.js";
import { planInterrupted, planRetiring } from "./plan-interrupted.js";
import { variantToCron } from "./cron-mapping.js";
import { createCronKeys, type CronKeys } from "./cron-keys.js";
import { planBound, planBoundFromLock } from "./plan-entry.js";
import type { Action, DesiredEntry, DesiredState, LockState, Plan, RemoteSchedule } from "./types.js";

export interface PlanInput {
  desired: DesiredState;
  lock: LockState;
  /** Every remote schedule, or null when the server has no list endpoint. */
  remote: RemoteSchedule[] | null;
  prune: boolean;
}

export const NO_LIST_WARNING =
  "the server has no list endpoint: planned from the lockfile alone (drift and deletions made elsewhere are not seen)";

/** What the entry asks the remote to hold. */
export function targetOf(entry: DesiredEntry): NonNullable<Action["target"]> {
  return {
    simulation_id: entry.simulation_id,
    cron_expression: variantToCron(entry.schedule),
    enabled: entry.enabled,
  };
}

interface RemoteView {
  byId: Map<string, RemoteSchedule>;
  candidates: CandidateIndex;
}

function planEntry(entry: DesiredEntry, lock: LockState, view: RemoteView | null, crons: CronKeys): Action {
  const target = targetOf(entry);
  const binding = Object.hasOwn(lock.schedules, entry.name) ? lock.schedules[entry.name] : undefined;
  if (binding) {
    const bound = { entry, target, binding, crons };
    if (!view) return planBoundFromLock(bound);
    const remote = view.byId.get(binding.id);
    return planInterrupted(bound, remote, lock, view.candidates) ?? planBound(bound, remote);
  }
  if (view) return planUnbound(entry, target, lock, view.candidates);
  const pending = lock.pending !== undefined && Object.hasOwn(lock.pending, entry.name);
  const reason = pending
    ? "new entry: a create from an earlier run may have happened and the remote cannot be listed, so a duplicate may exist"
    : "new entry (remote not listable, adoption not possible)";
  return { kind: "create", reason, name: entry.name, entry, target };
}

/** Lock entries whose name left the file: deleted when pruning, else reported as orphans. */
function planRemoved(
  lock: LockState,
  inFile: Set<string>,
  view: RemoteView | null,
  prune: boolean,
): Action[] {
  const removed = Object.entries(lock.schedules)
    .filter(([name]) => !inFile.has(name))
    .sort(([a], [b]) => byCodeUnit(a, b));
  return removed.map(([name, { id }]): Action => {
    if (!prune) {
      return {
        kind: "orphan",
        name,
        id,
        reason: "entry removed from the file; pruning is off, so nothing is sent",
      };
    }
    const gone = view !== null && !view.byId.has(id) ? " (already gone from the remote)" : "";
    return { kind: "delete", name, id, reason: `entry removed from the file and pruning is on${gone}` };
  });
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pending creates that no entry and no binding accounts for any more. */
function strayPending(lock: LockState, inFile: Set<string>): string[] {
  const names = Object.keys(lock.pending ?? {})
    .filter((name) => !inFile.has(name) && !Object.hasOwn(lock.schedules, name))
    .sort(byCodeUnit);
  return names.map(
    (name) =>
      `${name}: a create from an earlier run has an unknown outcome, but the entry is no longer in the file; ` +
      "a schedule nobody manages may exist remotely",
  );
}

/** Plans the actions that make the remote equal to the file. Deterministic and linear in its input. */
export function plan(input: PlanInput): Plan {
  const { desired, lock, remote, prune } = input;
  const crons = createCronKeys();
  const view: RemoteView | null =
    remote === null
      ? null
      : { byId: new Map(remote.map((r) => [r.id, r])), candidates: indexCandidates(remote, lock, crons) };
  const inFile = new Set(desired.entries.map((e) => e.name));
  const actions = desired.entries
    .map((entry) => planEntry(entry, lock, view, crons))
    .concat(planRemoved(lock, inFile, view, prune))
    .concat(planRetiring(lock, view?.byId ?? null));
  const warnings = remote === null ? [NO_LIST_WARNING] : [];
  warnings.push(...strayPending(lock, inFile));
  return { actions, warnings };
}
