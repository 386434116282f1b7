import { describe, expect, it } from "vitest";
import { templateFor, validateRequest, validateResponse } from "../support/openapi.js";

const record = { id: "a", simulation_id: "1", cron_expression: "* * * * *", enabled: true };

describe("the OpenAPI validators can fail", () => {
  it.each([
    ["GET", "/v1/schedule/x", 200, { ...record, created_at: "t" }, true],
    ["GET", "/v1/schedule/x", 200, record, false], // created_at is required on reads
    ["POST", "/v1/create-schedule", 200, record, true],
    ["POST", "/v1/create-schedule", 200, { ...record, id: 5 }, false],
    ["GET", "/v1/schedules", 200, { schedules: [{ ...record, created_at: "t" }] }, true],
    ["GET", "/v1/schedules", 200, { items: [] }, false],
    ["DELETE", "/v1/delete-schedule/x", 200, { status: "ok", message: "m" }, false],
    ["POST", "/v1/create-schedule", 422, { detail: [{ loc: ["body"], msg: "m", type: "missing" }] }, true],
    ["POST", "/v1/create-schedule", 422, { detail: [{ loc: ["body"], msg: "m" }] }, false],
    ["POST", "/v1/create-schedule", 404, { detail: "Simulation not found" }, true],
    ["POST", "/v1/create-schedule", 400, { detail: [] }, false],
    ["GET", "/v1/unknown", 200, {}, false],
  ] as const)("%s %s %i %j → %s", (method, path, status, body, ok) => {
    expect(validateResponse(method, path, status, body).ok).toBe(ok);
  });

  it.each([
    [
      "POST",
      "/v1/create-schedule",
      { simulation_id: "1", schedule: { frequency: "daily", time: "02:00" } },
      true,
    ],
    [
      "POST",
      "/v1/create-schedule",
      { simulation_id: 1, schedule: { frequency: "daily", time: "02:00" } },
      false,
    ],
    [
      "POST",
      "/v1/create-schedule",
      { simulation_id: "1", schedule: { frequency: "daily", time: "2:00" } },
      false,
    ],
    ["PUT", "/v1/update-schedule/abc", { schedule: null, enabled: false }, true],
    ["PUT", "/v1/update-schedule/abc", { schedule: { frequency: "every_n_hours", interval: 24 } }, false],
    ["GET", "/v1/schedules", undefined, true],
    ["GET", "/v1/schedules", {}, false],
  ] as const)("request %s %s %j → %s", (method, path, body, ok) => {
    expect(validateRequest(method, path, body).ok).toBe(ok);
  });

  it("maps concrete paths to the document's templates", () => {
    expect(templateFor("PUT", "/v1/update-schedule/4f1c?x=1")).toBe("/v1/update-schedule/{schedule_id}");
    expect(templateFor("GET", "/v1/simulation/30595")).toBe("/v1/simulation/{simulation_id}");
  });
});
