import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { validateResponse } from "../support/openapi.js";
import { KEY, call, create, daily, start } from "./emulator-helpers.js";

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start({ now: () => new Date("2025-06-01T12:00:00Z") });
});
afterEach(async () => {
  await emu.close();
});

function conforms(method: string, path: string, r: { status: number; json: unknown }): void {
  const check = validateResponse(method, path, r.status, r.json);
  expect(check.errors).toEqual([]);
  expect(check.ok).toBe(true);
}

describe("emulator endpoints", () => {
  it("answers ping without a key", async () => {
    const r = await call(emu, "GET", "/v1/ping", undefined, null);
    expect(r.status).toBe(200);
    conforms("GET", "/v1/ping", r);
  });

  it.each([
    [{ frequency: "every_n_minutes", interval: 15 }, "*/15 * * * *"],
    [{ frequency: "every_n_hours", interval: 6 }, "0 */6 * * *"],
    [daily("02:05"), "5 2 * * *"],
    [{ frequency: "weekly", day_of_week: "sunday", time: "00:00" }, "0 0 * * 0"],
    [{ frequency: "monthly", day_of_month: 31, time: "23:59" }, "59 23 31 * *"],
    [{ frequency: "cron", expression: "  */5 1-3 * * mon  " }, "*/5 1-3 * * mon"],
  ])("creates %j as %s, without created_at", async (schedule, cron) => {
    const r = await call(emu, "POST", "/v1/create-schedule", { simulation_id: "30596", schedule });
    expect(r.status).toBe(200);
    conforms("POST", "/v1/create-schedule", r);
    const body = r.json as Record<string, unknown>;
    expect(body).toEqual({
      id: expect.any(String),
      simulation_id: "30596",
      cron_expression: cron,
      enabled: true,
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gets, lists and deletes, with created_at on reads", async () => {
    const a = await create(emu);
    const b = await create(emu, { simulation_id: "30595", schedule: daily("02:00"), enabled: false });
    expect(b.id).not.toBe(a.id);
    const got = await call(emu, "GET", `/v1/schedule/${a.id}`);
    conforms("GET", `/v1/schedule/${a.id}`, got);
    expect(got.json).toEqual({
      id: a.id,
      simulation_id: "30595",
      cron_expression: "0 2 * * *",
      enabled: true,
      created_at: "2025-06-01T12:00:00.000Z",
    });
    const list = await call(emu, "GET", "/v1/schedules");
    conforms("GET", "/v1/schedules", list);
    expect((list.json as { schedules: { id: string }[] }).schedules.map((s) => s.id)).toEqual([a.id, b.id]);
    const del = await call(emu, "DELETE", `/v1/delete-schedule/${a.id}`);
    conforms("DELETE", `/v1/delete-schedule/${a.id}`, del);
    expect(del.json).toMatchObject({ status: "success" });
    expect(emu.schedules().map((s) => s.id)).toEqual([b.id]);
  });

  it.each([
    ["GET", "/v1/schedule/nope"],
    ["PUT", "/v1/update-schedule/nope"],
    ["DELETE", "/v1/delete-schedule/nope"],
  ])("%s %s of an unknown id is 404 Schedule not found", async (method, path) => {
    const r = await call(emu, method, path, method === "PUT" ? { enabled: false } : undefined);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ detail: "Schedule not found" });
    conforms(method, path, r);
  });

  it("refuses an unknown simulation with 404 and changes nothing", async () => {
    const r = await call(emu, "POST", "/v1/create-schedule", {
      simulation_id: "1",
      schedule: daily("01:00"),
    });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ detail: "Simulation not found" });
    conforms("POST", "/v1/create-schedule", r);
    expect(emu.schedules()).toEqual([]);
  });

  it.each([
    [daily("24:00"), "Invalid time '24:00'"],
    [daily("12:60"), "Invalid time '12:60'"],
    [{ frequency: "weekly", day_of_week: "monday", time: "99:99" }, "Invalid time"],
    [{ frequency: "cron", expression: "61 * * * *" }, "Invalid cron expression"],
    [{ frequency: "cron", expression: "" }, "Invalid cron expression"],
  ])("answers 400 for %j", async (schedule, text) => {
    const r = await call(emu, "POST", "/v1/create-schedule", { simulation_id: "30595", schedule });
    expect(r.status).toBe(400);
    expect((r.json as { detail: string }).detail).toContain(text);
    conforms("POST", "/v1/create-schedule", r);
    expect(emu.schedules()).toEqual([]);
  });

  it("serves the simulations", async () => {
    const all = await call(emu, "GET", "/v1/get-all-simulations");
    conforms("GET", "/v1/get-all-simulations", all);
    expect((all.json as { simulations: { id: number }[] }).simulations.map((s) => s.id)).toEqual([
      30595, 30596, 30597,
    ]);
    const one = await call(emu, "GET", "/v1/simulation/30596");
    conforms("GET", "/v1/simulation/30596", one);
    expect(one.json).toMatchObject({ id: 30596 });
    const missing = await call(emu, "GET", "/v1/simulation/42");
    expect(missing.status).toBe(404);
    conforms("GET", "/v1/simulation/42", missing);
    const bad = await call(emu, "GET", "/v1/simulation/abc");
    expect(bad.status).toBe(422);
    conforms("GET", "/v1/simulation/abc", bad);
    expect(bad.json).toEqual({
      detail: [
        {
          type: "int_parsing",
          loc: ["path", "simulation_id"],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: "abc",
        },
      ],
    });
  });

  it("answers unknown paths 404 and wrong methods 405, before checking the key", async () => {
    const r404 = await call(emu, "GET", "/v1/nothing-here", undefined, null);
    expect([r404.status, r404.json]).toEqual([404, { detail: "Not Found" }]);
    const r405 = await call(emu, "DELETE", "/v1/schedules", undefined, null);
    expect([r405.status, r405.json]).toEqual([405, { detail: "Method Not Allowed" }]);
    expect(r405.headers.get("allow")).toBe("GET");
  });

  it("allows several schedules for one simulation", async () => {
    await create(emu);
    await create(emu);
    expect(emu.schedules()).toHaveLength(2);
  });

  it("serves the admin endpoints without a key", async () => {
    await create(emu);
    const state = await call(emu, "GET", "/__emulator/state", undefined, null);
    expect((state.json as { schedules: unknown[] }).schedules).toHaveLength(1);
    const log = await call(emu, "GET", "/__emulator/requests", undefined, null);
    expect((log.json as { requests: { path: string }[] }).requests.map((e) => e.path)).toEqual([
      "/v1/create-schedule",
    ]);
    const reset = await call(emu, "POST", "/__emulator/reset", undefined, null);
    expect(reset.status).toBe(200);
    expect(emu.schedules()).toEqual([]);
    expect(emu.requests()).toEqual([]);
    expect(KEY).toBeTruthy();
  });
});
