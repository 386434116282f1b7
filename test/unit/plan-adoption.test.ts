import { describe, expect, it } from "vitest";
import { NO_LIST_WARNING, plan, type PlanInput } from "../../src/core/plan.js";
import type { Action } from "../../src/core/types.js";
import { bindingOf, DAILY_3, desired, entry, lock, pendingOf, remote } from "./plan-helpers.js";

const A = entry("a");

function pick(a: Action) {
  return { kind: a.kind, id: a.id, changes: a.changes };
}

describe("plan: an entry without a binding, remote known", () => {
  it.each<[string, PlanInput, { kind: string; id?: string; changes?: string[] }[], string]>([
    [
      "no candidate -> create",
      {
        desired: desired([A]),
        lock: lock(),
        remote: [remote("f1", "999"), remote("f2", "100", "0 3 * * *")],
        prune: false,
      },
      [{ kind: "create" }],
      "no unbound remote schedule matches",
    ],
    [
      "exactly one candidate, equivalent cron -> adopt",
      { desired: desired([A]), lock: lock(), remote: [remote("f1", "100", "00 2 * * 0-7")], prune: false },
      [{ kind: "adopt", id: "f1" }],
      "unbound remote schedule f1",
    ],
    [
      "one candidate with enabled differing -> adopt, then update",
      {
        desired: desired([A]),
        lock: lock(),
        remote: [remote("f1", "100", "0 2 * * *", false)],
        prune: false,
      },
      [{ kind: "adopt", id: "f1", changes: ["enabled"] }],
      "enabled is false, want true: will be updated after binding",
    ],
    [
      "several candidates -> create, none adopted",
      { desired: desired([A]), lock: lock(), remote: [remote("f1"), remote("f2")], prune: false },
      [{ kind: "create" }],
      "2 unbound schedules match",
    ],
    [
      "candidate bound to an orphan lock entry stays its own -> create",
      {
        desired: desired([A]),
        lock: lock({ gone: bindingOf(entry("gone"), "f1") }),
        remote: [remote("f1")],
        prune: false,
      },
      [{ kind: "create" }, { kind: "orphan", id: "f1" }],
      "no unbound remote schedule matches",
    ],
    [
      "two entries, one candidate -> first in file order adopts, second creates",
      { desired: desired([entry("z"), entry("b")]), lock: lock(), remote: [remote("f1")], prune: false },
      [{ kind: "adopt", id: "f1" }, { kind: "create" }],
      "f1",
    ],
    [
      "pending + several candidates -> adopt the newest",
      {
        desired: desired([A]),
        lock: lock({}, { a: pendingOf(A) }),
        remote: [
          remote("old", "100", "0 2 * * *", true, "2024-01-01T00:00:00Z"),
          remote("new", "100", "0 2 * * *", true, "2024-06-01T00:00:00Z"),
          remote("none", "100", "0 2 * * *", true),
        ],
        prune: false,
      },
      [{ kind: "adopt", id: "new" }],
      "a create from an earlier run arrived",
    ],
    [
      "pending + several candidates of equal age -> adopt the smallest id",
      {
        desired: desired([A]),
        lock: lock({}, { a: pendingOf(A) }),
        remote: [
          remote("r9", "100", "0 2 * * *", true, "2024-01-01T00:00:00Z"),
          remote("r3", "100", "0 2 * * *", true, "2024-01-01T00:00:00Z"),
        ],
        prune: false,
      },
      [{ kind: "adopt", id: "r3" }],
      "a create from an earlier run arrived",
    ],
    [
      "pending, entry edited since -> adopt what the earlier create sent, then update",
      {
        desired: desired([A]),
        lock: lock({}, { a: pendingOf(entry("a", "100", DAILY_3, false)) }),
        remote: [remote("f1", "100", "0 3 * * *", false)],
        prune: false,
      },
      [{ kind: "adopt", id: "f1", changes: ["cron_expression", "enabled"] }],
      "arrived as f1; cron is 0 3 * * *, want 0 2 * * *, enabled is false, want true: will be updated after binding",
    ],
    [
      "pending for another simulation, entry moved since -> create",
      {
        desired: desired([A]),
        lock: lock({}, { a: pendingOf(entry("a", "200")) }),
        remote: [remote("f1", "200")],
        prune: false,
      },
      [{ kind: "create" }],
      "simulation changed since",
    ],
    [
      "pending, nothing arrived -> create",
      { desired: desired([A]), lock: lock({}, { a: pendingOf(A) }), remote: [], prune: false },
      [{ kind: "create" }],
      "did not arrive",
    ],
  ])("%s", (_title, input, want, reason) => {
    const p = plan(input);
    expect(p.actions.map(pick)).toEqual(want.map((w) => ({ kind: w.kind, id: w.id, changes: w.changes })));
    expect(p.actions[0]?.reason).toContain(reason);
    expect(p.actions[0]?.target).toEqual({
      simulation_id: "100",
      cron_expression: "0 2 * * *",
      enabled: true,
    });
    expect(p.warnings).toEqual([]);
  });
});

describe("plan: an entry without a binding, remote unknown", () => {
  it.each([
    ["no pending", undefined, "not listable"],
    ["pending", { a: pendingOf(A) }, "a duplicate may exist"],
  ])("%s -> create", (_title, pending, reason) => {
    const p = plan({ desired: desired([A]), lock: lock({}, pending), remote: null, prune: false });
    expect(p.actions.map(pick)).toEqual([{ kind: "create", id: undefined, changes: undefined }]);
    expect(p.actions[0]?.reason).toContain(reason);
    expect(p.warnings).toEqual([NO_LIST_WARNING]);
  });
});
