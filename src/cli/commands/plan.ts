/**
 * `bluejay-sync plan`: read-only; what apply would do.
 */
import type { Command } from "commander";
import { processIo } from "../io.js";
import { addFileOptions, addRemoteOptions } from "../options.js";
import type { ReconcileFlags } from "../run-reconcile.js";

export function registerPlan(program: Command): void {
  const cmd = program.command("plan").description("show what apply would do (read-only)");
  addRemoteOptions(addFileOptions(cmd))
    .option("--detailed-exitcode", "exit 2 when there are changes pending")
    .action(async (flags: ReconcileFlags) => {
      const { runReconcileCommand } = await import("../run-reconcile.js");
      process.exitCode = await runReconcileCommand("plan", flags, processIo());
    });
}
