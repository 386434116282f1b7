/**
 * The crash loop: the tool as a real child process (`apply --yes`) against the emulator, killed
 * with SIGKILL at seeded random moments and restarted, with the world changing between runs the
 * way it does in real life (entries edited, schedules deleted or edited elsewhere); then one run
 * without kills, which must converge. Shared by scripts/chaos.mjs and the shorter test in
 * test/integration/chaos.test.ts; the emulator and the lockfile parser are passed in so that the
 * test can use the sources and the script the build.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  SIMULATIONS,
  checkConverged,
  entryName,
  entryOf,
  readLockLenient,
  seededRandom,
  spawnTool,
  writeSchedules,
} from "./crash-world.mjs";

const API_KEY = "chaos-emulator-key-0123456789";

export async function runCrashLoop(o) {
  const emulator = await o.startEmulator({
    apiKey: API_KEY,
    port: 0,
    simulations: SIMULATIONS,
    latencyMs: o.latencyMs,
  });
  const dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-chaos-"));
  try {
    return await crashThenConverge(o, emulator, dir);
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function crashThenConverge(o, emulator, dir) {
  const log = o.log ?? (() => {});
  const concurrency = o.concurrency ?? 8;
  const w = {
    o,
    emulator,
    cwd: dir,
    rng: seededRandom(o.seed),
    file: path.join(dir, "bluejay.schedules.yaml"),
    lockfile: path.join(dir, "bluejay.schedules.lock.json"),
    env: { BLUEJAY_API_URL: emulator.url, BLUEJAY_API_KEY: API_KEY },
    args: ["apply", "--yes", "-q", "--rate-limit", "100000", "--concurrency", String(concurrency)],
    versions: new Array(o.entries).fill(1),
    stats: { kills: 0, killsMidApply: 0, runs: 0, completed: 0, edits: 0, removals: 0, drifts: 0 },
    violations: [],
    pendingWork: o.entries,
  };
  await writeSchedules(w.file, w.versions);
  const startupMs = await measureStartup(w);
  log(
    `${o.entries} entries, latency ${o.latencyMs} ms, seed ${o.seed}, tool start-up ~${Math.round(startupMs)} ms`,
  );
  const t0 = performance.now();
  // Kills that all land before the first request prove little: go on until one lands mid-apply.
  const more = () => w.stats.kills < o.kills || w.stats.killsMidApply === 0;
  for (let round = 0; more() && round < o.kills * 6; round++) {
    const expectedMs = startupMs + Math.ceil(w.pendingWork / concurrency) * (o.latencyMs + 4);
    const sentBefore = mutationsSent(emulator);
    const r = await runTool(w, w.rng() * expectedMs);
    w.stats.runs++;
    if (r.signal === "SIGKILL") {
      w.stats.kills++;
      if (mutationsSent(emulator) > sentBefore) w.stats.killsMidApply++;
    } else {
      w.stats.completed++;
      if (r.code !== 0) w.violations.push(`a run without a kill exited ${r.code}: ${tail(r)}`);
    }
    // A request sent just before the kill may still be on its way into the emulator.
    await sleep(o.latencyMs + 20);
    await churn(w);
    log(`run ${w.stats.runs}: ${r.signal ?? `exit ${r.code}`}; remote ${emulator.schedules().length}`);
  }
  const final = await runTool(w, Infinity);
  const convergeMs = performance.now() - t0;
  if (final.code !== 0) w.violations.push(`the final run exited ${final.code}: ${tail(final)}`);
  const again = await spawnTool(o.cli, ["plan", "--detailed-exitcode", "-q"], w).exited;
  if (again.code !== 0) w.violations.push(`plan after convergence exited ${again.code} (want 0: in sync)`);
  return report(w, convergeMs);
}

async function report(w, convergeMs) {
  const requests = w.emulator.requests();
  const lockText = await readFile(w.lockfile, "utf8").catch(() => "");
  const check = checkConverged({
    remote: w.emulator.schedules(),
    lockText,
    lockfile: w.lockfile,
    parseLock: w.o.parseLock,
    versions: w.versions,
  });
  return {
    entries: w.o.entries,
    ...w.stats,
    requests: requests.length,
    creates: requests.filter((r) => r.method === "POST").length,
    remote: w.emulator.schedules().length,
    duplicates: check.duplicates,
    convergeMs: Math.round(convergeMs),
    violations: [...w.violations, ...check.violations],
  };
}

/** Node's start-up plus loading the file: the part of every run before the first request. */
async function measureStartup(w) {
  const t = performance.now();
  const r = await spawnTool(w.o.cli, ["plan", "-q"], w).exited;
  if (r.code !== 0) throw new Error(`the generated file does not validate: ${tail(r)}`);
  return performance.now() - t;
}

/** One run of the tool, killed after `killAfterMs` unless it ended first. */
async function runTool(w, killAfterMs) {
  const { child, exited } = spawnTool(w.o.cli, w.args, w);
  const timer = Number.isFinite(killAfterMs) ? setTimeout(() => child.kill("SIGKILL"), killAfterMs) : null;
  const r = await exited;
  if (timer) clearTimeout(timer);
  return r;
}

function mutationsSent(emulator) {
  return emulator.requests().filter((r) => r.method !== "GET").length;
}

function tail(r) {
  return `${r.stderr}${r.stdout}`.trim().split("\n").slice(-3).join(" | ");
}

/**
 * Changes the world between runs. A create whose schedule arrived but whose id the killed run did
 * not record is the dangerous case: its entry is edited right away, so only the pending intent can
 * lead the next run to the schedule already made. When little is left to create, schedules are
 * deleted or disabled elsewhere so that later kills still land on real work.
 */
async function churn(w) {
  const { lock, problem } = await readLockLenient(w.lockfile);
  if (problem) w.violations.push(`after run ${w.stats.runs}: ${problem}`);
  const remote = w.emulator.schedules();
  const bound = new Set(Object.values(lock?.schedules ?? {}).map((e) => e.id));
  const edits = new Set();
  for (const r of remote) {
    const i = entryOf(r);
    if (bound.has(r.id) || i < 0 || lock?.schedules?.[entryName(i)]) continue;
    if (w.rng() < 0.8) edits.add(i);
  }
  let work = Math.max(0, w.o.entries - remote.length);
  if (work < w.o.entries / 3) work += disturbRemote(w, remote, bound);
  for (let i = 0; i < w.o.entries; i++) if (w.rng() < 0.01) edits.add(i);
  for (const i of edits) w.versions[i] = (w.versions[i] % 28) + 1;
  w.stats.edits += edits.size;
  if (edits.size > 0) await writeSchedules(w.file, w.versions);
  w.pendingWork = work + edits.size;
}

/** Deletes some bound schedules and disables others behind the tool's back; returns how many. */
function disturbRemote(w, remote, bound) {
  let n = 0;
  for (const r of remote) {
    if (!bound.has(r.id)) continue;
    const draw = w.rng();
    if (draw < 0.2) {
      w.emulator.remove(r.id);
      w.stats.removals++;
      n++;
    } else if (draw < 0.25) {
      w.emulator.mutate(r.id, { enabled: false });
      w.stats.drifts++;
      n++;
    }
  }
  return n;
}
