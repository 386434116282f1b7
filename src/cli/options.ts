/**
 * Flags shared by the commands, and turning them (plus the environment) into plain values.
 */
import { Option, type Command } from "commander";
import path from "node:path";
import { UsageError } from "../errors.js";

export type OutputFormat = "text" | "json";

export interface CommonOptions {
  file: string;
  lockfile: string;
  output: OutputFormat;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

function positiveInt(name: string, min = 0) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      throw new UsageError("usage", `${name} takes a whole number of at least ${min}, got "${raw}"`);
    }
    return n;
  };
}

function positiveNumber(name: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0)
      throw new UsageError("usage", `${name} takes a positive number, got "${raw}"`);
    return n;
  };
}

export const parseIntFlag = positiveInt;
export const parseNumberFlag = positiveNumber;

/** -f, --lockfile, --output, colour and verbosity: every command that reads the file has these. */
export function addFileOptions(cmd: Command): Command {
  return cmd
    .option("-f, --file <path>", "the schedules file (env BLUEJAY_SCHEDULES_FILE)")
    .option("--lockfile <path>", "the lockfile (default: bluejay.schedules.lock.json beside the file)")
    .addOption(new Option("--output <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--no-color", "no colour (also NO_COLOR)")
    .option("-q, --quiet", "print only errors")
    .option("-v, --verbose", "print more detail");
}

/** Flags of the commands that talk to Bluejay. */
export function addRemoteOptions(cmd: Command): Command {
  return cmd
    .option("--api-url <url>", "Bluejay API URL (env BLUEJAY_API_URL)")
    .option("--allow-insecure-http", "permit an http:// API URL whose host is not loopback")
    .option("--prune", "delete remote schedules whose entry was removed")
    .option("--no-prune", "never delete, even with prune: true in the file")
    .option("--allow-empty", "permit pruning with a file that declares no schedules")
    .option(
      "--max-deletes <n>",
      "refuse a plan with more deletes than this",
      positiveInt("--max-deletes"),
      10,
    )
    .option("--concurrency <n>", "requests in flight at most", positiveInt("--concurrency", 1), 8)
    .option("--rate-limit <n>", "requests per second at most", positiveNumber("--rate-limit"), 10)
    .option(
      "--lock-timeout <s>",
      "seconds to wait for the lockfile lock",
      positiveNumber("--lock-timeout"),
      60,
    )
    .option("--allow-target-change", "use a lockfile made against another api_url");
}

/** Resolves -f and --lockfile with the environment; the lockfile sits beside the file as given. */
export function resolvePaths(
  opts: { file?: string; lockfile?: string },
  env: NodeJS.ProcessEnv,
  cwd: string,
): { file: string; lockfile: string } {
  const file = path.resolve(cwd, opts.file ?? env.BLUEJAY_SCHEDULES_FILE ?? "bluejay.schedules.yaml");
  const lockfile = opts.lockfile
    ? path.resolve(cwd, opts.lockfile)
    : path.join(path.dirname(file), lockfileNameFor(file));
  return { file, lockfile };
}

/** `bluejay.schedules.yaml` → `bluejay.schedules.lock.json`; `team.yml` → `team.lock.json`. */
export function lockfileNameFor(file: string): string {
  const base = path.basename(file).replace(/\.(ya?ml|json)$/i, "");
  return `${base}.lock.json`;
}

export function useColor(opts: { color?: boolean }, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  // NO_COLOR counts when set to a non-empty value.
  if (opts.color === false || (env.NO_COLOR ?? "") !== "") return false;
  return isTTY;
}
