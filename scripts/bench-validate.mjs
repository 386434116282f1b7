#!/usr/bin/env node
// Wall time and peak memory of `bluejay-sync validate` on a generated file (default 10,000
// entries), measured by spawning the built CLI. Run `npm run build` first.
//   node scripts/bench-validate.mjs [entries] [runs]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entries = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), "bluejay-bench-"));
const file = path.join(dir, "bluejay.schedules.yaml");

try {
  const gen = spawnSync(process.execPath, [path.join(root, "scripts/gen-schedules.mjs"), String(entries)], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (gen.status !== 0) throw new Error(`generator failed: ${gen.stderr}`);
  writeFileSync(file, gen.stdout);
  const bytes = statSync(file).size;
  console.log(`file: ${entries} entries, ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(measure(file));
  for (const [i, r] of results.entries()) {
    console.log(
      `run ${i + 1}: exit ${r.code}, wall ${r.wallMs.toFixed(0)} ms, cpu ${r.cpuMs.toFixed(0)} ms, peak RSS ${r.peakMiB} MiB`,
    );
  }
  const walls = results.map((r) => r.wallMs).sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)];
  const peak = results.map((r) => r.peakMiB).filter((m) => m !== null);
  console.log(`median wall ${median.toFixed(0)} ms; peak RSS ${peak.length ? Math.max(...peak) : "n/a"} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** One run under /usr/bin/time -v when it exists (peak RSS), else plain (wall time only). */
function measure(target) {
  const cli = [path.join(root, "dist/cli/main.js"), "validate", "-f", target];
  const timed = spawnSync("/usr/bin/time", ["-v", process.execPath, ...cli], { encoding: "utf8" });
  const started = process.hrtime.bigint();
  const run = timed.error ? spawnSync(process.execPath, cli, { encoding: "utf8" }) : null;
  const plainMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run !== null) return { code: run.status, wallMs: plainMs, cpuMs: NaN, peakMiB: null };
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(timed.stderr);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(timed.stderr);
  const wallMs = wall ? ((Number(wall[1] ?? 0) * 60 + Number(wall[2])) * 60 + Number(wall[3])) * 1000 : NaN;
  // CPU time is the steadier figure on a busy machine, where wall time includes waiting for a core.
  const seconds = (label) =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(timed.stderr)?.[1]);
  const cpuMs = (seconds("User") + seconds("System")) * 1000;
  return { code: timed.status, wallMs, cpuMs, peakMiB: rss ? (Number(rss[1]) / 1024).toFixed(1) : null };
}
