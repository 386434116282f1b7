/**
 * GitHub Actions: `::error file=…,line=…::` annotations and a Markdown step summary.
 */
import type { ReportError, RunReport } from "../../reconcile/report.js";

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function isGithubActions(env: Record<string, string | undefined>): boolean {
  return env.GITHUB_ACTIONS === "true";
}

export function annotation(kind: "error" | "warning", e: ReportError, cwd: string): string {
  const file = e.file.startsWith(cwd + "/") ? e.file.slice(cwd.length + 1) : e.file;
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

/** A Markdown section for $GITHUB_STEP_SUMMARY. */
export function stepSummary(r: RunReport): string {
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
  return `### ${title}: ${r.ok ? "✅" : "❌"} \`${r.file}\`\n\n${counts}\n\n${table}\n\n`;
}
