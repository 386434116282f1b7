import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { validateResponse } from "../support/openapi.js";
import { KEY, call, create, daily, start } from "./emulator-helpers.js";

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await start({ forbiddenKeys: ["bj_noorganization0000000000"] });
});
afterEach(async () => {
  await emu.close();
});

describe("422s over HTTP", () => {
  it.each([
    ["POST", "/v1/create-schedule", "{not json"],
    ["POST", "/v1/create-schedule", ""],
    ["POST", "/v1/create-schedule", { simulation_id: 30595, schedule: { frequency: "dayly" } }],
    ["POST", "/v1/create-schedule", { simulation_id: "30595", schedule: "0 2 * * *", enabled: "maybe" }],
    ["PUT", "/v1/update-schedule/x", "[1,"],
    ["PUT", "/v1/update-schedule/x", { schedule: { frequency: "every_n_minutes", interval: 0 } }],
  ])("%s %s %j is a 422 the document describes, and changes nothing", async (method, path, body) => {
    const r = await call(emu, method, path, body === "" ? undefined : body);
    expect(r.status).toBe(422);
    const check = validateResponse(method, path, 422, r.json);
    expect(check.errors).toEqual([]);
    expect((r.json as { detail: unknown[] }).detail.length).toBeGreaterThan(0);
    expect(emu.schedules()).toEqual([]);
  });

  it("answers malformed JSON the way FastAPI does", async () => {
    const r = await call(emu, "POST", "/v1/create-schedule", "{not json");
    expect(r.json).toEqual({
      detail: [
        {
          type: "json_invalid",
          loc: ["body", 0],
          msg: "JSON decode error",
          input: {},
          ctx: { error: "Expecting value" },
        },
      ],
    });
  });
});

describe("partial update", () => {
  it.each([
    [{}, "0 2 * * *", true],
    [{ schedule: null, enabled: null }, "0 2 * * *", true],
    [{ enabled: false }, "0 2 * * *", false],
    [{ schedule: { frequency: "every_n_hours", interval: 3 } }, "0 */3 * * *", true],
    [
      { schedule: { frequency: "weekly", day_of_week: "friday", time: "07:30" }, enabled: false },
      "30 7 * * 5",
      false,
    ],
  ])("%j keeps what is omitted or null", async (patch, cron, enabled) => {
    const made = await create(emu);
    const before = emu.schedules()[0];
    const r = await call(emu, "PUT", `/v1/update-schedule/${made.id}`, patch);
    expect(r.status).toBe(200);
    expect(validateResponse("PUT", "/v1/update-schedule/x", 200, r.json).errors).toEqual([]);
    expect(r.json).toEqual({
      id: made.id,
      simulation_id: "30595",
      cron_expression: cron,
      enabled,
      created_at: before?.created_at,
    });
    expect(emu.schedules()).toEqual([r.json]);
  });

  it("answers 400 for a time the pattern lets through, and keeps the schedule", async () => {
    const made = await create(emu);
    const r = await call(emu, "PUT", `/v1/update-schedule/${made.id}`, { schedule: daily("25:99") });
    expect(r.status).toBe(400);
    expect(emu.schedules()[0]?.cron_expression).toBe("0 2 * * *");
  });
});

describe("auth", () => {
  it.each([
    [null, 401],
    ["", 401],
    ["bj_wrongkey000000000000000", 401],
    ["bj_noorganization0000000000", 403],
    [KEY, 200],
  ])("key %j on the list is %i, with a detail body", async (key, status) => {
    const r = await call(emu, "GET", "/v1/schedules", undefined, key);
    expect(r.status).toBe(status);
    if (status !== 200) {
      expect(typeof (r.json as { detail: unknown }).detail).toBe("string");
      expect(validateResponse("GET", "/v1/schedules", status, r.json).ok).toBe(true);
    }
  });

  it("checks the key before the body", async () => {
    const r = await call(emu, "POST", "/v1/create-schedule", "{bad", "bj_wrong");
    expect(r.status).toBe(401);
  });

  it("never keeps a key in the requests log", async () => {
    await call(emu, "GET", `/v1/schedules?key=${KEY}`);
    await call(emu, "POST", "/v1/create-schedule", { simulation_id: KEY, schedule: daily("01:00") });
    await call(emu, "POST", "/v1/create-schedule", `{"x": "${KEY}"`);
    await call(emu, "GET", "/v1/schedules", undefined, "bj_noorganization0000000000");
    const viaApi = JSON.stringify(emu.requests());
    const viaHttp = (await call(emu, "GET", "/__emulator/requests", undefined, null)).text;
    for (const text of [viaApi, viaHttp]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("bj_noorganization0000000000");
      expect(text).toContain("[REDACTED]");
    }
    expect(emu.requests().map((e) => e.status)).toEqual([200, 404, 422, 403]);
  });
});
