/**
 * What a crash in the middle of a replace or a create leaves in the lockfile, and how the next run
 * finishes the job without a duplicate or a leaked schedule. The states are written as a crash at
 * each point would leave them.
 */
import { writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { normalizeApiUrl } from "../../src/core/api-url.js";
import { specHash } from "../../src/core/spec-hash.js";
import type { LockState } from "../../src/core/types.js";
import type { BluejayClient } from "../../src/bluejay/client.js";
import { GuardError, RemoteError } from "../../src/errors.js";
import { serializeLock } from "../../src/lockfile/format.js";
import { createWorld, schedulesYaml, type World } from "../support/world.js";

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.close();
});

const NEW = {
  simulation_id: "30596",
  schedule: { frequency: "cron" as const, expression: "0 2 * * *" },
  enabled: true,
};
const entryB = 'simulation_id: "30596"\nschedule: "0 2 * * *"';

async function writeLock(state: Omit<LockState, "version" | "api_url">): Promise<void> {
  const api_url = normalizeApiUrl(w.emulator.url) ?? w.emulator.url;
  await writeFile(w.lockfile, serializeLock({ version: 1, api_url, ...state }));
}

describe("an interrupted replace", () => {
  it("after the create, before the binding was written: binds what arrived, deletes the old one, creates nothing", async () => {
    const old = w.emulator.insert({ simulation_id: "30595", cron_expression: "0 2 * * *" });
    const arrived = w.emulator.insert({ simulation_id: "30596", cron_expression: "0 2 * * *" });
    await w.writeFile(schedulesYaml({ nightly: entryB }));
    await writeLock({
      schedules: {
        nightly: {
          id: old.id,
          simulation_id: "30595",
          cron_expression: "0 2 * * *",
          enabled: true,
          spec_hash: "sha256:old",
        },
      },
      pending: {
        nightly: {
          simulation_id: "30596",
          cron_expression: "0 2 * * *",
          enabled: true,
          spec_hash: specHash(NEW),
        },
      },
      retiring: { [old.id]: { name: "nightly", simulation_id: "30595" } },
    });
    const r = await w.run("apply");
    expect(r.actions).toHaveLength(1);
    expect(r.actions[0]).toMatchObject({ action: "replace", result: "ok", id: arrived.id });
    expect(w.emulator.schedules().map((s) => s.id)).toEqual([arrived.id]);
    expect(w.emulator.requests().filter((q) => q.method === "POST")).toHaveLength(0);
    const lock = await w.readLock();
    expect(lock?.schedules.nightly?.id).toBe(arrived.id);
    expect(lock?.pending).toBeUndefined();
    expect((lock as { retiring?: unknown }).retiring).toBeUndefined();
  });

  it("after the binding, before the old one was deleted (or its delete failed): the next run deletes it", async () => {
    const old = w.emulator.insert({ simulation_id: "30595", cron_expression: "0 2 * * *" });
    const current = w.emulator.insert({ simulation_id: "30596", cron_expression: "0 2 * * *" });
    await w.writeFile(schedulesYaml({ nightly: entryB }));
    await writeLock({
      schedules: {
        nightly: {
          id: current.id,
          simulation_id: "30596",
          cron_expression: "0 2 * * *",
          enabled: true,
          spec_hash: specHash(NEW),
        },
      },
      retiring: { [old.id]: { name: "nightly", simulation_id: "30595" } },
    });
    const plan = await w.run("plan");
    expect(plan.actions.map((a) => [a.action, a.id])).toEqual([
      ["noop", current.id],
      ["delete", old.id],
    ]);
    // The delete half of a replace is not a prune: it needs no --prune and no delete budget.
    const r = await w.run("apply", { maxDeletes: 0 });
    expect(r.ok).toBe(true);
    expect(w.emulator.schedules().map((s) => s.id)).toEqual([current.id]);
    expect((await w.readLock()) as object).not.toHaveProperty("retiring");
  });

  it("a full replace leaves neither a pending intent nor a retiring record", async () => {
    await w.writeFile(schedulesYaml({ nightly: 'simulation_id: "30595"\nschedule: "0 2 * * *"' }));
    await w.run("apply");
    await w.writeFile(schedulesYaml({ nightly: entryB }));
    const r = await w.run("apply");
    expect(r.actions[0]).toMatchObject({ action: "replace", result: "ok" });
    expect(w.emulator.schedules()).toHaveLength(1);
    const lock = (await w.readLock()) as object;
    expect(lock).not.toHaveProperty("pending");
    expect(lock).not.toHaveProperty("retiring");
  });
});

describe("an interrupted create", () => {
  it("a recreate whose create arrived is adopted, not sent again", async () => {
    const arrived = w.emulator.insert({ simulation_id: "30596", cron_expression: "0 2 * * *" });
    await w.writeFile(schedulesYaml({ nightly: entryB }));
    await writeLock({
      schedules: {},
      pending: {
        nightly: {
          simulation_id: "30596",
          cron_expression: "0 2 * * *",
          enabled: true,
          spec_hash: specHash(NEW),
        },
      },
    });
    const r = await w.run("apply");
    expect(r.actions[0]).toMatchObject({ action: "adopt", id: arrived.id, result: "ok" });
    expect(w.emulator.schedules()).toHaveLength(1);
  });

  it("never takes a schedule that was already there for one a lost create made", async () => {
    // Two foreign schedules match, so the plan creates; the create fails with an unknown outcome
    // without reaching the server, so the re-list finds only the foreign ones.
    const a = w.emulator.insert({ simulation_id: "30596", cron_expression: "0 2 * * *" });
    const b = w.emulator.insert({ simulation_id: "30596", cron_expression: "0 2 * * *" });
    await w.writeFile(schedulesYaml({ nightly: entryB }));
    let lost = false;
    const loseFirstCreate = (api: BluejayClient): BluejayClient => ({
      ...api,
      createSchedule(req, o) {
        if (lost) return api.createSchedule(req, o);
        lost = true;
        return Promise.reject(new RemoteError("unknown-outcome", "connection lost", { retryable: true }));
      },
    });
    const r = await w.run("apply", {}, undefined, loseFirstCreate);
    const bound = (await w.readLock())?.schedules.nightly?.id;
    expect(bound).toBeDefined();
    expect([a.id, b.id]).not.toContain(bound);
    expect(r.actions[0]?.result).toBe("ok");
    expect(w.emulator.schedules()).toHaveLength(3);
  });
});

describe("an empty file", () => {
  it("never deletes, even with --prune --allow-empty", async () => {
    await w.writeFile(schedulesYaml({ nightly: entryB }));
    await w.run("apply");
    await w.writeFile("# truncated\n");
    await expect(w.run("apply", { prune: true, allowEmpty: true })).rejects.toBeInstanceOf(GuardError);
    expect(w.emulator.schedules()).toHaveLength(1);
    await w.writeFile("");
    await expect(w.run("apply", { prune: true, allowEmpty: true })).rejects.toBeInstanceOf(GuardError);
    expect(w.emulator.schedules()).toHaveLength(1);
  });
});

describe("apply after a confirmed preview", () => {
  it("refuses a plan other than the one confirmed", async () => {
    await w.writeFile(schedulesYaml({ nightly: entryB }));
    const err = await w.run("apply", { expectPlan: "delete something else" }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe("plan-changed");
    expect(w.emulator.schedules()).toHaveLength(0);
  });
});
