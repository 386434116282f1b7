/**
 * A run that ended in an error still answers `--output json` with one document.
 */
import { ConfigError, redact, type ExitCode } from "../../errors.js";
import { emptySummary, type ReportError, type RunReport } from "../../reconcile/report.js";

export function errorReport(
  mode: RunReport["mode"],
  file: string,
  err: unknown,
  exitCode: ExitCode,
  now: Date,
): RunReport {
  const errors: ReportError[] = [];
  const warnings: ReportError[] = [];
  if (err instanceof ConfigError && err.diagnostics.length > 0) {
    for (const d of err.diagnostics) {
      const e = { file: d.file, line: d.line, column: d.column, message: d.message, code: d.code };
      (d.severity === "error" ? errors : warnings).push(e);
    }
  } else {
    const code =
      typeof (err as { code?: unknown }).code === "string" ? (err as { code: string }).code : "internal";
    const message = redact(err instanceof Error ? err.message : String(err));
    errors.push({ file, line: 1, column: 1, message, code });
  }
  return {
    ok: false,
    exit_code: exitCode,
    mode,
    file,
    actions: [],
    summary: emptySummary(),
    errors,
    warnings,
    changes_pending: false,
    started_at: now.toISOString(),
    duration_ms: 0,
  };
}
