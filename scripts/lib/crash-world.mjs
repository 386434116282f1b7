/**
 * The pieces of the crash suite that are not the loop itself: a seeded random source, a schedules
 * file whose entries can be told apart on the remote, the tool as a child process, and the final
 * check of the guarantees. Shared by scripts/chaos.mjs and test/integration/chaos.test.ts.
 *
 * Entry i owns the (simulation, minute, hour) triple below; its `version` goes in the day-of-month
 * field. So every remote schedule can be traced back to the entry it was made for, even after the
 * entry was edited: two remote schedules traced to one entry are a duplicate, whatever their crons.
 */
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";

export const SIMULATIONS = [30595, 30596, 30597];
const PER_SIMULATION = 24 * 60;

/** mulberry32: small, fast and good enough to make kill moments and edits reproducible. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function entryName(i) {
  return `job-${String(i).padStart(5, "0")}`;
}

/** The simulation and cron of entry `i` at `version` (1..28). */
export function entrySpec(i, version) {
  const slot = i % PER_SIMULATION;
  const simulation = SIMULATIONS[Math.floor(i / PER_SIMULATION) % SIMULATIONS.length];
  return { simulation_id: String(simulation), cron: `${slot % 60} ${Math.floor(slot / 60)} ${version} * *` };
}

/** Which entry a remote schedule was made for, or -1 when it is none of ours. */
export function entryOf(remote) {
  const [minute, hour] = remote.cron_expression.split(" ").map(Number);
  const s = SIMULATIONS.indexOf(Number(remote.simulation_id));
  if (s < 0 || !Number.isInteger(minute) || !Number.isInteger(hour)) return -1;
  return s * PER_SIMULATION + hour * 60 + minute;
}

export function schedulesYaml(versions) {
  const lines = ["version: 1", "schedules:"];
  versions.forEach((version, i) => {
    const { simulation_id, cron } = entrySpec(i, version);
    lines.push(`  ${entryName(i)}:`, `    simulation_id: "${simulation_id}"`, `    schedule: "${cron}"`);
  });
  return `${lines.join("\n")}\n`;
}

export function writeSchedules(file, versions) {
  return writeFile(file, schedulesYaml(versions));
}

/** The lockfile as JSON, null when absent; a lockfile that does not parse is reported, not thrown. */
export async function readLockLenient(lockfile) {
  let text;
  try {
    text = await readFile(lockfile, "utf8");
  } catch {
    return { lock: null, problem: null };
  }
  try {
    return { lock: JSON.parse(text), problem: null };
  } catch (err) {
    return { lock: null, problem: `the lockfile does not parse: ${err.message}` };
  }
}

/**
 * Starts `node <cli> args...` in `cwd`. `exited` resolves with {code, signal, stdout, stderr}.
 * The child's environment holds no BLUEJAY_* variable but those given.
 */
export function spawnTool(cli, args, { cwd, env }) {
  const clean = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("BLUEJAY_")) clean[k] = v;
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { ...clean, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d.toString()));
  child.stderr.on("data", (d) => (stderr += d.toString()));
  const exited = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/**
 * The guarantees after convergence: every entry bound to exactly one remote schedule that matches
 * the file, nothing made for an entry left over (duplicates), nothing pending. `parseLock` is the
 * product's own strict lockfile parser. Returns the figures and every violation found.
 */
export function checkConverged({ remote, lockText, lockfile, parseLock, versions }) {
  const violations = [];
  let lock = null;
  try {
    lock = parseLock(lockText, lockfile);
  } catch (err) {
    violations.push(`the lockfile does not parse: ${err.message}`);
  }
  const perEntry = new Map();
  let foreign = 0;
  for (const r of remote) {
    const i = entryOf(r);
    if (i < 0 || i >= versions.length) foreign++;
    else perEntry.set(i, [...(perEntry.get(i) ?? []), r]);
  }
  let duplicates = 0;
  for (const [i, list] of perEntry) {
    if (list.length < 2) continue;
    duplicates += list.length - 1;
    violations.push(
      `${entryName(i)} has ${list.length} remote schedules: ${list.map((r) => r.id).join(", ")}`,
    );
  }
  if (foreign > 0) violations.push(`${foreign} remote schedule(s) belong to no entry`);
  if (lock) violations.push(...bindingViolations(lock, remote, versions));
  return { duplicates, violations };
}

function bindingViolations(lock, remote, versions) {
  const out = [];
  const byId = new Map(remote.map((r) => [r.id, r]));
  const boundIds = new Set();
  const pending = Object.keys(lock.pending ?? {});
  if (pending.length > 0) out.push(`pending intents left: ${pending.slice(0, 5).join(", ")}`);
  versions.forEach((version, i) => {
    const name = entryName(i);
    const bound = lock.schedules[name];
    const want = entrySpec(i, version);
    if (!bound) return out.push(`${name} is not bound`);
    boundIds.add(bound.id);
    const r = byId.get(bound.id);
    if (!r) return out.push(`${name} is bound to ${bound.id}, which does not exist`);
    if (r.simulation_id !== want.simulation_id || r.cron_expression !== want.cron || !r.enabled)
      out.push(`${name}: remote ${r.id} is ${r.simulation_id} "${r.cron_expression}", want ${want.cron}`);
    if (bound.cron_expression !== want.cron)
      out.push(`${name}: the lockfile records "${bound.cron_expression}"`);
  });
  const extra = Object.keys(lock.schedules).length - versions.length;
  if (extra > 0) out.push(`${extra} binding(s) for names not in the file`);
  const unbound = remote.filter((r) => !boundIds.has(r.id));
  if (unbound.length > 0) out.push(`${unbound.length} remote schedule(s) bound to no entry`);
  return out;
}
