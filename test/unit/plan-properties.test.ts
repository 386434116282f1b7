import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeCron } from "../../src/core/cron.js";
import { plan, targetOf, type PlanInput } from "../../src/core/plan.js";
import { specHash } from "../../src/core/spec-hash.js";
import type { Action, LockState, RemoteSchedule, ScheduleVariant } from "../../src/core/types.js";
import { desired, entry } from "./plan-helpers.js";

const NAMES = ["a", "b", "c", "d", "e", "f", "g"];
const SIMS = ["1", "2", "3"];
// Several variants mean the same thing, so adoption and "no false drift" are exercised.
const VARIANTS: ScheduleVariant[] = [
  { frequency: "daily", time: "02:00" },
  { frequency: "cron", expression: "0 2 * * *" },
  { frequency: "cron", expression: "00 02 * * *" },
  { frequency: "daily", time: "03:00" },
  { frequency: "every_n_minutes", interval: 15 },
  { frequency: "cron", expression: "*/15 * * * *" },
  { frequency: "weekly", day_of_week: "sunday", time: "01:00" },
  { frequency: "cron", expression: "0 1 * * 7" },
  { frequency: "monthly", day_of_month: 1, time: "06:00" },
];
const CRONS = ["0 2 * * *", "00 2 * * *", "0 3 * * *", "*/15 * * * *", "0 1 * * 0", "0 6 1 * *"];

const sim = fc.constantFrom(...SIMS);
const cron = fc.constantFrom(...CRONS);
const createdAt = fc.option(
  fc.constantFrom("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"),
  {
    nil: undefined,
  },
);

const entryArb = fc.record({
  name: fc.constantFrom(...NAMES),
  sim,
  variant: fc.constantFrom(...VARIANTS),
  enabled: fc.boolean(),
});

// What became of a bound schedule on the remote since the last apply.
const fate = fc.constantFrom("same", "same", "drift-enabled", "drift-cron", "other-sim", "gone");

const bindingArb = fc.record({
  name: fc.constantFrom(...NAMES),
  sim,
  cron,
  enabled: fc.boolean(),
  hashFromEntry: fc.boolean(),
  fate,
});

const foreignArb = fc.record({ sim, cron, enabled: fc.boolean(), created_at: createdAt });

const inputArb = fc
  .record({
    entries: fc.uniqueArray(entryArb, { selector: (e) => e.name, maxLength: 6 }),
    bindings: fc.uniqueArray(bindingArb, { selector: (b) => b.name, maxLength: 6 }),
    foreign: fc.array(foreignArb, { maxLength: 6 }),
    pending: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
    prune: fc.boolean(),
  })
  .map(({ entries, bindings, foreign, pending, prune }): PlanInput => {
    const d = desired(entries.map((e) => entry(e.name, e.sim, e.variant, e.enabled)));
    const byName = new Map(d.entries.map((e) => [e.name, e]));
    const lock: LockState = { version: 1, api_url: "https://x.test", schedules: {}, pending: {} };
    const remote: RemoteSchedule[] = [];
    bindings.forEach((b, i) => {
      const id = `r${i}`;
      const e = byName.get(b.name);
      const spec_hash = b.hashFromEntry && e ? specHash(e) : "sha256:old";
      lock.schedules[b.name] = {
        id,
        simulation_id: b.sim,
        cron_expression: b.cron,
        enabled: b.enabled,
        spec_hash,
      };
      const r = { id, simulation_id: b.sim, cron_expression: b.cron, enabled: b.enabled };
      if (b.fate === "gone") return;
      if (b.fate === "drift-enabled") r.enabled = !r.enabled;
      if (b.fate === "drift-cron") r.cron_expression = "59 23 * * *";
      if (b.fate === "other-sim") r.simulation_id = "9";
      remote.push(r);
    });
    foreign.forEach((f, i) => {
      remote.push({
        id: `f${i}`,
        simulation_id: f.sim,
        cron_expression: f.cron,
        enabled: f.enabled,
        ...(f.created_at ? { created_at: f.created_at } : {}),
      });
    });
    for (const name of pending)
      lock.pending![name] = {
        simulation_id: "1",
        cron_expression: "0 2 * * *",
        enabled: true,
        spec_hash: "sha256:p",
      };
    return { desired: d, lock, remote, prune };
  });

/** A small model of what apply does to the remote and the lockfile. */
function applyModel(
  input: PlanInput,
  actions: Action[],
): { lock: LockState; remote: RemoteSchedule[] | null } {
  const lock: LockState = structuredClone(input.lock);
  const remote = new Map((input.remote ?? []).map((r) => [r.id, { ...r }]));
  let next = 0;
  const bind = (a: Action, id: string) => {
    lock.schedules[a.name] = { id, ...a.target!, spec_hash: specHash(a.entry!) };
    delete lock.pending?.[a.name];
  };
  const create = (a: Action) => {
    const id = `new${next++}`;
    remote.set(id, { id, ...a.target! });
    bind(a, id);
  };
  for (const a of actions) {
    if (a.kind === "create" || a.kind === "recreate") create(a);
    if (a.kind === "replace") {
      create(a);
      remote.delete(a.id!);
    }
    if (a.kind === "adopt" || a.kind === "update") {
      const r = remote.get(a.id!);
      // Adopt (then update) and update never move a schedule to another simulation.
      const { cron_expression, enabled } = a.target!;
      if (r) Object.assign(r, { cron_expression, enabled });
      bind(a, a.id!);
    }
    if (a.kind === "noop" && a.entry) bind(a, a.id!);
    if (a.kind === "delete") {
      remote.delete(a.id!);
      delete lock.schedules[a.name];
    }
  }
  return { lock, remote: input.remote === null ? null : [...remote.values()] };
}

const withNullRemote = fc
  .tuple(inputArb, fc.boolean())
  .map(([input, noList]) => (noList ? { ...input, remote: null } : input));

function unboundIds(input: PlanInput): Set<string> {
  const bound = new Set(Object.values(input.lock.schedules).map((b) => b.id));
  return new Set((input.remote ?? []).map((r) => r.id).filter((id) => !bound.has(id)));
}

/** Every entry is bound to a remote schedule that holds what the entry asks for. */
function expectRemoteMatchesFile(input: PlanInput, lock: LockState, remote: RemoteSchedule[]): void {
  const byId = new Map(remote.map((r) => [r.id, r]));
  for (const e of input.desired.entries) {
    const r = byId.get(lock.schedules[e.name]?.id ?? "");
    const t = targetOf(e);
    expect(r && [r.simulation_id, normalizeCron(r.cron_expression), r.enabled]).toEqual([
      t.simulation_id,
      normalizeCron(t.cron_expression),
      t.enabled,
    ]);
  }
}

describe("plan: properties", () => {
  it("applying a plan and planning again leaves only noop (and orphan when not pruning)", () => {
    fc.assert(
      fc.property(withNullRemote, (input) => {
        const after = applyModel(input, plan(input).actions);
        const again = plan({ ...input, ...after });
        const allowed = input.prune ? ["noop"] : ["noop", "orphan"];
        if (after.remote) expectRemoteMatchesFile(input, after.lock, after.remote);
        expect(
          again.actions
            .filter((a) => !allowed.includes(a.kind))
            .map((a) => `${a.kind} ${a.name}: ${a.reason}`),
        ).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("never deletes when pruning is off", () => {
    fc.assert(
      fc.property(withNullRemote, (input) => {
        const p = plan({ ...input, prune: false });
        expect(p.actions.filter((a) => a.kind === "delete")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("acts on a schedule no entry is bound to only by adopting it, and adopts it at most once", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const foreign = unboundIds(input);
        const actions = plan(input).actions;
        const touched = actions.filter((a) => a.kind !== "adopt" && a.id !== undefined && foreign.has(a.id));
        expect(touched).toEqual([]);
        const adopted = actions.filter((a) => a.kind === "adopt").map((a) => a.id);
        expect(adopted.every((id) => id !== undefined && foreign.has(id))).toBe(true);
        expect(new Set(adopted).size).toBe(adopted.length);
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic and does not depend on the order of the remote list", () => {
    fc.assert(
      fc.property(withNullRemote, fc.boolean(), (input, reverse) => {
        const first = plan(structuredClone(input));
        expect(plan(structuredClone(input))).toEqual(first);
        const list = input.remote ? [...input.remote] : null;
        if (list) list.sort((x, y) => (x.id < y.id === reverse ? 1 : -1));
        expect(plan({ ...structuredClone(input), remote: list })).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it("gives every entry exactly one action, in file order, then removed names sorted", () => {
    fc.assert(
      fc.property(withNullRemote, (input) => {
        const names = plan(input).actions.map((a) => a.name);
        const inFile = input.desired.entries.map((e) => e.name);
        const removed = Object.keys(input.lock.schedules)
          .filter((n) => !inFile.includes(n))
          .sort();
        expect(names).toEqual([...inFile, ...removed]);
      }),
      { numRuns: 300 },
    );
  });
});
