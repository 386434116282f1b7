/**
 * `bluejay-sync demo`: the main job end to end against the embedded emulator, in a temporary
 * folder: plan, apply, then apply again to show that everything is in sync. No key, no network.
 */
import type { Command } from "commander";
import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { variantToCron } from "../../core/cron-mapping.js";
import { processIo, type CliIo } from "../io.js";
import type { ReconcileFlags } from "../run-reconcile.js";

const EXAMPLE = fileURLToPath(new URL("../../../examples/bluejay.schedules.yaml", import.meta.url));

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("try it: plan and apply examples/bluejay.schedules.yaml against an embedded emulator")
    .action(async () => {
      process.exitCode = await runDemo(processIo());
    });
}

export async function runDemo(io: CliIo): Promise<number> {
  const apiKey = `demo-${randomBytes(12).toString("hex")}`;
  const { startEmulator } = await import("../../emulator/server.js");
  const { runReconcileCommand } = await import("../run-reconcile.js");
  const emulator = await startEmulator({ apiKey, port: 0, simulations: [30595, 30596, 30597] });
  const dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-demo-"));
  try {
    const file = path.join(dir, "bluejay.schedules.yaml");
    await copyFile(EXAMPLE, file);
    // Someone else's schedule, which must be left alone, and one made by hand earlier that
    // matches an entry of the file, which is adopted rather than created again.
    const foreign = emulator.insert({ simulation_id: "30597", cron_expression: "30 4 * * *", enabled: true });
    emulator.insert({
      simulation_id: "30595",
      cron_expression: variantToCron({ frequency: "daily", time: "02:00" }),
    });
    const env = {
      ...io.env,
      BLUEJAY_API_URL: emulator.url,
      BLUEJAY_API_KEY: apiKey,
      BLUEJAY_API_KEY_FILE: undefined,
    };
    const run = { ...io, env, cwd: dir };
    const flags: ReconcileFlags = {
      file,
      maxDeletes: 10,
      concurrency: 8,
      rateLimit: 50,
      lockTimeout: 60,
      logFormat: "pretty",
      quiet: false,
    };
    say(io, `Bluejay emulator at ${emulator.url}, file ${file}`);
    say(io, "\n$ bluejay-sync plan");
    await runReconcileCommand("plan", flags, run);
    say(io, "\n$ bluejay-sync apply --yes");
    const first = await runReconcileCommand("apply", flags, run);
    say(io, "\n$ bluejay-sync apply --yes   # again: nothing left to do");
    const second = await runReconcileCommand("apply", { ...flags, verbose: true }, run);
    const kept = emulator.schedules().some((s) => s.id === foreign.id);
    say(
      io,
      `\nSomeone else's schedule ${foreign.id} (simulation 30597, 30 4 * * *) was ${kept ? "left alone" : "TOUCHED"}.`,
    );
    say(
      io,
      "The lockfile beside the file binds each entry to its schedule; the demo's folder is removed now.",
    );
    return first || second;
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function say(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}
