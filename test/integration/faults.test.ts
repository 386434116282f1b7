/**
 * The fault matrix: reconcileOnce over real HTTP against the emulator with faults injected. Each
 * case is re-run (at most five times) until it converges, then there must be zero duplicates and
 * every entry bound; where convergence is impossible by design, the run must fail with the right
 * exit code and lose nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/cli/exit-codes.js";
import type { EmulatorOptions } from "../../src/emulator/server.js";
import type { RunReport } from "../../src/reconcile/report.js";
import { bindingProblems, distinctEntries, duplicatesOf, seeded } from "../support/chaos.js";
import { createWorld, schedulesYaml, type World } from "../support/world.js";

const N = 30;
const ENTRIES = distinctEntries(N);
const NAMES = Object.keys(ENTRIES);

interface Attempt {
  exit: number;
  report?: RunReport;
  error?: unknown;
}

let world: World | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function open(faults: Partial<EmulatorOptions>, client = {}): Promise<World> {
  world = await createWorld({ random: seeded(6), simulations: [30595], ...faults }, client);
  await world.writeFile(schedulesYaml(ENTRIES));
  return world;
}

/** One apply, as the CLI would end it: a report's exit code, or the exit code of what it threw. */
async function attempt(w: World, opts = {}): Promise<Attempt> {
  try {
    const report = await w.run("apply", opts);
    return { exit: report.exit_code, report };
  } catch (error) {
    return { exit: exitCodeFor(error), error };
  }
}

async function converge(w: World, maxRuns = 5): Promise<Attempt[]> {
  const runs: Attempt[] = [];
  for (let i = 0; i < maxRuns; i++) {
    const run = await attempt(w);
    runs.push(run);
    if (run.exit === 0) break;
  }
  return runs;
}

async function expectConverged(w: World): Promise<void> {
  const remote = w.emulator.schedules();
  expect(duplicatesOf(remote)).toEqual([]);
  expect(remote).toHaveLength(N);
  expect(bindingProblems(await w.readLock(), NAMES, remote)).toEqual([]);
  w.emulator.setFaults({ errorRate: 0, dropRate: 0, rateLimit: 0, latencyMs: 0 });
  const again = await w.run("plan");
  expect(again.changes_pending).toBe(false);
}

const lists = (w: World) =>
  w.emulator.requests().filter((r) => r.method === "GET" && r.path.startsWith("/v1/schedules")).length;

describe("fault matrix: converges with zero duplicates", () => {
  it.each([
    ["5xx on 10% of requests", { errorRate: 0.1 }, (s: number) => s >= 500],
    ["5xx on 20% of requests", { errorRate: 0.2 }, (s: number) => s >= 500],
    ["5xx on 30% of requests", { errorRate: 0.3 }, (s: number) => s >= 500],
    ["a 429 storm with Retry-After", { rateLimit: 8 }, (s: number) => s === 429],
  ])("%s", async (_name, faults, injected) => {
    const w = await open(faults);
    const runs = await converge(w);
    expect(runs.at(-1)?.exit).toBe(0);
    // The fault really happened, or the case proved nothing.
    expect(w.emulator.requests().some((r) => injected(r.status))).toBe(true);
    await expectConverged(w);
  });

  it("creates dropped after commit (30%): one re-list per round adopts what arrived", async () => {
    const w = await open({ dropRate: 0.3 });
    const listsBefore: number[] = [];
    const runs: Attempt[] = [];
    for (let i = 0; i < 5 && runs.at(-1)?.exit !== 0; i++) {
      listsBefore.push(lists(w));
      runs.push(await attempt(w));
      // The plan's list, then at most one per resolving round (three), never one per lost create.
      expect(lists(w) - (listsBefore.at(-1) ?? 0)).toBeLessThanOrEqual(4);
    }
    expect(runs.at(-1)?.exit).toBe(0);
    expect(w.emulator.requests().filter((r) => r.dropped && r.method === "POST").length).toBeGreaterThan(3);
    await expectConverged(w);
  });

  it("no list endpoint: plans from the lockfile alone and warns once", async () => {
    const w = await open({ noList: true });
    const first = await attempt(w);
    expect(first.exit).toBe(0);
    const noListWarnings = first.report!.warnings.filter((x) => /list/i.test(x.message));
    expect(noListWarnings).toHaveLength(1);
    const second = await attempt(w);
    expect(second.exit).toBe(0);
    expect(second.report!.summary.noop).toBe(N);
    const remote = w.emulator.schedules();
    expect(duplicatesOf(remote)).toEqual([]);
    expect(bindingProblems(await w.readLock(), NAMES, remote)).toEqual([]);
  });
});

describe("fault matrix: where convergence is impossible, the right exit code and nothing lost", () => {
  it("responses slower than the client timeout: exit 1, every create kept as pending, then adopted", async () => {
    const w = await open({}, { timeoutMs: 150, retries: 2 });
    let slowed = false;
    const first = await attempt(w, {
      // From the first settled action on, every answer comes after the client gave up waiting.
      onAction: () => {
        if (!slowed) w.emulator.setFaults({ latencyMs: 400 });
        slowed = true;
      },
    });
    expect(first.exit).toBe(1);
    const lock = await w.readLock();
    const remote = w.emulator.schedules();
    const bound = new Set(Object.values(lock?.schedules ?? {}).map((e) => e.id));
    const unbound = remote.filter((r) => !bound.has(r.id));
    expect(unbound.length).toBeGreaterThan(0);
    // Nothing lost: every schedule made but not bound is covered by a pending intent.
    expect(Object.keys(lock?.pending ?? {}).length).toBeGreaterThanOrEqual(unbound.length);
    w.emulator.setFaults({ latencyMs: 0 });
    const postsBefore = w.emulator.requests().filter((r) => r.method === "POST").length;
    const healed = await attempt(w);
    expect(healed.exit).toBe(0);
    const posts = w.emulator.requests().filter((r) => r.method === "POST").length - postsBefore;
    expect(posts).toBe(N - remote.length);
    expect(healed.report!.summary.adopt).toBe(unbound.length);
    await expectConverged(w);
  });

  it("no list endpoint and dropped creates: re-sent, and every possible duplicate is named in a warning", async () => {
    const w = await open({ noList: true, dropRate: 0.3 });
    const runs = await converge(w);
    expect(runs.at(-1)?.exit).toBe(0);
    const said = runs
      .flatMap((r) => [
        ...(r.report?.warnings ?? []).map((x) => x.message),
        ...(r.report?.actions ?? []).filter((a) => /duplicate/.test(a.reason)).map((a) => `"${a.name}"`),
      ])
      .join("\n");
    const remote = w.emulator.schedules();
    const byKey = new Map(NAMES.map((n, i) => [`30595 ${i % 60} ${Math.floor(i / 60)} * * *`, n]));
    const duplicated = duplicatesOf(remote).map((k) => byKey.get(k));
    expect(duplicated.length).toBeGreaterThan(0);
    for (const name of duplicated) expect(said).toContain(`"${name}"`);
    expect(bindingProblems(await w.readLock(), NAMES, remote)).toEqual([]);
  });
});
