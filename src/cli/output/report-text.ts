/**
 * The plan and apply results as text for people: a diff-like list and one summary line.
 */
import type { ActionKind } from "../../core/types.js";
import type { ActionReport, RunReport } from "../../reconcile/report.js";
import { displayPath } from "./paths.js";
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

interface LineLayout {
  style: Style;
  width: number;
  whatWidth: number;
  /** The file as the user named it, for `file:line:column` in front of an error. */
  file: string;
}

function actionLine(a: ActionReport, l: LineLayout): string {
  const s = l.style;
  const head = paint(a.action, s)(`${SIGN[a.action].padStart(3)} ${a.action.padEnd(8)}`);
  const what = l.whatWidth ? `${targetText(a).padEnd(l.whatWidth)}  ` : "";
  const id = a.id && !a.reason.includes(a.id) ? s.dim(` [${a.id}]`) : "";
  // Noops and orphans send nothing: a tick next to them would claim work that was not done.
  const sent = a.action !== "noop" && a.action !== "orphan";
  const mark = a.result === "ok" ? (sent ? s.green(" ✓") : "") : a.result ? s.red(` ✗ ${a.result}`) : "";
  const line = `${head} ${a.name.padEnd(l.width)}  ${what}${s.dim(a.reason)}${id}${mark}`;
  if (!a.error) return line;
  const where = a.line ? `${l.file}:${a.line}:${a.column ?? 1}: ` : "";
  return `${line}\n      ${s.red(`${where}${a.error}`)}`;
}

/** Every action but the unchanged ones (those only with `verbose`), then the summary line. */
export function formatReportText(
  r: RunReport,
  opts: { style: Style; verbose: boolean; cwd?: string },
): string {
  const shown = r.actions.filter((a) => opts.verbose || a.action !== "noop");
  const file = opts.cwd ? displayPath(r.file, opts.cwd) : r.file;
  const layout: LineLayout = {
    style: opts.style,
    width: Math.min(40, Math.max(0, ...shown.map((a) => a.name.length))),
    whatWidth: Math.max(0, ...shown.map((a) => targetText(a).length)),
    file,
  };
  const lines = shown.map((a) => actionLine(a, layout));
  const warn = r.warnings.map((w) => opts.style.yellow(`warning: ${file}: ${w.message}`));
  return [...warn, ...lines, ...(lines.length ? [""] : []), summaryLine(r, opts.style)].join("\n") + "\n";
}

export function summaryLine(r: RunReport, s: Style): string {
  const n = r.summary;
  const parts = [
    `${n.create} to create`,
    `${n.recreate} to recreate`,
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
