/**
 * Safety guards, target checks and run-stopping errors: nothing is sent when they trip.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GuardError, LockfileError, RemoteError } from "../../src/errors.js";
import { createWorld, schedulesYaml, type World } from "../support/world.js";

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.close();
});

const entry = (sim: string, minute: number) => `simulation_id: "${sim}"\nschedule: "${minute} 1 * * *"`;

function mutations(world: World): string[] {
  return world.emulator
    .requests()
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.path}`);
}

describe("guards", () => {
  it("refuses to prune with a file that declares no schedules, unless --allow-empty", async () => {
    await w.writeFile(schedulesYaml({ a: entry("30595", 1), b: entry("30596", 2) }));
    await w.run("apply");
    const before = mutations(w).length;
    await w.writeFile("version: 1\nschedules: {}\n");
    await expect(w.run("apply", { prune: true })).rejects.toBeInstanceOf(GuardError);
    expect(mutations(w)).toHaveLength(before);
    expect(w.emulator.schedules()).toHaveLength(2);
    const allowed = await w.run("apply", { prune: true, allowEmpty: true });
    expect(allowed.summary.delete).toBe(2);
    expect(w.emulator.schedules()).toHaveLength(0);
  });

  it("refuses more deletes than --max-deletes before sending anything", async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 4; i++) entries[`e${i}`] = entry("30595", i);
    await w.writeFile(schedulesYaml(entries));
    await w.run("apply");
    const before = mutations(w).length;
    await w.writeFile(schedulesYaml({ e0: entries.e0! }));
    const err = await w.run("apply", { prune: true, maxDeletes: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuardError);
    expect((err as GuardError).code).toBe("guard-max-deletes");
    expect(mutations(w)).toHaveLength(before);
    const ok = await w.run("apply", { prune: true, maxDeletes: 3 });
    expect(ok.summary.delete).toBe(3);
  });

  it("refuses a lockfile made against another API URL unless told", async () => {
    await w.writeFile(schedulesYaml({ a: entry("30595", 1) }));
    await w.run("apply");
    const err = await w.run("apply", { apiUrl: "https://elsewhere.example" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockfileError);
    expect((err as LockfileError).code).toBe("target-changed");
  });

  it("stops the whole run on a rejected key, with nothing changed", async () => {
    await w.writeFile(schedulesYaml({ a: entry("30595", 1) }));
    const err = await w.run("apply", {}, "bj_wrong_key_000000000000000").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as RemoteError).kind).toBe("auth");
    expect(w.emulator.schedules()).toHaveLength(0);
  });
});
