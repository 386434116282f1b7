/**
 * The JSON Schema is the single source of truth for the file: these tests hold the TypeScript
 * types and the editor annotations to it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DAY_NUMBERS } from "../../src/core/cron-mapping.js";
import type { ScheduleVariant } from "../../src/core/types.js";
import { didYouMean } from "../../src/config/schema-errors.js";
import { schemaValidator, validateAgainstSchema } from "../../src/config/schema-validate.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schema = JSON.parse(readFileSync(path.join(ROOT, "schemas/bluejay.schedules.schema.json"), "utf8")) as {
  $schema: string;
  $id: string;
  $defs: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>;
  properties: Record<string, Record<string, unknown>>;
};

/** Every variant of the type, written out: the compiler fails here when the union changes. */
const VARIANT_FIELDS: { [K in ScheduleVariant["frequency"]]: string[] } = {
  every_n_minutes: ["frequency", "interval"],
  every_n_hours: ["frequency", "interval"],
  daily: ["frequency", "time"],
  weekly: ["frequency", "day_of_week", "time"],
  monthly: ["frequency", "day_of_month", "time"],
  cron: ["frequency", "expression"],
};

const DEF_OF: Record<string, string> = {
  every_n_minutes: "EveryNMinutesSchedule",
  every_n_hours: "EveryNHoursSchedule",
  daily: "DailySchedule",
  weekly: "WeeklySchedule",
  monthly: "MonthlySchedule",
  cron: "CronSchedule",
};

describe("the schema", () => {
  it("is draft 2020-12 with an $id", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/bluejay\.schedules\.schema\.json$/);
  });

  it.each(Object.entries(VARIANT_FIELDS))(
    "variant %s has exactly the type's fields, all required",
    (freq, fields) => {
      const def = schema.$defs[DEF_OF[freq] ?? ""];
      expect(Object.keys(def?.properties ?? {}).sort()).toEqual([...fields].sort());
      expect([...(def?.required ?? [])].sort()).toEqual([...fields].sort());
    },
  );

  it("lists the same frequencies and days as the types", () => {
    const freq = schema.$defs.variant?.properties?.frequency?.enum;
    expect(freq).toEqual(Object.keys(VARIANT_FIELDS));
    const days = schema.$defs.WeeklySchedule?.properties?.day_of_week?.enum as string[];
    expect([...days].sort()).toEqual(Object.keys(DAY_NUMBERS).sort());
  });

  it("gives every property a title and a description for editors", () => {
    const missing: string[] = [];
    const check = (where: string, props: Record<string, Record<string, unknown>> | undefined) => {
      for (const [name, p] of Object.entries(props ?? {})) {
        const target = typeof p.$ref === "string" ? schema.$defs[p.$ref.split("/").pop() ?? ""] : p;
        const t = target as Record<string, unknown> | undefined;
        if (!t?.title || !t.description) missing.push(`${where}.${name}`);
      }
    };
    check("root", schema.properties);
    for (const [name, def] of Object.entries(schema.$defs)) check(name, def.properties);
    expect(missing).toEqual([]);
  });

  it("is compiled once per process", () => {
    expect(schemaValidator()).toBe(schemaValidator());
  });

  it.each([
    [
      {
        version: 1,
        schedules: { a: { simulation_id: "1", schedule: { frequency: "daily", time: "02:00" } } },
      },
      [],
    ],
    [
      {
        version: 1,
        schedules: { a: { simulation_id: "1", schedule: { frequency: "dayly", time: "02:00" } } },
      },
      ["unknown-frequency"],
    ],
    [
      {
        version: 1,
        schedules: {
          a: { simulation_id: "1", schedule: { frequency: "weekly", time: "02:00", day_of_week: "sun" } },
        },
      },
      ["invalid-value"],
    ],
    [{ version: 1, schedules: { a: { simulation_id: "1", schedule: 5 } } }, ["invalid-type"]],
    [{ version: 1, schedules: { a: { simulation_id: "1", schedule: {} } } }, ["missing-key"]],
  ])("maps ajv errors to one issue each: %j", (value, codes) => {
    expect(validateAgainstSchema(value).map((i) => i.code)).toEqual(codes);
  });
});

describe("didYouMean", () => {
  it.each([
    ["dayly", ["daily", "weekly"], "daily"],
    ["shedule", ["schedule", "schedules"], "schedule"],
    ["enabeld", ["enabled"], "enabled"],
    ["frobnicate", ["daily", "weekly"], undefined],
    ["x", [], undefined],
  ])("%s among %j → %s", (word, options, expected) => {
    expect(didYouMean(word, options)).toBe(expected);
  });
});
