/**
 * GitHub Actions: `::error file=…,line=…::` annotations and a Markdown step summary.
 */
import type { ReportError, RunReport } from "../../reconcile/report.js";
import { escapeData, escapeProperty } from "./diagnostics.js";
import { displayPath } from "./paths.js";

export function isGithubActions(env: Record<string, string | undefined>): boolean {
  return env.GITHUB_ACTIONS === "true";
}

export function annotation(kind: "error" | "warning", e: ReportError, cwd: string): string {
  const file = displayPath(e.file, cwd);
  const props = `file=${escapeProperty(file)},line=${e.line},col=${e.column},title=${escapeProperty(`bluejay-sync ${e.code}`)}`;
  return `::${kind} ${props}::${escapeData(e.message)}`;
}

export function reportAnnotations(r: RunReport, cwd: string): string {
  const lines = [
    ...r.errors.map((e) => annotation("error", e, cwd)),
    ...r.warnings.map((w) => annotation("warning", w, cwd)),
  ];
  return lines.length ? lines.join("\n") + "\n" : "";
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function validateSummary(r: RunReport, file: string): string {
  const rows = [...r.errors, ...r.warnings].map(
    (e) => `| \`${cell(`${e.file}:${e.line}:${e.column}`)}\` | ${cell(e.code)} | ${cell(e.message)} |`,
  );
  const table = rows.length
    ? ["| where | code | message |", "|---|---|---|", ...rows].join("\n")
    : "_Valid._";
  return `### bluejay-sync validate: ${r.ok ? "✅" : "❌"} \`${file}\`\n\n${table}\n\n`;
}

/** A Markdown section for $GITHUB_STEP_SUMMARY; paths relative to `cwd`. */
export function stepSummary(r: RunReport, cwd: string): string {
  const file = displayPath(r.file, cwd);
  if (r.mode === "validate") return validateSummary(r, file);
  const title = r.mode === "plan" ? "bluejay-sync plan" : "bluejay-sync apply";
  const rows = r.actions
    .filter((a) => a.action !== "noop")
    .map(
      (a) =>
        `| \`${cell(a.name)}\` | ${a.action} | ${cell(a.reason)} | ${a.result ?? ""} ${cell(a.error ?? "")} |`,
    );
  const n = r.summary;
  const counts = `create ${n.create + n.recreate} · adopt ${n.adopt} · update ${n.update} · replace ${n.replace} · delete ${n.delete} · orphan ${n.orphan} · unchanged ${n.noop}${n.failed ? ` · **failed ${n.failed}**` : ""}`;
  const table = rows.length
    ? ["| entry | action | reason | result |", "|---|---|---|---|", ...rows].join("\n")
    : "_In sync: nothing to do._";
  return `### ${title}: ${r.ok ? "✅" : "❌"} \`${file}\`\n\n${counts}\n\n${table}\n\n`;
}
