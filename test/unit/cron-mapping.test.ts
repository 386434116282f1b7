import { describe, expect, it } from "vitest";
import { DAY_NUMBERS, variantToCron } from "../../src/core/cron-mapping.js";
import { parseCron } from "../../src/core/cron.js";
import type { DayOfWeek, ScheduleVariant } from "../../src/core/types.js";

describe("variantToCron", () => {
  it.each<[ScheduleVariant, string]>([
    [{ frequency: "every_n_minutes", interval: 15 }, "*/15 * * * *"],
    [{ frequency: "every_n_minutes", interval: 1 }, "*/1 * * * *"],
    [{ frequency: "every_n_hours", interval: 6 }, "0 */6 * * *"],
    [{ frequency: "daily", time: "02:00" }, "0 2 * * *"],
    [{ frequency: "daily", time: "02:05" }, "5 2 * * *"],
    [{ frequency: "daily", time: "23:59" }, "59 23 * * *"],
    [{ frequency: "daily", time: "00:00" }, "0 0 * * *"],
    [{ frequency: "weekly", day_of_week: "sunday", time: "10:30" }, "30 10 * * 0"],
    [{ frequency: "weekly", day_of_week: "monday", time: "08:00" }, "0 8 * * 1"],
    [{ frequency: "weekly", day_of_week: "saturday", time: "07:09" }, "9 7 * * 6"],
    [{ frequency: "monthly", day_of_month: 1, time: "06:00" }, "0 6 1 * *"],
    [{ frequency: "monthly", day_of_month: 31, time: "12:15" }, "15 12 31 * *"],
    [{ frequency: "cron", expression: "  */5 * * * 1-5 " }, "*/5 * * * 1-5"],
  ])("%j -> %s", (variant, want) => {
    expect(variantToCron(variant)).toBe(want);
  });

  it.each(Object.entries(DAY_NUMBERS))("weekly on %s maps to day %i and parses", (day, n) => {
    const cron = variantToCron({ frequency: "weekly", day_of_week: day as DayOfWeek, time: "01:02" });
    expect(cron).toBe(`2 1 * * ${n}`);
    const parsed = parseCron(cron);
    expect(parsed.ok && parsed.fields.dayOfWeek).toEqual([n]);
  });

  it("numbers the days monday=1 .. saturday=6, sunday=0", () => {
    expect(DAY_NUMBERS).toEqual({
      sunday: 0,
      monday: 1,
      tuesday: 2,
      wednesday: 3,
      thursday: 4,
      friday: 5,
      saturday: 6,
    });
  });
});
