/**
 * The action for an entry that the lockfile binds to a remote id: judged against the remote record
 * when the list is known, else against what the lockfile remembers.
 */
import { cronEquivalent } from "./cron.js";
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
function diffFields(have: Record3, target: Target): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (!cronEquivalent(have.cron_expression, target.cron_expression)) {
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

/**
 * Says, field by field, whether the entry changed it (its spec hash moved and the lockfile's value
 * differs from the target) or the remote drifted (edited elsewhere).
 */
function updateReason(diffs: FieldDiff[], binding: LockEntry, target: Target, entryChanged: boolean): string {
  const changed: string[] = [];
  const drifted: string[] = [];
  const lockDiffers = new Set(diffFields(binding, target).map((l) => l.field));
  for (const d of diffs) {
    if (entryChanged && lockDiffers.has(d.field)) changed.push(`${label(d.field)} ${d.have} -> ${d.want}`);
    else drifted.push(`${label(d.field)} is ${d.have}, want ${d.want}`);
  }
  const parts: string[] = [];
  if (changed.length > 0) parts.push(`schedule changed: ${changed.join(", ")}`);
  if (drifted.length > 0) parts.push(`remote drifted: ${drifted.join(", ")}`);
  return parts.join("; ");
}

function replaceAction(
  entry: DesiredEntry,
  target: Target,
  id: string,
  have: Record3,
  where: string,
): Action {
  const changes = ["simulation_id", ...diffFields(have, target).map((d) => d.field)];
  return {
    kind: "replace",
    name: entry.name,
    reason: `simulation changed: ${have.simulation_id} -> ${target.simulation_id}${where}; create the new schedule, then delete ${id}`,
    id,
    entry,
    target,
    changes,
  };
}

/** A bound entry, with the remote list known. */
export function planBound(
  entry: DesiredEntry,
  target: Target,
  binding: LockEntry,
  remote: RemoteSchedule | undefined,
): Action {
  const base = { name: entry.name, id: binding.id, entry, target };
  if (!remote) {
    return { kind: "recreate", reason: `remote schedule ${binding.id} is gone (deleted elsewhere)`, ...base };
  }
  if (remote.simulation_id !== target.simulation_id) {
    return replaceAction(entry, target, binding.id, remote, "");
  }
  const diffs = diffFields(remote, target);
  if (diffs.length === 0) return { kind: "noop", reason: "in sync", ...base };
  const entryChanged = specHash(entry) !== binding.spec_hash;
  const reason = updateReason(diffs, binding, target, entryChanged);
  return { kind: "update", reason, changes: diffs.map((d) => d.field), ...base };
}

/** A bound entry, with no list endpoint: only the lockfile's memory to judge by. */
export function planBoundFromLock(entry: DesiredEntry, target: Target, binding: LockEntry): Action {
  const base = { name: entry.name, id: binding.id, entry, target };
  if (binding.simulation_id !== target.simulation_id) {
    return replaceAction(entry, target, binding.id, binding, " (per the lockfile)");
  }
  const diffs = diffFields(binding, target);
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
