/**
 * The measurements of `npm run bench`, one function each. Every tool run is a real child process
 * (`node dist/cli/main.js ...`) against an emulator in a process of its own.
 */
import { spawn } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { BENCH_KEY } from "./emulator-process.mjs";
import { createBodies, generatedText, workspace } from "./fixtures.mjs";
import { ROOT, max, measureCli, median } from "./measure-cli.mjs";

const NAIVE = path.join(ROOT, "scripts/bench/naive-client.mjs");

function toolEnv(emulator) {
  return { BLUEJAY_API_KEY: BENCH_KEY, BLUEJAY_API_URL: emulator.url };
}

function check(r, what, expected = 0) {
  if (r.code !== expected)
    throw new Error(`${what}: exit ${r.code}, expected ${expected}\n${r.stderr.slice(-2000)}`);
}

/**
 * `validate` of n entries, `runs` times: median wall, peak RSS. It is offline by contract; the
 * key and URL of a live emulator are set anyway, and its request log proves nothing was sent.
 */
export async function benchValidate(n, runs, emulator) {
  const ws = await workspace(n);
  try {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const before = (await emulator.requests()).length;
      const r = await measureCli(["validate", "-f", ws.file], { cwd: ws.dir, env: toolEnv(emulator) });
      check(r, `validate ${n}`);
      samples.push({ ...r, requests: (await emulator.requests()).length - before });
    }
    return summarize({ entries: n, fileMiB: ws.bytes / 2 ** 20 }, samples);
  } finally {
    await rm(ws.dir, { recursive: true, force: true });
  }
}

/**
 * A no-op `plan` of n entries: first an (unmeasured) apply creates them all and writes the
 * lockfile, then `plan --detailed-exitcode` runs `runs` times; exit 0 proves nothing is pending.
 */
export async function benchNoopPlan(n, runs, emulator) {
  await emulator.reset();
  const ws = await workspace(n);
  const env = toolEnv(emulator);
  try {
    const setup = await measureCli(
      ["apply", "--yes", "-q", "--concurrency", "16", "--rate-limit", "100000"],
      { cwd: ws.dir, env },
    );
    check(setup, `setup apply of ${n}`);
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const before = (await emulator.requests()).length;
      const r = await measureCli(["plan", "--detailed-exitcode"], { cwd: ws.dir, env });
      check(r, `no-op plan of ${n}`);
      samples.push({ ...r, requests: (await emulator.requests()).length - before });
    }
    return { ...summarize({ entries: n }, samples), setupApplyMs: setup.wallMs };
  } finally {
    await rm(ws.dir, { recursive: true, force: true });
  }
}

/** `apply` of n creates into an empty organization with the given flags; one run. */
export async function benchApply(n, emulator, flags) {
  await emulator.reset();
  const ws = await workspace(n);
  try {
    const r = await measureCli(["apply", "--yes", "-q", ...flags], { cwd: ws.dir, env: toolEnv(emulator) });
    check(r, `apply of ${n}`);
    return { entries: n, flags: flags.join(" "), ...(await served(emulator, n)), ...figures(r) };
  } finally {
    await rm(ws.dir, { recursive: true, force: true });
  }
}

/** The naive client: the same n creates, one awaited fetch at a time; one run. */
export async function benchNaive(n, emulator) {
  await emulator.reset();
  const ws = await workspace(n);
  try {
    const bodies = path.join(ws.dir, "bodies.json");
    await writeFile(bodies, JSON.stringify(createBodies(generatedText(n))));
    const r = await measureCli([emulator.url, bodies], {
      script: NAIVE,
      env: { BLUEJAY_API_KEY: BENCH_KEY },
    });
    check(r, "naive client");
    return { entries: n, ...(await served(emulator, n)), ...figures(r) };
  } finally {
    await rm(ws.dir, { recursive: true, force: true });
  }
}

/** What the emulator saw: requests, 429 answers, and whether all n schedules exist. */
async function served(emulator, n) {
  const requests = await emulator.requests();
  const schedules = await emulator.schedules();
  if (schedules.length !== n) throw new Error(`expected ${n} schedules, found ${schedules.length}`);
  return {
    requests: requests.length,
    rateLimited: requests.filter((q) => q.status === 429).length,
    schedules: schedules.length,
  };
}

/** Cold start: `--version`, and `validate` of examples/minimal.yaml; median of `runs`. */
export async function benchColdStart(runs) {
  const out = {};
  const cases = {
    version: ["--version"],
    validateSmall: ["validate", "-f", path.join(ROOT, "examples/minimal.yaml")],
  };
  for (const [name, args] of Object.entries(cases)) {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const r = await measureCli(args, { cwd: ROOT });
      check(r, name);
      samples.push(r);
    }
    out[name] = summarize({ args: args.join(" ").replace(`${ROOT}/`, "") }, samples);
  }
  return out;
}

/** Runs scripts/bench-sidecar.mjs (the sidecar engineer's script) and reads its figures. */
export function benchSidecar({ idleSeconds, edits }) {
  const script = path.join(ROOT, "scripts/bench-sidecar.mjs");
  const args = [script, "--idle-seconds", String(idleSeconds), "--edits", String(edits)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`bench-sidecar.mjs exited ${code}:\n${out}`));
      resolve({ ...parseSidecar(out), idleSeconds, edits, output: out.trim().split("\n") });
    });
  });
}

export function parseSidecar(out) {
  const latency = {};
  const re = /--debounce (\d+): median (\d+(?:\.\d+)?) ms, p90 (\d+(?:\.\d+)?) ms, max (\d+(?:\.\d+)?) ms/g;
  for (const m of out.matchAll(re))
    latency[`debounce${m[1]}`] = { medianMs: Number(m[2]), p90Ms: Number(m[3]), maxMs: Number(m[4]) };
  const idle = /CPU ([\d.]+) %.*?RSS ([\d.]+) MB, peak ([\d.]+) MB/.exec(out);
  return {
    changeToRequest: latency,
    idle: idle ? { cpuPercent: Number(idle[1]), rssMiB: Number(idle[2]), peakRssMiB: Number(idle[3]) } : null,
  };
}

function figures(r) {
  return { code: r.code, wallMs: r.wallMs, peakRssMiB: r.peakRssMiB, cpuMs: r.cpuMs };
}

function summarize(base, samples) {
  return {
    ...base,
    runs: samples.length,
    wallMs: median(samples.map((s) => s.wallMs)),
    wallMsAll: samples.map((s) => Math.round(s.wallMs)),
    peakRssMiB: max(samples.map((s) => s.peakRssMiB)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    ...(samples[0]?.requests !== undefined ? { requests: samples.map((s) => s.requests) } : {}),
  };
}
