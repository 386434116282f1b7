/**
 * The plan and apply results as text for people: a diff-like list and one summary line.
 */
import type { ActionKind } from "../../core/types.js";
import type { ActionReport, RunReport } from "../../reconcile/report.js";
import type { Style } from "./style.js";

const SIGN: Record<ActionKind, string> = {
  create: "+",
  adopt: "=",
  update: "~",
  replace: "-/+",
  recreate: "+",
  delete: "-",
  orphan: "!",
  noop: " ",
};

function paint(kind: ActionKind, s: Style): (t: string) => string {
  if (kind === "create" || kind === "recreate" || kind === "adopt") return s.green;
  if (kind === "update" || kind === "replace") return s.yellow;
  if (kind === "delete") return s.red;
  if (kind === "orphan") return s.cyan;
  return s.dim;
}

function targetText(a: ActionReport): string {
  if (!a.target) return "";
  return `sim ${a.target.simulation_id}  ${a.target.cron_expression}${a.target.enabled ? "" : "  (disabled)"}`;
}

function actionLine(a: ActionReport, s: Style, width: number, whatWidth: number): string {
  const head = paint(a.action, s)(`${SIGN[a.action].padStart(3)} ${a.action.padEnd(8)}`);
  const what = whatWidth ? `${targetText(a).padEnd(whatWidth)}  ` : "";
  const id = a.id && !a.reason.includes(a.id) ? s.dim(` [${a.id}]`) : "";
  const mark = a.result === "ok" ? s.green(" ✓") : a.result ? s.red(` ✗ ${a.result}`) : "";
  const line = `${head} ${a.name.padEnd(width)}  ${what}${s.dim(a.reason)}${id}${mark}`;
  return a.error ? `${line}\n      ${s.red(a.error)}` : line;
}

/** Every action but the unchanged ones (those only with `verbose`), then the summary line. */
export function formatReportText(r: RunReport, opts: { style: Style; verbose: boolean }): string {
  const shown = r.actions.filter((a) => opts.verbose || a.action !== "noop");
  const width = Math.min(40, Math.max(0, ...shown.map((a) => a.name.length)));
  const whatWidth = Math.max(0, ...shown.map((a) => targetText(a).length));
  const lines = shown.map((a) => actionLine(a, opts.style, width, whatWidth));
  const warn = r.warnings.map((w) => opts.style.yellow(`warning: ${w.message}`));
  return [...warn, ...lines, ...(lines.length ? [""] : []), summaryLine(r, opts.style)].join("\n") + "\n";
}

export function summaryLine(r: RunReport, s: Style): string {
  const n = r.summary;
  const parts = [
    `${n.create + n.recreate} to create`,
    `${n.adopt} to adopt`,
    `${n.update} to update`,
    `${n.replace} to replace`,
    `${n.delete} to delete`,
  ];
  const tail = `${n.orphan} orphaned, ${n.noop} unchanged`;
  if (r.mode === "plan") {
    const verdict = r.changes_pending ? "Plan" : "In sync";
    return `${s.bold(verdict)}: ${parts.join(", ")}; ${tail}.`;
  }
  const changed = r.actions.filter(
    (a) => a.result === "ok" && a.action !== "noop" && a.action !== "orphan",
  ).length;
  const verdict = r.ok ? s.green(changed ? "Applied" : "In sync") : s.red("Apply failed");
  const failed = n.failed ? `, ${s.red(`${n.failed} failed`)}` : "";
  return `${s.bold(verdict)}: ${changed} changed${failed}; ${tail}; ${n.requests} ${n.requests === 1 ? "request" : "requests"}.`;
}
