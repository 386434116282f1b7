/**
 * `bluejay-sync apply` (and `--once`): make Bluejay's schedules equal to the file.
 */
import type { Command } from "commander";
import { createInterface } from "node:readline/promises";
import type { RunReport } from "../../reconcile/report.js";
import { UsageError } from "../../errors.js";
import { processIo, type CliIo } from "../io.js";
import { addFileOptions, addRemoteOptions, useColor } from "../options.js";
import { formatReportText } from "../output/report-text.js";
import { makeStyle } from "../output/style.js";
import type { ReconcileFlags } from "../run-reconcile.js";

export interface ApplyFlags extends ReconcileFlags {
  yes?: boolean;
}

export function registerApply(program: Command): void {
  const cmd = program
    .command("apply")
    .description("create, update and (with pruning) delete schedules to match the file");
  addRemoteOptions(addFileOptions(cmd))
    .option("-y, --yes", "do not ask for confirmation on a terminal")
    .action(async (flags: ApplyFlags) => {
      process.exitCode = await runApplyCommand(flags, processIo());
    });
}

/**
 * Applies. On an interactive terminal without --yes, shows the plan and asks first; elsewhere
 * (CI, pipes, the sidecar's --once) it proceeds.
 */
export async function runApplyCommand(flags: ApplyFlags, io: CliIo): Promise<number> {
  const interactive = !flags.yes && flags.output !== "json" && io.isTTY && process.stdin.isTTY === true;
  if (!flags.yes && !interactive) {
    // Nobody can be asked: changing schedules then takes an explicit --yes (or --once in CI).
    throw new UsageError(
      "apply-needs-yes",
      "apply changes schedules and cannot ask for confirmation here (not a terminal, or --output json): " +
        "pass --yes, or use `bluejay-sync --once` in CI",
    );
  }
  const beforeApply = interactive ? (plan: RunReport) => confirm(plan, flags, io) : undefined;
  const { runReconcileCommand } = await import("../run-reconcile.js");
  return runReconcileCommand("apply", flags, io, beforeApply ? { beforeApply } : {});
}

async function confirm(plan: RunReport, flags: ApplyFlags, io: CliIo): Promise<boolean> {
  const style = makeStyle(useColor(flags, io.env, io.isTTY));
  io.stdout.write(formatReportText(plan, { style, verbose: flags.verbose === true, cwd: io.cwd }));
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question("Apply these changes? Only 'yes' is accepted: ");
    return answer.trim() === "yes";
  } finally {
    rl.close();
  }
}
