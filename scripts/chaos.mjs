#!/usr/bin/env node
/**
 * The crash suite at full size (run with `npm run chaos`, which builds first): a reconcile of many
 * entries against the emulator with latency, killed with SIGKILL at random moments and restarted,
 * then one run without kills. Prints its figures; exits 1 when any guarantee was violated.
 *
 * Usage: node scripts/chaos.mjs [--entries 500] [--kills 20] [--latency 20] [--seed N] [--concurrency 8]
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCrashLoop } from "./lib/crash-loop.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { startEmulator } = await import(path.join(root, "dist/emulator/server.js"));
const { parseLock } = await import(path.join(root, "dist/lockfile/format.js"));

function flag(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`${name} takes a whole number, got "${process.argv[i + 1] ?? ""}"\n`);
    process.exit(3);
  }
  return n;
}

const options = {
  entries: flag("--entries", 500),
  kills: flag("--kills", 20),
  latencyMs: flag("--latency", 20),
  seed: flag("--seed", Math.floor(Math.random() * 2 ** 31)),
  concurrency: flag("--concurrency", 8),
};

const result = await runCrashLoop({
  ...options,
  startEmulator,
  parseLock,
  cli: path.join(root, "dist/cli/main.js"),
  log: (line) => process.stderr.write(`${line}\n`),
});

const figures = [
  ["seed", options.seed],
  ["entries", result.entries],
  ["kills (SIGKILL)", result.kills],
  ["kills while changes were being sent", result.killsMidApply],
  ["runs (killed + completed + final)", `${result.runs + 1} (${result.kills} + ${result.completed} + 1)`],
  ["entries edited between runs", result.edits],
  ["schedules deleted / disabled elsewhere", `${result.removals} / ${result.drifts}`],
  ["requests seen by the emulator", result.requests],
  ["creates sent (POST)", result.creates],
  ["remote schedules at the end", result.remote],
  ["duplicates found", result.duplicates],
  ["time to converge", `${(result.convergeMs / 1000).toFixed(1)} s`],
];
const width = Math.max(...figures.map(([k]) => k.length));
for (const [k, v] of figures) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
if (result.kills < options.kills)
  result.violations.push(`only ${result.kills} of ${options.kills} kills landed before runs ended`);
if (result.violations.length > 0) {
  process.stdout.write(`\nVIOLATED (${result.violations.length}):\n`);
  for (const v of result.violations.slice(0, 50)) process.stdout.write(`  ${v}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write("\nOK: exactly one remote schedule per entry, every entry bound, nothing pending.\n");
}
