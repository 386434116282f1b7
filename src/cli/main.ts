#!/usr/bin/env node
/**
 * The command-line entry: parses arguments, runs one command, maps errors to exit codes.
 * Uses process.exitCode rather than process.exit() so that output and logs flush.
 */
import { Command, CommanderError } from "commander";
import { redact } from "../errors.js";
import { VERSION } from "../version.js";
import { EXIT_CODES_HELP, exitCodeFor } from "./exit-codes.js";
import { registerCommands } from "./commands/index.js";

export async function main(argv: string[]): Promise<number> {
  const program = new Command("bluejay-sync")
    .description("Keep Bluejay simulation schedules equal to a YAML file in git.")
    .version(VERSION, "--version")
    .addHelpText("after", `\n${EXIT_CODES_HELP}\n`)
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ outputError: (str, write) => write(redact(str)) });
  registerCommands(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0)
        return 0;
      return 3;
    }
    const code = exitCodeFor(err);
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${redact(message)}\n`);
    if (code === 1 && process.env.BLUEJAY_SYNC_DEBUG && err instanceof Error && err.stack) {
      process.stderr.write(`${redact(err.stack)}\n`);
    }
    return code;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
