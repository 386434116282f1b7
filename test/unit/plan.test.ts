import { describe, expect, it } from "vitest";
import { NO_LIST_WARNING, plan, type PlanInput } from "../../src/core/plan.js";
import type { Action } from "../../src/core/types.js";
import { bindingOf, DAILY_2, DAILY_3, desired, entry, lock, pendingOf, remote } from "./plan-helpers.js";

const A = entry("a");

function only(input: PlanInput): Action {
  const p = plan(input);
  expect(p.actions).toHaveLength(1);
  return p.actions[0] as Action;
}

function pick(a: Action) {
  return { kind: a.kind, id: a.id, changes: a.changes };
}

describe("plan: an entry with a binding, remote known", () => {
  it.each<[string, PlanInput, { kind: string; id?: string; changes?: string[] }, string]>([
    [
      "bound id absent from remote -> recreate",
      {
        desired: desired([A]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("other", "999")],
        prune: false,
      },
      { kind: "recreate", id: "r1" },
      "remote schedule r1 is gone (deleted elsewhere)",
    ],
    [
      "simulation changed -> replace",
      {
        desired: desired([entry("a", "200")]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1")],
        prune: false,
      },
      { kind: "replace", id: "r1", changes: ["simulation_id"] },
      "simulation changed: 100 -> 200",
    ],
    [
      "simulation and cron changed -> replace naming both",
      {
        desired: desired([entry("a", "200", DAILY_3)]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1")],
        prune: false,
      },
      { kind: "replace", id: "r1", changes: ["simulation_id", "cron_expression"] },
      "delete r1",
    ],
    [
      "entry changed its cron -> update, entry changed",
      {
        desired: desired([entry("a", "100", DAILY_3)]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1")],
        prune: false,
      },
      { kind: "update", id: "r1", changes: ["cron_expression"] },
      "schedule changed: cron 0 2 * * * -> 0 3 * * *",
    ],
    [
      "entry changed enabled -> update",
      {
        desired: desired([entry("a", "100", DAILY_2, false)]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1")],
        prune: false,
      },
      { kind: "update", id: "r1", changes: ["enabled"] },
      "schedule changed: enabled true -> false",
    ],
    [
      "remote disabled elsewhere -> update, remote drifted",
      {
        desired: desired([A]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1", "100", "0 2 * * *", false)],
        prune: false,
      },
      { kind: "update", id: "r1", changes: ["enabled"] },
      "remote drifted: enabled is false, want true",
    ],
    [
      "remote cron edited elsewhere -> update, remote drifted",
      {
        desired: desired([A]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1", "100", "0 5 * * *")],
        prune: false,
      },
      { kind: "update", id: "r1", changes: ["cron_expression"] },
      "remote drifted: cron is 0 5 * * *, want 0 2 * * *",
    ],
    [
      "entry changed cron while remote drifted enabled -> both named",
      {
        desired: desired([entry("a", "100", DAILY_3)]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1", "100", "0 2 * * *", false)],
        prune: false,
      },
      { kind: "update", id: "r1", changes: ["cron_expression", "enabled"] },
      "schedule changed: cron 0 2 * * * -> 0 3 * * *; remote drifted: enabled is false, want true",
    ],
    [
      "remote cron equal in meaning (00 02) -> noop",
      {
        desired: desired([A]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1", "100", "00 02 * * *")],
        prune: false,
      },
      { kind: "noop", id: "r1" },
      "in sync",
    ],
    [
      "entry changed in form only (daily -> cron string) -> noop",
      {
        desired: desired([entry("a", "100", { frequency: "cron", expression: "0 2 * * *" })]),
        lock: lock({ a: bindingOf(A, "r1") }),
        remote: [remote("r1")],
        prune: false,
      },
      { kind: "noop", id: "r1" },
      "in sync",
    ],
  ])("%s", (_title, input, want, reason) => {
    const a = only(input);
    expect(pick(a)).toEqual({ kind: want.kind, id: want.id, changes: want.changes });
    expect(a.reason).toContain(reason);
    expect(a.entry).toBe(input.desired.entries[0]);
    expect(a.target).toEqual({
      simulation_id: input.desired.entries[0]?.simulation_id,
      cron_expression: a.target?.cron_expression,
      enabled: input.desired.entries[0]?.enabled,
    });
  });
});

describe("plan: an entry with a binding, remote unknown (no list endpoint)", () => {
  it.each<[string, PlanInput["desired"], { kind: string; changes?: string[] }, string]>([
    [
      "simulation changed -> replace",
      desired([entry("a", "200")]),
      { kind: "replace", changes: ["simulation_id"] },
      "lockfile",
    ],
    [
      "cron changed -> update",
      desired([entry("a", "100", DAILY_3)]),
      { kind: "update", changes: ["cron_expression"] },
      "cron 0 2 * * * -> 0 3 * * *",
    ],
    [
      "enabled changed -> update",
      desired([entry("a", "100", DAILY_2, false)]),
      { kind: "update", changes: ["enabled"] },
      "enabled true -> false",
    ],
    [
      "form changed only (spec hash differs) -> update",
      desired([entry("a", "100", { frequency: "cron", expression: "0 2 * * *" })]),
      { kind: "update", changes: ["schedule"] },
      "form only",
    ],
    ["unchanged -> noop, never recreate", desired([A]), { kind: "noop" }, "lockfile"],
  ])("%s", (_title, d, want, reason) => {
    const p = plan({ desired: d, lock: lock({ a: bindingOf(A, "r1") }), remote: null, prune: false });
    expect(p.actions.map(pick)).toEqual([{ kind: want.kind, id: "r1", changes: want.changes }]);
    expect(p.actions[0]?.reason).toContain(reason);
    expect(p.warnings).toEqual([NO_LIST_WARNING]);
  });
});

describe("plan: names that left the file", () => {
  const l = lock({
    b: bindingOf(entry("b"), "rb"),
    a: bindingOf(A, "ra"),
    keep: bindingOf(entry("keep"), "rk"),
  });
  const d = desired([entry("keep")]);

  it.each([
    [true, [remote("rk"), remote("ra")], ["noop", "delete", "delete"]],
    [false, [remote("rk"), remote("ra")], ["noop", "orphan", "orphan"]],
    [true, null, ["noop", "delete", "delete"]],
    [false, null, ["noop", "orphan", "orphan"]],
  ])("prune=%s -> entries first, then removed names sorted", (prune, r, kinds) => {
    const p = plan({ desired: d, lock: l, remote: r, prune });
    expect(p.actions.map((a) => [a.kind, a.name, a.id])).toEqual([
      [kinds[0], "keep", "rk"],
      [kinds[1], "a", "ra"],
      [kinds[2], "b", "rb"],
    ]);
    for (const a of p.actions.slice(1)) {
      expect(a.entry).toBeUndefined();
      expect(a.target).toBeUndefined();
    }
  });

  it("deletes even when the remote no longer has it, and says so", () => {
    const p = plan({ desired: d, lock: l, remote: [remote("rk")], prune: true });
    expect(p.actions[1]?.reason).toContain("already gone");
  });
});

describe("plan: warnings and odd inputs", () => {
  it("warns about a pending intent whose entry left the file", () => {
    const p = plan({
      desired: desired([A]),
      lock: lock({}, { ghost: pendingOf(entry("ghost")) }),
      remote: [],
      prune: false,
    });
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toContain("ghost");
  });

  it("does not warn about a pending intent of an entry still in the file", () => {
    const p = plan({ desired: desired([A]), lock: lock({}, { a: pendingOf(A) }), remote: [], prune: false });
    expect(p.warnings).toEqual([]);
  });

  it("warns once when the remote cannot be listed", () => {
    const p = plan({ desired: desired([A, entry("b")]), lock: lock(), remote: null, prune: false });
    expect(p.warnings).toEqual([NO_LIST_WARNING]);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "treats the name %s as plain data",
    (name) => {
      const p = plan({ desired: desired([entry(name)]), lock: lock({}, {}), remote: [], prune: false });
      expect(p.actions.map((a) => a.kind)).toEqual(["create"]);
      expect(p.actions[0]?.reason).toContain("no unbound remote schedule");
    },
  );

  it("never acts on a foreign schedule that matches nothing", () => {
    const p = plan({
      desired: desired([A]),
      lock: lock({ a: bindingOf(A, "r1") }),
      remote: [remote("r1"), remote("f1", "7")],
      prune: true,
    });
    expect(p.actions.map(pick)).toEqual([{ kind: "noop", id: "r1", changes: undefined }]);
  });

  it("adopts a foreign schedule whose cron does not parse when it is the same text", () => {
    const weird = entry("a", "100", { frequency: "cron", expression: "0 2 * * * *" });
    const p = plan({
      desired: desired([weird]),
      lock: lock(),
      remote: [remote("f1", "100", "0  2 * * * *")],
      prune: false,
    });
    expect(p.actions.map(pick)).toEqual([{ kind: "adopt", id: "f1", changes: undefined }]);
  });
});
