/**
 * Every command, registered on the program. One file per command beside this one.
 */
import type { Command } from "commander";
import { registerApply } from "./apply.js";
import { registerDemo } from "./demo.js";
import { registerEmulator } from "./emulator.js";
import { registerPlan } from "./plan.js";
import { registerWatch } from "./watch.js";

export function registerCommands(program: Command): void {
  registerPlan(program);
  registerApply(program);
  registerDemo(program);
  registerEmulator(program);
  registerWatch(program);
}
