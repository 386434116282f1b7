/**
 * Turns a plan (and, after apply, its outcomes) into the RunReport every output reads.
 */
import type { ActionOutcome } from "../apply/outcome.js";
import type { Action, DesiredState, Plan } from "../core/types.js";
import type { ExitCode } from "../errors.js";
import { emptySummary, type ActionReport, type ReportError, type RunReport } from "./report.js";

const CHANGING = new Set(["create", "adopt", "update", "replace", "recreate", "delete"]);

export interface ReportInput {
  mode: "plan" | "apply";
  desired: DesiredState;
  plan: Plan;
  outcomes?: ActionOutcome[];
  extraWarnings?: string[];
  requests: number;
  startedAt: Date;
  finishedAt: Date;
}

export function buildReport(input: ReportInput): RunReport {
  const byAction = new Map<Action, ActionOutcome>();
  for (const o of input.outcomes ?? []) byAction.set(o.action, o);
  const summary = emptySummary();
  summary.requests = input.requests;
  const errors: ReportError[] = [];
  const actions = input.plan.actions.map((a) => {
    summary[a.kind] += 1;
    const o = byAction.get(a);
    const r = toActionReport(a, o);
    if (o && (o.result === "failed" || o.result === "unknown" || o.result === "skipped")) {
      if (o.result !== "skipped") summary.failed += 1;
      errors.push({
        file: input.desired.file,
        line: a.entry?.position.line ?? 1,
        column: a.entry?.position.column ?? 1,
        message: `${a.name}: ${a.kind} ${o.result}: ${o.error ?? ""}`.trim(),
        code: o.errorCode ?? `action-${o.result}`,
      });
    }
    return r;
  });
  const warnings = [...input.plan.warnings, ...(input.extraWarnings ?? [])].map((message) => ({
    file: input.desired.file,
    line: 1,
    column: 1,
    message,
    code: "warning",
  }));
  const pending = input.plan.actions.some((a) => CHANGING.has(a.kind));
  const failed = errors.length > 0;
  const exit: ExitCode = failed ? 1 : 0;
  return {
    ok: !failed,
    exit_code: exit,
    mode: input.mode,
    file: input.desired.file,
    actions,
    summary,
    errors,
    warnings,
    changes_pending: input.mode === "plan" ? pending : failed && pending,
    started_at: input.startedAt.toISOString(),
    duration_ms: input.finishedAt.getTime() - input.startedAt.getTime(),
  };
}

function toActionReport(a: Action, o: ActionOutcome | undefined): ActionReport {
  const r: ActionReport = { name: a.name, action: a.kind, reason: a.reason };
  const id = o?.id ?? a.id;
  if (id) r.id = id;
  if (o) r.result = o.result;
  if (o?.error) r.error = o.error;
  if (a.entry) {
    r.line = a.entry.position.line;
    r.column = a.entry.position.column;
  }
  if (a.changes?.length) r.changes = a.changes;
  if (a.target && a.kind !== "noop") r.target = a.target;
  return r;
}
