/**
 * What a crash in the middle of a `replace` or `recreate` leaves, and how the next plan finishes it.
 *
 * A replace records the old schedule as retiring and the new one as a pending intent before it sends
 * anything. If the new schedule arrived but was never bound, it is bound now instead of created
 * again; once the old schedule is no longer bound to anything, it is deleted.
 */
import type { CandidateIndex } from "./adoption.js";
import type { BoundEntry } from "./plan-entry.js";
import type { Action, LockState, RemoteSchedule } from "./types.js";

/**
 * A bound entry with a pending create: if what that create asked for arrived (an unbound schedule
 * with its simulation and cron), bind it rather than create a twin. Null when there is nothing to finish.
 */
export function planInterrupted(
  b: BoundEntry,
  remote: RemoteSchedule | undefined,
  lock: LockState,
  candidates: CandidateIndex,
): Action | null {
  const { entry, target, binding } = b;
  const pending =
    lock.pending && Object.hasOwn(lock.pending, entry.name) ? lock.pending[entry.name] : undefined;
  if (!pending || pending.simulation_id !== target.simulation_id) return null;
  if (remote && remote.simulation_id === target.simulation_id) return null;
  const key = candidates.keyOf(pending.simulation_id, pending.cron_expression);
  const pick = candidates.peek(key);
  if (pick.kind === "none") return null;
  const arrived = pick.kind === "one" ? pick.remote : pick.preferred;
  candidates.claim(key);
  const changes = [
    ...(b.crons.equivalent(arrived.cron_expression, target.cron_expression) ? [] : ["cron_expression"]),
    ...(arrived.enabled === target.enabled ? [] : ["enabled"]),
  ];
  const base = { name: entry.name, entry, target, ...(changes.length ? { changes } : {}) };
  if (!remote) {
    const reason = `a create from an interrupted earlier run arrived as ${arrived.id}; binding it`;
    return { kind: "adopt", id: arrived.id, reason, ...base };
  }
  const reason =
    `an interrupted replace created ${arrived.id}: binding it, then deleting ${binding.id}` +
    (changes.length ? ` (and updating ${changes.join(", ")})` : "");
  return {
    kind: "replace",
    id: binding.id,
    adoptId: arrived.id,
    reason,
    ...base,
    changes: ["simulation_id", ...changes],
  };
}

/** Deletes of the old schedules of replaces, once no entry is bound to them any more. */
export function planRetiring(lock: LockState, remoteById: Map<string, RemoteSchedule> | null): Action[] {
  const retiring = lock.retiring ?? {};
  const bound = new Set<string>();
  for (const name in lock.schedules) bound.add((lock.schedules[name] as { id: string }).id);
  return Object.keys(retiring)
    .filter((id) => !bound.has(id))
    .sort()
    .map((id): Action => {
      const r = retiring[id] as { name: string; simulation_id: string };
      const gone = remoteById !== null && !remoteById.has(id) ? " (already gone from the remote)" : "";
      const reason = `old schedule of ${r.name} (simulation ${r.simulation_id}), left by a replace: deleting it${gone}`;
      return { kind: "delete", name: r.name, id, retire: true, reason };
    });
}
