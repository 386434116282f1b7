/**
 * `bluejay-sync emulator`: the local Bluejay API (src/emulator) as a process, for trying the tool
 * without a key and for tests and benchmarks. Prints one line with its URL; never the key.
 */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import path from "node:path";
import { isLoopbackHost } from "../../core/api-url.js";
import type { EmulatorOptions } from "../../emulator/server.js";
import { UsageError, registerSecret } from "../../errors.js";
import { processIo, type CliIo } from "../io.js";

export interface EmulatorFlags {
  port?: string;
  host?: string;
  apiKey?: string;
  simulations?: string;
  latency?: string;
  errorRate?: string;
  dropRate?: string;
  rateLimit?: string;
  /** Commander's `--no-list`: false when given. */
  list?: boolean;
  state?: string;
  allowRemote?: boolean;
}

export function registerEmulator(program: Command): void {
  program
    .command("emulator")
    .description(
      "serve a local Bluejay API (schedules, simulations, fault injection) for trying the tool and for tests",
    )
    .option("--port <n>", "port to listen on (0: any free port)", "8787")
    .option("--host <host>", "address to listen on (loopback unless --allow-remote)", "127.0.0.1")
    .option("--api-key <key>", "the key to accept (env BLUEJAY_API_KEY or BLUEJAY_API_KEY_FILE)")
    .option("--simulations <ids>", "known simulation ids, comma-separated", "30595,30596,30597")
    .option("--latency <ms>", "delay before every answer")
    .option("--error-rate <p>", "share of requests answered 500/502/503, 0..1")
    .option("--drop-rate <p>", "share of changes committed and then left without an answer, 0..1")
    .option("--rate-limit <rps>", "requests per second before 429 with Retry-After")
    .option("--no-list", "answer 404 on GET /v1/schedules and GET /v1/schedule/{id}")
    .option("--state <file>", "keep the schedules in this file across restarts")
    .option("--allow-remote", "listen on a non-loopback address (it is a test server: no TLS)")
    .action(async (flags: EmulatorFlags) => {
      process.exitCode = await runEmulator(flags, processIo(), untilSignal());
    });
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}

function number(
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new UsageError(
      "usage",
      `${flag} takes ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got "${raw}"`,
    );
  return n;
}

function apiKeyFrom(flags: EmulatorFlags, io: CliIo): string {
  const fromFile = io.env.BLUEJAY_API_KEY_FILE;
  const key =
    flags.apiKey ??
    io.env.BLUEJAY_API_KEY ??
    (fromFile ? readFileSync(path.resolve(io.cwd, fromFile), "utf8").trim() : undefined);
  if (!key)
    throw new UsageError(
      "usage",
      "the emulator needs the key it accepts: --api-key, BLUEJAY_API_KEY or BLUEJAY_API_KEY_FILE",
    );
  return key;
}

function simulationIds(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (ids.length === 0 || ids.some((s) => !/^\d+$/.test(s)))
    throw new UsageError("usage", `--simulations takes whole numbers separated by commas, got "${raw}"`);
  return ids.map(Number);
}

/** Turns the flags (and the environment) into emulator options; throws UsageError. */
export function emulatorOptions(flags: EmulatorFlags, io: CliIo): EmulatorOptions {
  const host = flags.host ?? "127.0.0.1";
  if (!isLoopbackHost(host.replace(/^\[|\]$/g, "")) && !flags.allowRemote)
    throw new UsageError(
      "usage",
      `--host ${host} is not a loopback address; the emulator is a test server (--allow-remote to insist)`,
    );
  const apiKey = apiKeyFrom(flags, io);
  registerSecret(apiKey);
  return {
    apiKey,
    host,
    port: number("--port", flags.port, 0, 65535, true) ?? 8787,
    simulations: simulationIds(flags.simulations),
    latencyMs: number("--latency", flags.latency, 0, 600_000),
    errorRate: number("--error-rate", flags.errorRate, 0, 1),
    dropRate: number("--drop-rate", flags.dropRate, 0, 1),
    rateLimit: number("--rate-limit", flags.rateLimit, 0.001, 1_000_000),
    noList: flags.list === false,
    stateFile: flags.state === undefined ? undefined : path.resolve(io.cwd, flags.state),
  };
}

/** Serves until `stop` resolves, then closes (writing the state file) and returns the exit code. */
export async function runEmulator(flags: EmulatorFlags, io: CliIo, stop: Promise<void>): Promise<number> {
  const opts = emulatorOptions(flags, io);
  const { startEmulator } = await import("../../emulator/server.js");
  const emulator = await startEmulator(opts);
  io.stdout.write(`bluejay emulator listening on ${emulator.url}\n`);
  await stop;
  await emulator.close();
  return 0;
}
