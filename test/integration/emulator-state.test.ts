import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { validateResponse } from "../support/openapi.js";
import { call, create, daily, start } from "./emulator-helpers.js";

let dir: string;
let emu: RunningEmulator | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bluejay-emulator-"));
});
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function onDisk(file: string): Promise<{ schedules: { id: string; enabled: boolean }[] }> {
  return JSON.parse(await readFile(file, "utf8")) as { schedules: { id: string; enabled: boolean }[] };
}

describe("state file", () => {
  it("is written before each mutating answer and survives a restart", async () => {
    const file = path.join(dir, "state.json");
    emu = await start({ stateFile: file });
    const a = await create(emu);
    expect((await onDisk(file)).schedules.map((s) => s.id)).toEqual([a.id]);
    const b = await create(emu, { simulation_id: "30597", schedule: daily("05:00") });
    await call(emu, "PUT", `/v1/update-schedule/${a.id}`, { enabled: false });
    expect((await onDisk(file)).schedules.find((s) => s.id === a.id)?.enabled).toBe(false);
    await call(emu, "DELETE", `/v1/delete-schedule/${b.id}`);
    const before = emu.schedules();
    await emu.close();

    emu = await start({ stateFile: file });
    expect(emu.schedules()).toEqual(before);
    const got = await call(emu, "GET", `/v1/schedule/${a.id}`);
    expect(got.json).toMatchObject({ id: a.id, enabled: false });
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("keeps every one of many concurrent creates", async () => {
    const file = path.join(dir, "state.json");
    emu = await start({ stateFile: file });
    const made = await Promise.all(Array.from({ length: 200 }, () => create(emu as RunningEmulator)));
    expect(new Set(made.map((m) => m.id)).size).toBe(200);
    expect((await onDisk(file)).schedules).toHaveLength(200);
  });

  it("writes the test helpers' changes by close", async () => {
    const file = path.join(dir, "state.json");
    emu = await start({ stateFile: file });
    const s = emu.insert({ simulation_id: "999", cron_expression: "0 0 * * *" });
    emu.mutate(s.id, { enabled: false });
    await emu.close();
    emu = undefined;
    expect((await onDisk(file)).schedules).toEqual([{ ...s, enabled: false }]);
  });

  it("refuses a file that is not an emulator state file", async () => {
    const file = path.join(dir, "state.json");
    await writeFile(file, '{"something": "else"}');
    await expect(start({ stateFile: file })).rejects.toThrow(/not an emulator state file/);
  });
});

describe("test helpers", () => {
  it("drift, foreign schedules and removal are visible over HTTP", async () => {
    emu = await start();
    const mine = await create(emu);
    emu.mutate(mine.id, { cron_expression: "0 3 * * *" });
    const foreign = emu.insert({ simulation_id: "30596", cron_expression: "*/5 * * * *", enabled: false });
    const list = await call(emu, "GET", "/v1/schedules");
    expect((list.json as { schedules: unknown[] }).schedules).toMatchObject([
      { id: mine.id, cron_expression: "0 3 * * *" },
      { id: foreign.id, enabled: false },
    ]);
    emu.remove(mine.id);
    expect((await call(emu, "GET", `/v1/schedule/${mine.id}`)).status).toBe(404);
    expect(() => emu?.mutate("nope", { enabled: true })).toThrow(/no schedule/);
  });
});

describe("scale", () => {
  it("lists 10,000 schedules in one document", async () => {
    emu = await start();
    for (let i = 0; i < 10_000; i++)
      emu.insert({ simulation_id: String(30595 + (i % 3)), cron_expression: `${i % 60} ${i % 24} * * *` });
    const r = await call(emu, "GET", "/v1/schedules");
    expect(r.status).toBe(200);
    const schedules = (r.json as { schedules: { id: string }[] }).schedules;
    expect(schedules).toHaveLength(10_000);
    expect(new Set(schedules.map((s) => s.id)).size).toBe(10_000);
    expect(validateResponse("GET", "/v1/schedules", 200, r.json).errors).toEqual([]);
    const last = schedules[9_999];
    expect((await call(emu, "GET", `/v1/schedule/${last?.id}`)).status).toBe(200);
  });
});
