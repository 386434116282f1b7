/**
 * The result of one command run: what `--output json` prints, what `/status` serves, and what
 * the text renderer and the metrics read. No secret ever goes in here.
 */
import type { ActionKind, ActionResult } from "../core/types.js";
import type { ExitCode } from "../errors.js";

export interface ActionReport {
  name: string;
  action: ActionKind;
  reason: string;
  /** The remote id acted on or bound. */
  id?: string;
  /** Set by apply; absent in a plan. */
  result?: ActionResult;
  error?: string;
  /** Where the entry stands in the file, when it is in the file. */
  line?: number;
  column?: number;
  changes?: string[];
  /** What is sent or bound: the remote record the entry should have. */
  target?: { simulation_id: string; cron_expression: string; enabled: boolean };
}

export interface ReportError {
  file: string;
  line: number;
  column: number;
  message: string;
  code: string;
}

export interface Summary {
  create: number;
  adopt: number;
  update: number;
  replace: number;
  recreate: number;
  delete: number;
  orphan: number;
  noop: number;
  /** Actions that failed (apply only). */
  failed: number;
  /** Requests sent to Bluejay during the run. */
  requests: number;
}

export interface RunReport {
  ok: boolean;
  exit_code: ExitCode;
  mode: "validate" | "plan" | "apply";
  file: string;
  actions: ActionReport[];
  summary: Summary;
  errors: ReportError[];
  warnings: ReportError[];
  /** True when there are pending changes (create/adopt/update/replace/recreate/delete). */
  changes_pending: boolean;
  started_at: string;
  duration_ms: number;
}

export function emptySummary(): Summary {
  return {
    create: 0,
    adopt: 0,
    update: 0,
    replace: 0,
    recreate: 0,
    delete: 0,
    orphan: 0,
    noop: 0,
    failed: 0,
    requests: 0,
  };
}
