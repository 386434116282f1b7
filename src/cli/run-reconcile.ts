/**
 * What `plan`, `apply` and `--once` share: build the context, run one reconcile, print the
 * result in the asked-for format, and return the exit code.
 */
import { appendFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import { planDigest } from "../reconcile/plan-digest.js";
import { reconcileOnce } from "../reconcile/reconcile-once.js";
import type { RunReport } from "../reconcile/report.js";
import { buildRemoteContext, type RemoteFlags } from "./context.js";
import { exitCodeFor } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { resolvePaths, useColor } from "./options.js";
import { formatDiagnostics } from "./output/diagnostics.js";
import { errorReport } from "./output/error-report.js";
import { isGithubActions, reportAnnotations, stepSummary } from "./output/github.js";
import { createProgress } from "./output/progress.js";
import { formatReportText } from "./output/report-text.js";
import { makeStyle } from "./output/style.js";

export interface ReconcileFlags extends RemoteFlags {
  output?: "text" | "json";
  detailedExitcode?: boolean;
}

export async function runReconcileCommand(
  mode: "plan" | "apply",
  flags: ReconcileFlags,
  io: CliIo,
  hooks: { beforeApply?: (plan: RunReport) => Promise<boolean> } = {},
): Promise<number> {
  const color = useColor(flags, io.env, io.isTTY);
  let report: RunReport;
  try {
    const ctx = buildRemoteContext(flags, io);
    let expectPlan: string | undefined;
    if (mode === "apply" && hooks.beforeApply) {
      const preview = await reconcileOnce(ctx.deps, { ...ctx.options, mode: "plan" });
      if (preview.changes_pending && !(await hooks.beforeApply(preview))) {
        io.stderr.write("Apply cancelled: nothing was changed.\n");
        return 1;
      }
      expectPlan = planDigest(preview.actions.map((a) => ({ kind: a.action, name: a.name, id: a.id })));
    }
    const progress = createProgress(io, flags.output !== "json" && !flags.quiet);
    try {
      const run = {
        ...ctx.options,
        mode,
        onAction: progress.tick,
        ...(expectPlan !== undefined ? { expectPlan } : {}),
      };
      report = await reconcileOnce(ctx.deps, run);
    } finally {
      progress.done();
    }
  } catch (err) {
    return printFailure(mode, flags, io, err, color);
  }
  const exit =
    mode === "plan" && flags.detailedExitcode && report.ok && report.changes_pending ? 2 : report.exit_code;
  report.exit_code = exit;
  await printReport(report, flags, io, color);
  return exit;
}

async function printReport(
  report: RunReport,
  flags: ReconcileFlags,
  io: CliIo,
  color: boolean,
): Promise<void> {
  if (flags.output === "json") io.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else if (!flags.quiet || !report.ok) {
    io.stdout.write(
      formatReportText(report, { style: makeStyle(color), verbose: flags.verbose === true, cwd: io.cwd }),
    );
  }
  if (isGithubActions(io.env)) {
    if (flags.output !== "json") io.stdout.write(reportAnnotations(report, io.cwd));
    if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, stepSummary(report, io.cwd));
  }
}

async function printFailure(
  mode: "plan" | "apply",
  flags: ReconcileFlags,
  io: CliIo,
  err: unknown,
  color: boolean,
): Promise<number> {
  const exit = exitCodeFor(err);
  const { file } = safePaths(flags, io);
  const report = errorReport(mode, file, err, exit, new Date());
  if (flags.output === "json") io.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else if (err instanceof ConfigError && err.diagnostics.length > 0) {
    io.stderr.write(formatDiagnostics(err.diagnostics, { color }));
    io.stderr.write(`error: ${err.message}\n`);
  } else {
    io.stderr.write(`error: ${report.errors[0]?.message ?? "failed"}\n`);
  }
  if (isGithubActions(io.env) && flags.output !== "json") io.stdout.write(reportAnnotations(report, io.cwd));
  return exit;
}

function safePaths(flags: ReconcileFlags, io: CliIo): { file: string } {
  try {
    return resolvePaths(flags, io.env, io.cwd);
  } catch {
    return { file: flags.file ?? "bluejay.schedules.yaml" };
  }
}
