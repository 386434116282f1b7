/**
 * Checks shared by the failure suites: duplicates on the remote, and whether the lockfile binds
 * every entry to a schedule that exists. The crash loop itself lives in scripts/lib/crash-loop.mjs
 * (used by `npm run chaos` and test/integration/chaos.test.ts).
 */
import { seededRandom } from "../../scripts/lib/crash-world.mjs";
import type { EmulatedSchedule } from "../../src/emulator/server.js";

/** Remote schedules beyond the first with the same simulation and cron, as "sim cron" keys. */
export function duplicatesOf(remote: EmulatedSchedule[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const r of remote) {
    const key = `${r.simulation_id} ${r.cron_expression}`;
    if (seen.has(key)) dups.push(key);
    seen.add(key);
  }
  return dups;
}

export interface LockView {
  schedules: Record<string, { id: string }>;
  pending?: Record<string, unknown>;
}

/** Every problem with the bindings: names not bound, bound to nothing, or pending. */
export function bindingProblems(
  lock: LockView | null,
  names: string[],
  remote: EmulatedSchedule[],
): string[] {
  if (!lock) return ["no lockfile"];
  const ids = new Set(remote.map((r) => r.id));
  const out: string[] = [];
  for (const name of names) {
    const bound = lock.schedules[name];
    if (!bound) out.push(`${name} is not bound`);
    else if (!ids.has(bound.id)) out.push(`${name} is bound to ${bound.id}, which does not exist`);
  }
  for (const name of Object.keys(lock.pending ?? {})) out.push(`${name} is still pending`);
  return out;
}

/** A seeded source for the emulator's fault draws, so that a failing case can be replayed. */
export const seeded: (seed: number) => () => number = seededRandom;

/** `n` entries with distinct (simulation, cron) pairs, as schedulesYaml input. */
export function distinctEntries(n: number, simulation = "30595"): Record<string, string> {
  const entries: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    entries[`e${i}`] = `simulation_id: "${simulation}"\nschedule: "${i % 60} ${Math.floor(i / 60)} * * *"`;
  return entries;
}
