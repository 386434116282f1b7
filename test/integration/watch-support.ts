/**
 * The sidecar in-process, wired exactly as the `watch` command wires it (startWatch), against the
 * emulator on a loopback port, with a resync the test ticks by hand and the logs captured.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { WatchFlags } from "../../src/cli/commands/watch.js";
import { startWatch } from "../../src/cli/watch-run.js";
import { manualResync } from "../../src/daemon/resync.js";
import type { Daemon } from "../../src/daemon/watch.js";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/server.js";

export const KEY = "bj_sidecar_test_key_0123456789";

export interface Sidecar {
  emulator: RunningEmulator;
  daemon: Daemon;
  dir: string;
  file: string;
  lockfile: string;
  tick(): void;
  logs(): string;
  get(p: string): Promise<{ status: number; body: string }>;
  readLock(): Promise<{ schedules: Record<string, { id: string; cron_expression: string }> } | null>;
  close(): Promise<void>;
}

export const TWO_ENTRIES = `version: 1
schedules:
  nightly:
    simulation_id: "30595"
    schedule: { frequency: daily, time: "02:00" }
  smoke:
    simulation_id: "30596"
    schedule: "*/15 * * * *"
`;

/** Waits until `check` holds; the test's own timeout bounds it. */
export async function until(check: () => boolean | Promise<boolean>, stepMs = 20): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, stepMs));
}

export async function startSidecar(
  yaml: string,
  emu: Partial<EmulatorOptions> = {},
  flags: Partial<WatchFlags> = {},
): Promise<Sidecar> {
  const emulator = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595, 30596, 30597], ...emu });
  const dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-watch-"));
  const file = path.join(dir, "bluejay.schedules.yaml");
  const lockfile = path.join(dir, "bluejay.schedules.lock.json");
  await writeFile(file, yaml);
  let captured = "";
  const stderr = new PassThrough();
  stderr.on("data", (d: Buffer) => (captured += d.toString()));
  const resync = manualResync();
  const { daemon } = await startWatch(
    {
      file,
      listen: "127.0.0.1:0",
      debounce: 30,
      resync: "*/5 * * * *",
      maxDeletes: 10,
      concurrency: 8,
      rateLimit: 1000,
      lockTimeout: 5,
      logFormat: "json",
      verbose: true,
      ...flags,
    },
    {
      stdout: new PassThrough(),
      stderr,
      env: { BLUEJAY_API_KEY: KEY, BLUEJAY_API_URL: emulator.url },
      cwd: dir,
      isTTY: false,
    },
    { resync },
  );
  return {
    emulator,
    daemon,
    dir,
    file,
    lockfile,
    tick: () => resync.tick(),
    logs: () => captured,
    async get(p) {
      const res = await fetch(`${daemon.url}${p}`);
      return { status: res.status, body: await res.text() };
    },
    async readLock() {
      try {
        return JSON.parse(await readFile(lockfile, "utf8"));
      } catch {
        return null;
      }
    },
    async close() {
      await daemon.stop("test over");
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
