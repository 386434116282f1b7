/**
 * Every command, registered on the program. One file per command beside this one.
 */
import type { Command } from "commander";
import { registerApply } from "./apply.js";
import { registerDemo } from "./demo.js";
import { registerEmulator } from "./emulator.js";
import { registerInit } from "./init.js";
import { registerPlan } from "./plan.js";
import { registerValidate } from "./validate.js";
import { registerWatch } from "./watch.js";

export function registerCommands(program: Command): void {
  registerValidate(program);
  registerPlan(program);
  registerApply(program);
  registerDemo(program);
  registerEmulator(program);
  registerInit(program);
  registerWatch(program);
}
