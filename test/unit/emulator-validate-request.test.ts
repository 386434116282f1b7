import { describe, expect, it } from "vitest";
import { validateCreateBody, validateUpdateBody } from "../../src/emulator/validate-request.js";

const MEMBERS = [
  "EveryNMinutesSchedule",
  "EveryNHoursSchedule",
  "DailySchedule",
  "WeeklySchedule",
  "MonthlySchedule",
  "CronSchedule",
];

function errorsOf(body: unknown) {
  const r = validateCreateBody(body);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("create body, as Pydantic v2 reports it", () => {
  it("accepts every variant and defaults enabled to true", () => {
    const r = validateCreateBody({
      simulation_id: "1",
      schedule: { frequency: "daily", time: "02:00" },
      x: 1,
    });
    expect(r).toEqual({
      ok: true,
      value: { simulation_id: "1", schedule: { frequency: "daily", time: "02:00" }, enabled: true },
    });
  });

  it("reports missing fields with the object as input", () => {
    expect(errorsOf({})).toEqual([
      { type: "missing", loc: ["body", "simulation_id"], msg: "Field required", input: {} },
      { type: "missing", loc: ["body", "schedule"], msg: "Field required", input: {} },
    ]);
  });

  it.each([
    [undefined, [{ type: "missing", loc: ["body"], msg: "Field required", input: null }]],
    [null, [{ type: "missing", loc: ["body"], msg: "Field required", input: null }]],
    [
      [1],
      [
        {
          type: "model_attributes_type",
          loc: ["body"],
          msg: "Input should be a valid dictionary or object to extract fields from",
          input: [1],
        },
      ],
    ],
  ])("a body of %j is one item at [body]", (body, expected) => {
    expect(errorsOf(body)).toEqual(expected);
  });

  it("does not coerce a number to a string", () => {
    const errors = errorsOf({
      simulation_id: 30595,
      schedule: { frequency: "cron", expression: "* * * * *" },
    });
    expect(errors).toEqual([
      {
        type: "string_type",
        loc: ["body", "simulation_id"],
        msg: "Input should be a valid string",
        input: 30595,
      },
    ]);
  });

  it("reports a wrong frequency once per union member", () => {
    const schedule = { frequency: "dayly", time: "02:00" };
    const errors = errorsOf({ simulation_id: "1", schedule });
    const literal = errors.filter((e) => e.type === "literal_error");
    expect(literal.map((e) => e.loc)).toEqual(MEMBERS.map((m) => ["body", "schedule", m, "frequency"]));
    expect(literal[2]).toEqual({
      type: "literal_error",
      loc: ["body", "schedule", "DailySchedule", "frequency"],
      msg: "Input should be 'daily'",
      input: "dayly",
      ctx: { expected: "'daily'" },
    });
    expect(errors).toContainEqual({
      type: "missing",
      loc: ["body", "schedule", "EveryNMinutesSchedule", "interval"],
      msg: "Field required",
      input: schedule,
    });
  });

  it.each([
    [
      { frequency: "every_n_minutes", interval: 60 },
      "EveryNMinutesSchedule",
      "interval",
      "less_than_equal",
      "Input should be less than or equal to 59",
      { le: 59 },
    ],
    [
      { frequency: "every_n_hours", interval: 0 },
      "EveryNHoursSchedule",
      "interval",
      "greater_than",
      "Input should be greater than 0",
      { gt: 0 },
    ],
    [
      { frequency: "monthly", day_of_month: 0, time: "01:00" },
      "MonthlySchedule",
      "day_of_month",
      "greater_than_equal",
      "Input should be greater than or equal to 1",
      { ge: 1 },
    ],
    [
      { frequency: "every_n_minutes", interval: "abc" },
      "EveryNMinutesSchedule",
      "interval",
      "int_parsing",
      "Input should be a valid integer, unable to parse string as an integer",
      undefined,
    ],
    [
      { frequency: "every_n_minutes", interval: null },
      "EveryNMinutesSchedule",
      "interval",
      "int_type",
      "Input should be a valid integer",
      undefined,
    ],
    [
      { frequency: "every_n_minutes", interval: 1.5 },
      "EveryNMinutesSchedule",
      "interval",
      "int_from_float",
      "Input should be a valid integer, got a number with a fractional part",
      undefined,
    ],
    [
      { frequency: "daily", time: "2:00" },
      "DailySchedule",
      "time",
      "string_pattern_mismatch",
      "String should match pattern '^\\d{2}:\\d{2}$'",
      { pattern: "^\\d{2}:\\d{2}$" },
    ],
    [
      { frequency: "cron", expression: 5 },
      "CronSchedule",
      "expression",
      "string_type",
      "Input should be a valid string",
      undefined,
    ],
  ])("%j: the matching member reports %s.%s", (schedule, member, field, type, msg, ctx) => {
    const errors = errorsOf({ simulation_id: "1", schedule });
    const item = errors.find((e) => e.loc[2] === member && e.loc[3] === field);
    const input = (schedule as Record<string, unknown>)[field];
    expect(item).toEqual(
      ctx
        ? { type, loc: ["body", "schedule", member, field], msg, input, ctx }
        : { type, loc: ["body", "schedule", member, field], msg, input },
    );
  });

  it("lists the weekdays in a literal error", () => {
    const errors = errorsOf({
      simulation_id: "1",
      schedule: { frequency: "weekly", day_of_week: "Monday", time: "01:00" },
    });
    expect(errors.find((e) => e.loc[3] === "day_of_week")?.msg).toBe(
      "Input should be 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday' or 'sunday'",
    );
  });

  it("reports a schedule that is not an object once per member", () => {
    const errors = errorsOf({ simulation_id: "1", schedule: "*/5 * * * *" });
    expect(errors.map((e) => [e.type, e.loc])).toEqual(
      MEMBERS.map((m) => ["model_attributes_type", ["body", "schedule", m]]),
    );
  });

  it.each([
    [1, true],
    ["off", false],
    ["yes", true],
  ])("accepts enabled %j as %s (lax mode)", (enabled, value) => {
    const r = validateCreateBody({
      simulation_id: "1",
      schedule: { frequency: "cron", expression: "x" },
      enabled,
    });
    expect(r.ok && r.value.enabled).toBe(value);
  });

  it.each([
    ["maybe", "bool_parsing", "Input should be a valid boolean, unable to interpret input"],
    [[true], "bool_type", "Input should be a valid boolean"],
  ])("rejects enabled %j with %s", (enabled, type, msg) => {
    const errors = errorsOf({
      simulation_id: "1",
      schedule: { frequency: "cron", expression: "x" },
      enabled,
    });
    expect(errors).toEqual([{ type, loc: ["body", "enabled"], msg, input: enabled }]);
  });
});

describe("update body", () => {
  it.each([
    [{}, { schedule: null, enabled: null }],
    [
      { schedule: null, enabled: null },
      { schedule: null, enabled: null },
    ],
    [{ enabled: false }, { schedule: null, enabled: false }],
    [
      { schedule: { frequency: "every_n_hours", interval: 2 } },
      { schedule: { frequency: "every_n_hours", interval: 2 }, enabled: null },
    ],
  ])("accepts %j", (body, value) => {
    expect(validateUpdateBody(body)).toEqual({ ok: true, value });
  });

  it("reports union members under body.schedule and ignores null as a member", () => {
    const r = validateUpdateBody({ schedule: { frequency: "hourly" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(new Set(r.errors.map((e) => e.loc[2]))).toEqual(new Set(MEMBERS));
  });
});
