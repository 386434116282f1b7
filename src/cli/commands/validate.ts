/**
 * `bluejay-sync validate`: check the schedules file offline (no key, no network). Diagnostics go
 * to stderr, a one-line verdict to stdout; `--output json` prints one RunReport document instead.
 */
import type { Command } from "commander";
import { appendFile } from "node:fs/promises";
import type { Diagnostic } from "../../core/types.js";
import { registerSecret, type ExitCode } from "../../errors.js";
import { emptySummary, type ReportError, type RunReport } from "../../reconcile/report.js";
import { processIo, type CliIo } from "../io.js";
import { addFileOptions, resolvePaths, useColor, type OutputFormat } from "../options.js";
import { formatDiagnostics, githubAnnotations } from "../output/diagnostics.js";
import { stepSummary } from "../output/github.js";
import { displayPath } from "../output/paths.js";
import { makeStyle } from "../output/style.js";

export interface ValidateFlags {
  file?: string;
  output: OutputFormat;
  color?: boolean;
  quiet?: boolean;
}

export function registerValidate(program: Command): void {
  const cmd = program
    .command("validate")
    .description("check the schedules file (offline: no key, no network)");
  addFileOptions(cmd).action(async (flags: ValidateFlags) => {
    process.exitCode = await runValidate(flags, processIo());
  });
}

/** Runs the command against `io`; returns the exit code (0 valid, 3 invalid). */
export async function runValidate(flags: ValidateFlags, io: CliIo): Promise<ExitCode> {
  const startedAt = new Date();
  // Not needed here, but if it is set it must never be echoed from a value of the file.
  if (io.env.BLUEJAY_API_KEY) registerSecret(io.env.BLUEJAY_API_KEY);
  const { file } = resolvePaths(flags, io.env, io.cwd);
  const shown = displayPath(file, io.cwd);
  // Loaded on use: the commands that do not read the file start faster.
  const { loadSchedulesFile } = await import("../../config/load.js");
  const result = await loadSchedulesFile(file, io.env);
  const diagnostics = result.diagnostics.map((d) => ({ ...d, file: shown }));
  const exitCode: ExitCode = result.ok ? 0 : 3;
  const github = io.env.GITHUB_ACTIONS === "true";
  const count = result.ok ? result.state.entries.length : 0;
  const report = validateReport(shown, diagnostics, exitCode, startedAt, count);
  if (github && io.env.GITHUB_STEP_SUMMARY)
    await appendFile(io.env.GITHUB_STEP_SUMMARY, stepSummary(report, io.cwd));
  if (flags.output === "json") {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    // stdout holds exactly one JSON document; the runner reads workflow commands on stderr too.
    if (github) io.stderr.write(githubAnnotations(diagnostics));
    return exitCode;
  }
  const color = useColor(flags, io.env, io.isTTY);
  const printed = flags.quiet ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  io.stderr.write(formatDiagnostics(printed, { color }));
  if (github) io.stdout.write(githubAnnotations(diagnostics));
  if (!(flags.quiet && result.ok)) {
    io.stdout.write(`${verdict(shown, diagnostics, result.ok ? result.state.entries.length : 0, color)}\n`);
  }
  return exitCode;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function verdict(file: string, diags: Diagnostic[], schedules: number, color: boolean): string {
  const style = makeStyle(color);
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.length - errors;
  const tail = warnings > 0 ? `, ${plural(warnings, "warning")}` : "";
  if (errors > 0) return `${style.red("✗")} ${file}: ${plural(errors, "error")}${tail}`;
  return `${style.green("✓")} ${file}: ${plural(schedules, "schedule")} valid${tail}`;
}

function toReportError(d: Diagnostic): ReportError {
  return { file: d.file, line: d.line, column: d.column, message: d.message, code: d.code };
}

function validateReport(
  file: string,
  diags: Diagnostic[],
  exitCode: ExitCode,
  startedAt: Date,
  schedules: number,
): RunReport & { schedules: number } {
  return {
    ok: exitCode === 0,
    exit_code: exitCode,
    mode: "validate",
    file,
    actions: [],
    summary: emptySummary(),
    errors: diags.filter((d) => d.severity === "error").map(toReportError),
    warnings: diags.filter((d) => d.severity === "warning").map(toReportError),
    changes_pending: false,
    started_at: startedAt.toISOString(),
    duration_ms: Date.now() - startedAt.getTime(),
    schedules,
  };
}
