/**
 * Safety guards, checked on the plan before anything is sent.
 */
import type { Action, DesiredState } from "../core/types.js";
import { GuardError } from "../errors.js";

export interface GuardOptions {
  prune: boolean;
  allowEmpty: boolean;
  maxDeletes: number;
}

/** Throws a GuardError (exit 4) when the run must not go ahead. */
export function checkGuards(desired: DesiredState, actions: Action[], opts: GuardOptions): void {
  if (opts.prune && desired.empty) {
    // A file truncated in place (`> file`, a half-written save) looks like this: never a delete.
    throw new GuardError(
      "guard-empty-file",
      `${desired.file} is empty (no YAML document) and pruning is on: an empty file never deletes anything. ` +
        "To remove every managed schedule, write `version: 1` and `schedules: {}` and pass --allow-empty.",
    );
  }
  if (opts.prune && desired.entries.length === 0 && !opts.allowEmpty) {
    throw new GuardError(
      "guard-empty-file",
      `${desired.file} declares no schedules and pruning is on: that would delete every managed schedule. ` +
        "If that is what you want, pass --allow-empty; otherwise check the file.",
    );
  }
  // The delete half of a replace does not count: the entry lives on in a new schedule.
  const deletes = actions.filter((a) => a.kind === "delete" && !a.retire).length;
  if (deletes > opts.maxDeletes) {
    throw new GuardError(
      "guard-max-deletes",
      `the plan deletes ${deletes} ${deletes === 1 ? "schedule" : "schedules"}, more than --max-deletes ${opts.maxDeletes}. ` +
        "Review the plan (bluejay-sync plan), then raise --max-deletes if it is right.",
    );
  }
}
