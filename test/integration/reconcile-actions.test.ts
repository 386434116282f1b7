/**
 * Every action of the planner carried out against the emulator over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorld, schedulesYaml, type World } from "../support/world.js";

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.close();
});

const nightly = 'simulation_id: "30595"\nschedule: { frequency: daily, time: "02:00" }';
const smoke = 'simulation_id: "30596"\nschedule: "*/15 * * * *"';

describe("apply", () => {
  it("creates what is missing, binds it in the lockfile, and is in sync the second time", async () => {
    await w.writeFile(schedulesYaml({ nightly, smoke }));
    const first = await w.run("apply");
    expect(first.ok).toBe(true);
    expect(first.actions.map((a) => [a.name, a.action, a.result])).toEqual([
      ["nightly", "create", "ok"],
      ["smoke", "create", "ok"],
    ]);
    const remote = w.emulator.schedules();
    expect(remote.map((s) => s.cron_expression).sort()).toEqual(["*/15 * * * *", "0 2 * * *"]);
    const lock = await w.readLock();
    expect(Object.keys(lock?.schedules ?? {})).toEqual(["nightly", "smoke"]);
    expect(lock?.pending).toBeUndefined();
    const second = await w.run("apply");
    expect(second.actions.every((a) => a.action === "noop")).toBe(true);
    expect(second.summary.requests).toBe(1);
    expect(w.emulator.schedules()).toHaveLength(2);
  });

  it("adopts an unbound matching schedule instead of creating, then updates enabled", async () => {
    const existing = w.emulator.insert({
      simulation_id: "30595",
      cron_expression: "0 2 * * *",
      enabled: false,
    });
    await w.writeFile(schedulesYaml({ nightly }));
    const r = await w.run("apply");
    expect(r.actions[0]).toMatchObject({ name: "nightly", action: "adopt", id: existing.id, result: "ok" });
    expect(w.emulator.schedules()).toHaveLength(1);
    expect(w.emulator.schedules()[0]?.enabled).toBe(true);
  });

  it("updates a changed entry and repairs drift made elsewhere", async () => {
    await w.writeFile(schedulesYaml({ nightly }));
    await w.run("apply");
    await w.writeFile(schedulesYaml({ nightly: nightly.replace("02:00", "03:30") }));
    const changed = await w.run("apply");
    expect(changed.actions[0]).toMatchObject({ action: "update", result: "ok" });
    expect(w.emulator.schedules()[0]?.cron_expression).toBe("30 3 * * *");
    const id = w.emulator.schedules()[0]!.id;
    w.emulator.mutate(id, { enabled: false });
    const drift = await w.run("apply");
    expect(drift.actions[0]).toMatchObject({ action: "update", result: "ok" });
    expect(drift.actions[0]?.reason).toMatch(/drift/);
    expect(w.emulator.schedules()[0]?.enabled).toBe(true);
  });

  it("replaces on a simulation change: the new one is created, the old one deleted", async () => {
    await w.writeFile(schedulesYaml({ nightly }));
    await w.run("apply");
    const oldId = w.emulator.schedules()[0]!.id;
    await w.writeFile(schedulesYaml({ nightly: nightly.replace("30595", "30596") }));
    const r = await w.run("apply");
    expect(r.actions[0]).toMatchObject({ action: "replace", result: "ok" });
    const after = w.emulator.schedules();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(oldId);
    expect(after[0]?.simulation_id).toBe("30596");
    expect((await w.readLock())?.schedules.nightly?.id).toBe(after[0]?.id);
  });

  it("recreates a schedule deleted elsewhere", async () => {
    await w.writeFile(schedulesYaml({ nightly }));
    await w.run("apply");
    w.emulator.remove(w.emulator.schedules()[0]!.id);
    const r = await w.run("apply");
    expect(r.actions[0]).toMatchObject({ action: "recreate", result: "ok" });
    expect(w.emulator.schedules()).toHaveLength(1);
  });

  it("reports an orphan without pruning, deletes it with --prune, and never touches foreign schedules", async () => {
    const foreign = w.emulator.insert({ simulation_id: "30597", cron_expression: "5 5 * * *" });
    await w.writeFile(schedulesYaml({ nightly, smoke }));
    await w.run("apply");
    await w.writeFile(schedulesYaml({ nightly }));
    const orphaned = await w.run("apply");
    expect(orphaned.actions.find((a) => a.name === "smoke")?.action).toBe("orphan");
    expect(w.emulator.schedules()).toHaveLength(3);
    const pruned = await w.run("apply", { prune: true });
    expect(pruned.actions.find((a) => a.name === "smoke")).toMatchObject({ action: "delete", result: "ok" });
    const ids = w.emulator.schedules().map((s) => s.id);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(foreign.id);
    expect(Object.keys((await w.readLock())?.schedules ?? {})).toEqual(["nightly"]);
  });

  it("maps a server refusal back to the entry's line and goes on with the others", async () => {
    await w.writeFile(
      schedulesYaml({ nightly, ghost: 'simulation_id: "99999"\nschedule: "0 1 * * *"', smoke }),
    );
    const r = await w.run("apply");
    expect(r.ok).toBe(false);
    expect(r.exit_code).toBe(1);
    expect(r.actions.find((a) => a.name === "ghost")).toMatchObject({ result: "failed" });
    expect(r.errors[0]).toMatchObject({ file: w.file, line: 6, column: 3 });
    expect(r.errors[0]?.message).toMatch(/Simulation not found/);
    expect(w.emulator.schedules()).toHaveLength(2);
    expect((await w.readLock())?.pending).toBeUndefined();
  });
});

describe("plan", () => {
  it("sends only the list request and writes no lockfile", async () => {
    await w.writeFile(schedulesYaml({ nightly, smoke }));
    const r = await w.run("plan");
    expect(r.changes_pending).toBe(true);
    expect(r.actions.map((a) => a.action)).toEqual(["create", "create"]);
    expect(w.emulator.requests().map((q) => `${q.method} ${q.path}`)).toEqual(["GET /v1/schedules"]);
    expect(await w.readLock()).toBeNull();
  });

  it("plans from the lockfile alone when the server has no list endpoint, and warns once", async () => {
    await w.writeFile(schedulesYaml({ nightly }));
    await w.run("apply");
    w.emulator.setFaults({ noList: true });
    const r = await w.run("plan");
    expect(r.actions.map((a) => a.action)).toEqual(["noop"]);
    expect(r.warnings.filter((x) => /list/.test(x.message))).toHaveLength(1);
  });
});
