/**
 * The action for an entry that the lockfile binds to a remote id: judged against the remote record
 * when the list is known, else against what the lockfile remembers.
 */
import type { CronKeys } from "./cron-keys.js";
import { specHash } from "./spec-hash.js";
import type { Action, DesiredEntry, LockEntry, RemoteSchedule } from "./types.js";

type Target = NonNullable<Action["target"]>;
type Record3 = { simulation_id: string; cron_expression: string; enabled: boolean };

interface FieldDiff {
  field: "cron_expression" | "enabled";
  have: string;
  want: string;
}

/** The fields (other than the simulation) in which `have` differs from the target. */
function diffFields(have: Record3, target: Target, crons: CronKeys): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (!crons.equivalent(have.cron_expression, target.cron_expression)) {
    diffs.push({ field: "cron_expression", have: have.cron_expression, want: target.cron_expression });
  }
  if (have.enabled !== target.enabled) {
    diffs.push({ field: "enabled", have: String(have.enabled), want: String(target.enabled) });
  }
  return diffs;
}

function label(field: FieldDiff["field"]): string {
  return field === "cron_expression" ? "cron" : field;
}

/** An entry with a binding, and what planning it needs. */
export interface BoundEntry {
  entry: DesiredEntry;
  target: Target;
  binding: LockEntry;
  crons: CronKeys;
}

/**
 * Says, field by field, whether the entry changed it (its spec hash moved and the lockfile's value
 * differs from the target) or the remote drifted (edited elsewhere).
 */
function updateReason(diffs: FieldDiff[], b: BoundEntry, entryChanged: boolean): string {
  const changed: string[] = [];
  const drifted: string[] = [];
  const lockDiffers = new Set(diffFields(b.binding, b.target, b.crons).map((l) => l.field));
  for (const d of diffs) {
    if (entryChanged && lockDiffers.has(d.field)) changed.push(`${label(d.field)} ${d.have} -> ${d.want}`);
    else drifted.push(`${label(d.field)} is ${d.have}, want ${d.want}`);
  }
  const parts: string[] = [];
  if (changed.length > 0) parts.push(`schedule changed: ${changed.join(", ")}`);
  if (drifted.length > 0) parts.push(`remote drifted: ${drifted.join(", ")}`);
  return parts.join("; ");
}

function replaceAction(b: BoundEntry, have: Record3, where: string): Action {
  const { entry, target, binding } = b;
  const changes = ["simulation_id", ...diffFields(have, target, b.crons).map((d) => d.field)];
  const from = `${have.simulation_id} -> ${target.simulation_id}${where}`;
  return {
    kind: "replace",
    name: entry.name,
    reason: `simulation changed: ${from}; create the new schedule, then delete ${binding.id}`,
    id: binding.id,
    entry,
    target,
    changes,
  };
}

/** A bound entry, with the remote list known (`remote` undefined: its schedule is gone). */
export function planBound(b: BoundEntry, remote: RemoteSchedule | undefined): Action {
  const { entry, target, binding } = b;
  const base = { name: entry.name, id: binding.id, entry, target };
  if (!remote) {
    return { kind: "recreate", reason: `remote schedule ${binding.id} is gone (deleted elsewhere)`, ...base };
  }
  if (remote.simulation_id !== target.simulation_id) return replaceAction(b, remote, "");
  const diffs = diffFields(remote, target, b.crons);
  if (diffs.length === 0) return { kind: "noop", reason: "in sync", ...base };
  const entryChanged = specHash(entry) !== binding.spec_hash;
  return {
    kind: "update",
    reason: updateReason(diffs, b, entryChanged),
    changes: diffs.map((d) => d.field),
    ...base,
  };
}

/** A bound entry, with no list endpoint: only the lockfile's memory to judge by. */
export function planBoundFromLock(b: BoundEntry): Action {
  const { entry, target, binding } = b;
  const base = { name: entry.name, id: binding.id, entry, target };
  if (binding.simulation_id !== target.simulation_id) return replaceAction(b, binding, " (per the lockfile)");
  const diffs = diffFields(binding, target, b.crons);
  if (diffs.length > 0) {
    const changed = diffs.map((d) => `${label(d.field)} ${d.have} -> ${d.want}`).join(", ");
    return {
      kind: "update",
      reason: `schedule changed: ${changed}`,
      changes: diffs.map((d) => d.field),
      ...base,
    };
  }
  if (specHash(entry) !== binding.spec_hash) {
    // Same cron and state in another form: the remote cannot be read to confirm, so send it.
    const reason = "schedule changed in form only; cannot read the remote to confirm, sending it";
    return { kind: "update", reason, changes: ["schedule"], ...base };
  }
  return { kind: "noop", reason: "in sync with the lockfile (remote not readable)", ...base };
}
