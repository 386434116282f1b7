/**
 * The emulator in its own process (`bluejay-sync emulator --port 0 ...`), so that its work does not
 * share an event loop or a heap with what is measured. Its URL is read from the line it prints;
 * requests and state are read over its admin endpoints.
 */
import { spawn } from "node:child_process";
import { CLI } from "./measure-cli.mjs";

export const BENCH_KEY = "bench-key-0123456789abcdef";
/** The simulations scripts/gen-schedules.mjs spreads its entries over. */
export const SIMULATIONS = Array.from({ length: 10 }, (_, i) => 30595 + i);

/**
 * @param {{latencyMs?: number, rateLimit?: number}} faults
 * @returns {Promise<{url: string, requests(): Promise<object[]>, schedules(): Promise<object[]>, reset(): Promise<void>, close(): Promise<void>}>}
 */
export async function startEmulatorProcess(faults = {}) {
  const args = [CLI, "emulator", "--port", "0", "--simulations", SIMULATIONS.join(",")];
  if (faults.latencyMs) args.push("--latency", String(faults.latencyMs));
  if (faults.rateLimit) args.push("--rate-limit", String(faults.rateLimit));
  const child = spawn(process.execPath, args, {
    env: { ...process.env, BLUEJAY_API_KEY: BENCH_KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await readUrl(child);
  const admin = async (p, method = "GET") => {
    const res = await fetch(`${url}/__emulator/${p}`, { method });
    if (!res.ok) throw new Error(`emulator ${p}: ${res.status}`);
    return res.json();
  };
  return {
    url,
    requests: async () => (await admin("requests")).requests,
    schedules: async () => (await admin("state")).schedules,
    reset: async () => void (await admin("reset", "POST")),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function readUrl(child) {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}): ${err.trim()}`)));
  });
}
