#!/usr/bin/env node
/**
 * The command-line entry: parses arguments, runs one command, maps errors to exit codes.
 * Uses process.exitCode rather than process.exit() so that output and logs flush.
 */
import { Command, CommanderError } from "commander";
import path from "node:path";
import { closest, distance } from "fastest-levenshtein";
import { UsageError, redact, type ExitCode } from "../errors.js";
import { VERSION } from "../version.js";
import { registerCommands } from "./commands/index.js";
import { EXIT_CODES_HELP, exitCodeFor } from "./exit-codes.js";
import { errorReport } from "./output/error-report.js";

const HELP_AFTER = `
With no command, bluejay-sync runs the sidecar (watch). In CI, \`bluejay-sync --once\` reconciles
once and exits (the same as \`apply --yes\`). \`bluejay-sync <command> --help\` shows a command's flags.
The API key comes from BLUEJAY_API_KEY or from the file named by BLUEJAY_API_KEY_FILE.

${EXIT_CODES_HELP}
`;

export async function main(argv: string[]): Promise<number> {
  const program = new Command("bluejay-sync")
    .description("Keep Bluejay simulation schedules equal to a YAML file in git.")
    .version(VERSION, "--version")
    .addHelpText("after", HELP_AFTER)
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ outputError: (str, write) => write(redact(str)) });
  registerCommands(program);
  try {
    checkCommandName(program, argv);
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0)
        return 0;
      return failed(argv, new UsageError("usage", err.message.replace(/^error: /, "")), 3, true);
    }
    return failed(argv, err, exitCodeFor(err), false);
  }
}

/** The sidecar is the default command, so a mistyped command would otherwise read as its argument. */
function checkCommandName(program: Command, argv: string[]): void {
  const first = argv[0];
  if (first === undefined || first.startsWith("-")) return;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]).concat("help");
  if (names.includes(first)) return;
  const near = closest(first, names);
  const hint = distance(first, near) <= 2 ? `; did you mean '${near}'?` : "";
  throw new UsageError(
    "unknown-command",
    `unknown command '${first}'${hint} (commands: ${names.join(", ")})`,
  );
}

/** Prints the error (as one JSON document when JSON output was asked for) and returns the exit code. */
function failed(argv: string[], err: unknown, code: ExitCode, printed: boolean): number {
  if (wantsJson(argv)) {
    const mode = argv[0] === "validate" || argv[0] === "plan" ? argv[0] : "apply";
    const report = errorReport(mode, fileOf(argv), err, code, new Date());
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return code;
  }
  if (printed) return code;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${redact(message)}\n`);
  if (code === 1 && process.env.BLUEJAY_SYNC_DEBUG && err instanceof Error && err.stack) {
    process.stderr.write(`${redact(err.stack)}\n`);
  }
  return code;
}

/** The schedules file the command line names, for an error found before the command ran. */
function fileOf(argv: string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if ((a === "-f" || a === "--file") && argv[i + 1]) return path.resolve(argv[i + 1] as string);
    if (a.startsWith("--file=")) return path.resolve(a.slice("--file=".length));
  }
  return path.resolve(process.env.BLUEJAY_SCHEDULES_FILE ?? "bluejay.schedules.yaml");
}

function wantsJson(argv: string[]): boolean {
  return argv.some((a, i) => a === "--output=json" || (a === "--output" && argv[i + 1] === "json"));
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
