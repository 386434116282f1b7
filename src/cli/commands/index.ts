/**
 * Every command, registered on the program. One file per command beside this one.
 */
import type { Command } from "commander";

export function registerCommands(program: Command): void {
  void program;
}
