/**
 * Runs the built CLI as a real child process and measures it: wall time (from spawn to exit),
 * peak RSS and CPU time. Under GNU time (`/usr/bin/time -v`) when it is installed; otherwise
 * under rusage-wrapper.mjs, which runs the CLI in the same process and reports
 * process.resourceUsage() at exit (the figures then include the wrapper's few lines).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../..");
export const CLI = path.join(ROOT, "dist/cli/main.js");
const WRAPPER = path.join(here, "rusage-wrapper.mjs");
const GNU_TIME = "/usr/bin/time";

/** "gnu-time" or "resource-usage": how peak RSS is read on this machine. */
export function rssMethod() {
  return existsSync(GNU_TIME) ? "gnu-time" : "resource-usage";
}

/**
 * @param {string[]} args CLI arguments
 * @param {{cwd?: string, env?: Record<string, string>, script?: string}} opts `script` runs another
 *   Node script instead of the CLI (the naive client), measured the same way.
 * @returns {Promise<{code: number|null, wallMs: number, peakRssMiB: number|null, cpuMs: number|null, stdout: string, stderr: string}>}
 */
export async function measureCli(args, opts = {}) {
  const script = opts.script ?? CLI;
  const env = { ...process.env, NO_COLOR: "1", ...opts.env };
  if (rssMethod() === "gnu-time") {
    const r = await run(GNU_TIME, ["-v", process.execPath, script, ...args], opts.cwd, env);
    return { ...r, ...parseGnuTime(r.stderr), stderr: stripGnuTime(r.stderr) };
  }
  const dir = await mkdtemp(path.join(tmpdir(), "bench-rusage-"));
  const out = path.join(dir, "rusage.json");
  try {
    const r = await run(process.execPath, [WRAPPER, script, ...args], opts.cwd, {
      ...env,
      BENCH_RUSAGE_FILE: out,
    });
    const u = JSON.parse(await readFile(out, "utf8").catch(() => "null"));
    return {
      ...r,
      peakRssMiB: u ? u.maxRSS / 1024 : null,
      cpuMs: u ? (u.userCPUTime + u.systemCPUTime) / 1000 : null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(cmd, args, cwd, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, wallMs, stdout, stderr });
    });
  });
}

function parseGnuTime(stderr) {
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const code = /Exit status: (\d+)/.exec(stderr);
  return {
    peakRssMiB: rss ? Number(rss[1]) / 1024 : null,
    cpuMs: user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : null,
    ...(code ? { code: Number(code[1]) } : {}),
  };
}

// GNU time appends its report after the program's own stderr, starting with "Command being timed".
function stripGnuTime(stderr) {
  const at = stderr.lastIndexOf("\tCommand being timed:");
  return at >= 0 ? stderr.slice(0, at) : stderr;
}

export function median(values) {
  const s = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function max(values) {
  const s = values.filter((v) => typeof v === "number" && Number.isFinite(v));
  return s.length ? Math.max(...s) : null;
}
