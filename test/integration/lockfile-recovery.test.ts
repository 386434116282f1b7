// The advice a corrupt lockfile gives is true: moving it aside and applying again binds every
// entry to its schedule by adoption, creating nothing. Against the emulator over HTTP.
import { readFile, rename, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LockfileError } from "../../src/errors.js";
import { createWorld, schedulesYaml, type World } from "../support/world.js";

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.close();
});

const entries = {
  nightly: 'simulation_id: "30595"\nschedule: { frequency: daily, time: "02:00" }',
  smoke: 'simulation_id: "30596"\nschedule: "*/15 * * * *"',
  paused: 'simulation_id: "30597"\nschedule: { frequency: every_n_hours, interval: 6 }\nenabled: false',
};

describe("a corrupt lockfile", () => {
  it.each([
    ["truncated", (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ["emptied", () => ""],
    ["not JSON", (text: string) => text.replace("{", "{ oops")],
  ])("%s: stops the run with its recovery, which rebinds every entry by adoption", async (_what, damage) => {
    await w.writeFile(schedulesYaml(entries));
    w.emulator.insert({ simulation_id: "30597", cron_expression: "30 4 * * *", enabled: true });
    expect((await w.run("apply")).ok).toBe(true);
    const good = await readFile(w.lockfile, "utf8");
    const before = w.emulator.schedules().length;

    await writeFile(w.lockfile, damage(good));
    const err = await w.run("apply").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LockfileError);
    expect((err as LockfileError).code).toBe("lockfile-corrupt");
    const advice = `mv ${w.lockfile} ${w.lockfile}.broken`;
    expect((err as Error).message).toContain(advice);

    await rename(w.lockfile, `${w.lockfile}.broken`);
    const again = await w.run("apply");
    expect(again.actions.map((a) => [a.name, a.action, a.result])).toEqual([
      ["nightly", "adopt", "ok"],
      ["smoke", "adopt", "ok"],
      ["paused", "adopt", "ok"],
    ]);
    expect(w.emulator.schedules()).toHaveLength(before);
    expect(await readFile(w.lockfile, "utf8")).toBe(good);
  });
});
