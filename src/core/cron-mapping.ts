/**
 * How Bluejay turns a schedule variant into the `cron_expression` it reports. This mapping is
 * ASSUMED (not documented by Bluejay): it lives here alone so that it is easy to change.
 * UTC, numbers without leading zeros, Sunday = 0.
 */
import type { DayOfWeek, ScheduleVariant } from "./types.js";

export const DAY_NUMBERS: Record<DayOfWeek, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

/** "02:05" -> "5 2": minute then hour, without leading zeros. */
function minuteHour(time: string): string {
  const [hour = "", minute = ""] = time.split(":");
  return `${Number.parseInt(minute, 10)} ${Number.parseInt(hour, 10)}`;
}

/** The cron expression Bluejay is assumed to store for a variant. */
export function variantToCron(v: ScheduleVariant): string {
  switch (v.frequency) {
    case "every_n_minutes":
      return `*/${v.interval} * * * *`;
    case "every_n_hours":
      return `0 */${v.interval} * * *`;
    case "daily":
      return `${minuteHour(v.time)} * * *`;
    case "weekly":
      return `${minuteHour(v.time)} * * ${DAY_NUMBERS[v.day_of_week]}`;
    case "monthly":
      return `${minuteHour(v.time)} ${v.day_of_month} * *`;
    case "cron":
      return v.expression.trim();
  }
}
