/**
 * A world for integration tests: the emulator on a loopback port, a temporary folder with a
 * schedules file, and reconcileOnce wired to the real HTTP client (with short backoff).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type BluejayClient, type ClientOptions } from "../../src/bluejay/client.js";
import { normalizeApiUrl } from "../../src/core/api-url.js";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/server.js";
import type { ReconcileOptions } from "../../src/reconcile/deps.js";
import { reconcileOnce } from "../../src/reconcile/reconcile-once.js";
import type { RunReport } from "../../src/reconcile/report.js";

export const TEST_KEY = "bj_test_0123456789abcdefXYZ";

export interface World {
  emulator: RunningEmulator;
  dir: string;
  file: string;
  lockfile: string;
  writeFile(yaml: string): Promise<void>;
  readLock(): Promise<{
    schedules: Record<string, { id: string }>;
    pending?: Record<string, unknown>;
  } | null>;
  /** `wrap` stands between reconcileOnce and the real client (e.g. to lose one answer). */
  run(
    mode: "plan" | "apply",
    opts?: Partial<ReconcileOptions>,
    apiKey?: string,
    wrap?: (api: BluejayClient) => BluejayClient,
  ): Promise<RunReport>;
  close(): Promise<void>;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** `client` overrides the test client's options (e.g. a short `timeoutMs` for the fault matrix). */
export async function createWorld(
  emu: Partial<EmulatorOptions> = {},
  client: Partial<ClientOptions> = {},
): Promise<World> {
  const emulator = await startEmulator({
    apiKey: TEST_KEY,
    port: 0,
    simulations: [30595, 30596, 30597],
    ...emu,
  });
  const dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-test-"));
  const file = path.join(dir, "bluejay.schedules.yaml");
  const lockfile = path.join(dir, "bluejay.schedules.lock.json");
  const apiUrl = normalizeApiUrl(emulator.url) ?? emulator.url;
  return {
    emulator,
    dir,
    file,
    lockfile,
    writeFile: (yaml) => writeFile(file, yaml),
    async readLock() {
      try {
        return JSON.parse(await readFile(lockfile, "utf8"));
      } catch {
        return null;
      }
    },
    run(mode, opts = {}, apiKey = TEST_KEY, wrap = (api) => api) {
      const real = createClient({
        apiUrl: emulator.url,
        apiKey,
        concurrency: 8,
        rateLimit: 1000,
        backoff: { baseMs: 5, maxMs: 20 },
        maxRetryAfterMs: 1000,
        ...client,
      });
      return reconcileOnce(
        { api: wrap(real), logger: silent, clock: { now: () => new Date() }, env: {} },
        {
          mode,
          file,
          lockfile,
          apiUrl,
          allowEmpty: false,
          maxDeletes: 10,
          allowTargetChange: false,
          lockTimeoutMs: 5000,
          ...opts,
        },
      );
    },
    async close() {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A schedules file from entries given as YAML snippets. */
export function schedulesYaml(entries: Record<string, string>, head = ""): string {
  const body = Object.entries(entries)
    .map(
      ([name, e]) =>
        `  ${name}:\n${e
          .split("\n")
          .map((l) => `    ${l}`)
          .join("\n")}`,
    )
    .join("\n");
  return `version: 1\n${head}schedules:\n${body}\n`;
}
