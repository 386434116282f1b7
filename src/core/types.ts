/**
 * The values the whole program passes around. Pure data: no classes, no I/O.
 * Field names of Bluejay's own shapes are kept exactly as the API spells them.
 */

export type DayOfWeek = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** One of Bluejay's six schedule variants (`frequency` is the discriminator). */
export type ScheduleVariant =
  | { frequency: "every_n_minutes"; interval: number }
  | { frequency: "every_n_hours"; interval: number }
  | { frequency: "daily"; time: string }
  | { frequency: "weekly"; day_of_week: DayOfWeek; time: string }
  | { frequency: "monthly"; day_of_month: number; time: string }
  | { frequency: "cron"; expression: string };

/** A 1-based position in a source file. */
export interface Position {
  line: number;
  column: number;
}

/** One entry of the schedules file, validated and normalised. */
export interface DesiredEntry {
  /** The entry's name: its identity, forever. */
  name: string;
  simulation_id: string;
  /** Always the object form: the cron-string shorthand is expanded to `{frequency: "cron"}`. */
  schedule: ScheduleVariant;
  /** `enabled` of the entry, else of `defaults`, else true. */
  enabled: boolean;
  description?: string;
  /** Where the entry's key stands in the file, for mapping server errors back to it. */
  position: Position;
}

/** The whole schedules file, validated. Entries are in file order. */
export interface DesiredState {
  file: string;
  prune: boolean;
  entries: DesiredEntry[];
  /** The file holds no YAML document at all (empty, or only comments): it never leads to a delete. */
  empty?: true;
}

export type Severity = "error" | "warning";

/** A problem found in an input file, with where it is and what to do. */
export interface Diagnostic {
  /** Stable code, e.g. `unknown-key`, `schema`, `duplicate-key`, `unset-variable`. */
  code: string;
  severity: Severity;
  message: string;
  /** What to do about it. */
  hint?: string;
  file: string;
  line: number;
  column: number;
  /** JSON-pointer-like path of the offending node, e.g. `/schedules/smoke/schedule/time`. */
  path: string;
}

/** A schedule as the Bluejay API reports it. `enabled: null` from the server is stored as true. */
export interface RemoteSchedule {
  id: string;
  simulation_id: string;
  cron_expression: string;
  enabled: boolean;
  created_at?: string;
}

/** What the lockfile remembers of one managed entry. */
export interface LockEntry {
  id: string;
  simulation_id: string;
  cron_expression: string;
  enabled: boolean;
  /** Hash of the entry's spec as last applied: tells a changed entry from remote drift. */
  spec_hash: string;
}

/** An entry about to be created, written before the request is sent. */
export interface PendingIntent {
  simulation_id: string;
  cron_expression: string;
  enabled: boolean;
  spec_hash: string;
}

/**
 * The old schedule of a `replace` (keyed by its remote id), recorded before the new one is created
 * and kept until the old one is deleted, so that neither a crash nor a failed delete leaks it.
 */
export interface RetiringSchedule {
  name: string;
  simulation_id: string;
}

export interface LockState {
  version: 1;
  api_url: string;
  schedules: Record<string, LockEntry>;
  pending?: Record<string, PendingIntent>;
  retiring?: Record<string, RetiringSchedule>;
}

export type ActionKind =
  "create" | "adopt" | "update" | "replace" | "recreate" | "delete" | "orphan" | "noop";

/** One step of a plan. */
export interface Action {
  kind: ActionKind;
  name: string;
  /** Why, in words: which field changed, or what drifted on the remote. */
  reason: string;
  /** The remote id acted on (bound, adopted or to be deleted), when there is one. */
  id?: string;
  /** The entry, for every kind but `delete` and `orphan`. */
  entry?: DesiredEntry;
  /** The desired remote record (`simulation_id`, `cron_expression`, `enabled`), where one is sent or bound. */
  target?: { simulation_id: string; cron_expression: string; enabled: boolean };
  /** Fields that differ, for `update`/`replace`: e.g. `["cron_expression", "enabled"]`. */
  changes?: string[];
  /** For a `replace`: bind this schedule (made by an interrupted replace) instead of creating one. */
  adoptId?: string;
  /** For a `delete`: the old schedule of a replace, not a removed entry (not counted by --max-deletes). */
  retire?: true;
}

export interface Plan {
  actions: Action[];
  /** Notes for the user that are not actions (e.g. planned from the lockfile alone). */
  warnings: string[];
}

export type ActionResult = "ok" | "failed" | "skipped" | "unknown";
