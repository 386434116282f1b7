/**
 * `bluejay-sync init`: write a commented starter schedules file. Never overwrites without --force.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { STARTER_FILE } from "../../config/starter.js";
import { ConfigError } from "../../errors.js";
import { processIo, type CliIo } from "../io.js";
import { resolvePaths } from "../options.js";

export interface InitFlags {
  file?: string;
  force?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("write a commented starter bluejay.schedules.yaml")
    .option("-f, --file <path>", "where to write it (env BLUEJAY_SCHEDULES_FILE)")
    .option("--force", "overwrite an existing file")
    .action(async (flags: InitFlags) => {
      process.exitCode = await runInit(flags, processIo());
    });
}

/** Writes the starter file; an existing file without --force is a ConfigError (exit 3). */
export async function runInit(flags: InitFlags, io: CliIo): Promise<0> {
  const { file } = resolvePaths(flags, io.env, io.cwd);
  try {
    // `wx` fails if the file exists: no window between checking and writing.
    await writeFile(file, STARTER_FILE, { encoding: "utf8", flag: flags.force ? "w" : "wx" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new ConfigError("file-exists", `${file} already exists; pass --force to overwrite it`);
    }
    throw new ConfigError("file-unwritable", `cannot write ${file}: ${code ?? String(err)}`);
  }
  io.stdout.write(
    `✓ wrote ${file}\n  next: put your simulation ids in it, then run: bluejay-sync validate\n`,
  );
  return 0;
}
