#!/usr/bin/env node
/**
 * Figures for the sidecar (run after `npm run build`):
 *   - change-to-first-request latency: from writing the file to the first request Bluejay sees
 *     (median and p90 of 20 edits, with the default --debounce of 250 ms and with --debounce 0);
 *   - idle CPU and RSS of the process over a quiet period (default 60 s; --idle-seconds N).
 * Usage: node scripts/bench-sidecar.mjs [--idle-seconds 60] [--edits 20]
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(root, "dist/cli/main.js");
const { startEmulator } = await import(path.join(root, "dist/emulator/server.js"));
const KEY = "bench-sidecar-key-0123456789";

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const IDLE_S = arg("--idle-seconds", 60);
const EDITS = arg("--edits", 20);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(check) {
  while (!(await check())) await sleep(5);
}

function schedules(minute) {
  return `version: 1\nschedules:\n  a:\n    simulation_id: "30595"\n    schedule: "${minute} 1 * * *"\n  b:\n    simulation_id: "30596"\n    schedule: "0 2 * * *"\n`;
}

function startSidecar(dir, emulator, debounce) {
  const child = spawn(
    process.execPath,
    [CLI, "watch", "--listen", "127.0.0.1:0", "--log-format", "json", "--debounce", String(debounce)],
    {
      cwd: dir,
      env: { ...process.env, BLUEJAY_API_KEY: KEY, BLUEJAY_API_URL: emulator.url },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let err = "";
  child.stderr.on("data", (d) => (err += d.toString()));
  return { child, log: () => err };
}

async function cpuTicks(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s)
}
async function rssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function latency(debounce) {
  const emulator = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595, 30596] });
  const dir = await mkdtemp(path.join(tmpdir(), "bench-sidecar-"));
  const file = path.join(dir, "bluejay.schedules.yaml");
  await writeFile(file, schedules(0));
  const sc = startSidecar(dir, emulator, debounce);
  const cronA = () => emulator.schedules().find((s) => s.simulation_id === "30595")?.cron_expression;
  await until(() => cronA() === "0 1 * * *");
  await sleep(300);
  const samples = [];
  for (let i = 1; i <= EDITS; i++) {
    const seen = emulator.requests().length;
    const t0 = Date.now();
    await writeFile(file, schedules(i));
    await until(() => emulator.requests().length > seen);
    samples.push(Date.parse(emulator.requests()[seen].at) - t0);
    await until(() => cronA() === `${i} 1 * * *`);
    await sleep(100);
  }
  sc.child.kill("SIGTERM");
  await new Promise((r) => sc.child.on("exit", r));
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
  return samples;
}

async function idle() {
  const emulator = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595, 30596] });
  const dir = await mkdtemp(path.join(tmpdir(), "bench-sidecar-"));
  await writeFile(path.join(dir, "bluejay.schedules.yaml"), schedules(0));
  const sc = startSidecar(dir, emulator, 250);
  await until(() => emulator.schedules().length === 2);
  await sleep(2000);
  const pid = sc.child.pid;
  const t0 = Date.now();
  const c0 = await cpuTicks(pid);
  let peak = 0;
  while (Date.now() - t0 < IDLE_S * 1000) {
    peak = Math.max(peak, await rssMb(pid));
    await sleep(1000);
  }
  const cpu = ((await cpuTicks(pid)) - c0) / 100 / ((Date.now() - t0) / 1000);
  const rss = await rssMb(pid);
  sc.child.kill("SIGTERM");
  await new Promise((r) => sc.child.on("exit", r));
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
  return { cpuPercent: cpu * 100, rss, peak };
}

for (const debounce of [250, 0]) {
  const s = await latency(debounce);
  console.log(
    `change-to-first-request, --debounce ${debounce}: median ${quantile(s, 0.5)} ms, p90 ${quantile(s, 0.9)} ms, max ${Math.max(...s)} ms (n=${s.length})`,
  );
}
const i = await idle();
console.log(
  `idle over ${IDLE_S} s: CPU ${i.cpuPercent.toFixed(2)} % (target < 1 %), RSS ${i.rss.toFixed(1)} MB, peak ${i.peak.toFixed(1)} MB (target < 100 MB)`,
);
