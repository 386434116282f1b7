/**
 * Adoption: binding an entry that has no binding to a remote schedule nobody is bound to, when the
 * two mean the same (same simulation, equivalent cron). Adoption is one-to-one: a schedule taken
 * by one entry is never offered to another. The index is built once, so planning stays linear.
 */
import type { CronKeys } from "./cron-keys.js";
import type { Action, DesiredEntry, LockEntry, LockState, PendingIntent, RemoteSchedule } from "./types.js";

/** The key two schedules share when they mean the same: simulation and canonical cron. */
function matchKey(crons: CronKeys, simulationId: string, cron: string): string {
  return `${simulationId}\n${crons.key(cron)}`;
}

export type CandidatePick =
  | { kind: "none" }
  | { kind: "one"; remote: RemoteSchedule }
  | { kind: "many"; count: number; preferred: RemoteSchedule };

export interface CandidateIndex {
  /** The key of a (simulation, cron) pair in this index. */
  keyOf(simulationId: string, cron: string): string;
  /** What is left to adopt for this key, without claiming it. */
  peek(key: string): CandidatePick;
  /** Takes the candidate `peek` just offered for `key` out of the offer, for good. */
  claim(key: string): void;
}

function createdAtMs(r: RemoteSchedule): number {
  const ms = r.created_at === undefined ? Number.NaN : Date.parse(r.created_at);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Newest first, then by id: the order in which ambiguous candidates are preferred. */
function inPreferenceOrder(list: RemoteSchedule[]): RemoteSchedule[] {
  if (list.length < 2) return list;
  const ms = new Map(list.map((r) => [r, createdAtMs(r)]));
  return list.sort((a, b) => {
    const ta = ms.get(a) ?? 0;
    const tb = ms.get(b) ?? 0;
    if (ta !== tb) return ta < tb ? 1 : -1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Indexes the remote schedules that no lock entry is bound to (orphans stay their entry's). */
export function indexCandidates(remote: RemoteSchedule[], lock: LockState, crons: CronKeys): CandidateIndex {
  const boundIds = new Set<string>();
  for (const name in lock.schedules) boundIds.add((lock.schedules[name] as LockEntry).id);
  const lists = new Map<string, RemoteSchedule[]>();
  for (const r of remote) {
    if (boundIds.has(r.id)) continue;
    const key = matchKey(crons, r.simulation_id, r.cron_expression);
    const list = lists.get(key);
    if (list) list.push(r);
    else lists.set(key, [r]);
  }
  // Adoption always takes the preferred candidate left, so a bucket is a sorted list and a cursor.
  const taken = new Map<string, number>();
  for (const list of lists.values()) inPreferenceOrder(list);
  return {
    keyOf: (simulationId, cron) => matchKey(crons, simulationId, cron),
    peek(key) {
      const list = lists.get(key) ?? [];
      const head = taken.get(key) ?? 0;
      const first = list[head];
      if (!first) return { kind: "none" };
      const count = list.length - head;
      return count === 1 ? { kind: "one", remote: first } : { kind: "many", count, preferred: first };
    },
    claim(key) {
      taken.set(key, (taken.get(key) ?? 0) + 1);
    },
  };
}

type Target = NonNullable<Action["target"]>;

/**
 * Where to look for an entry's schedule: what it asks for now, and, when a create from an earlier
 * run has an unknown outcome and the entry was edited since, what that create asked for (same
 * simulation only): adopting it and updating it beats leaving a duplicate nobody manages.
 */
function findCandidate(target: Target, pending: PendingIntent | undefined, candidates: CandidateIndex) {
  const key = candidates.keyOf(target.simulation_id, target.cron_expression);
  const pick = candidates.peek(key);
  if (pick.kind !== "none" || !pending || pending.simulation_id !== target.simulation_id)
    return { key, pick };
  const sentKey = candidates.keyOf(pending.simulation_id, pending.cron_expression);
  return { key: sentKey, pick: candidates.peek(sentKey) };
}

/** Binds `remote`; names the fields apply updates right after binding. */
function adoptAction(
  entry: DesiredEntry,
  target: Target,
  remote: RemoteSchedule,
  why: string,
  sameCron: boolean,
): Action {
  const changes: string[] = [];
  const notes: string[] = [];
  if (!sameCron) {
    changes.push("cron_expression");
    notes.push(`cron is ${remote.cron_expression}, want ${target.cron_expression}`);
  }
  if (remote.enabled !== target.enabled) {
    changes.push("enabled");
    notes.push(`enabled is ${remote.enabled}, want ${target.enabled}`);
  }
  const base = { kind: "adopt" as const, name: entry.name, id: remote.id, entry, target };
  if (changes.length === 0) return { ...base, reason: why };
  return { ...base, reason: `${why}; ${notes.join(", ")}: will be updated after binding`, changes };
}

/** The action for an entry with no binding, when the remote list is known. */
export function planUnbound(
  entry: DesiredEntry,
  target: Target,
  lock: LockState,
  candidates: CandidateIndex,
): Action {
  const base = { name: entry.name, entry, target };
  const pending =
    lock.pending && Object.hasOwn(lock.pending, entry.name) ? lock.pending[entry.name] : undefined;
  const { key, pick } = findCandidate(target, pending, candidates);
  if (pick.kind === "none") {
    const reason = !pending
      ? "new entry: no unbound remote schedule matches"
      : pending.simulation_id === target.simulation_id
        ? "new entry: a create from an earlier run did not arrive, creating it"
        : `new entry: an earlier create for simulation ${pending.simulation_id} has an unknown outcome and the ` +
          "simulation changed since; a schedule nobody manages may exist for it";
    return { kind: "create", reason, ...base };
  }
  if (pick.kind === "many" && !pending) {
    const reason = `new entry: ${pick.count} unbound schedules match (same simulation and cron), so none was adopted`;
    return { kind: "create", reason, ...base };
  }
  const remote = pick.kind === "one" ? pick.remote : pick.preferred;
  candidates.claim(key);
  const why = pending
    ? `a create from an earlier run arrived as ${remote.id}`
    : `unbound remote schedule ${remote.id} has the same simulation and cron`;
  const sameCron = key === candidates.keyOf(target.simulation_id, target.cron_expression);
  return adoptAction(entry, target, remote, why, sameCron);
}
