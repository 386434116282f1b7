/**
 * Checks the schema cannot express: times that exist on a clock, cron expressions that parse,
 * simulation ids that survive being numbers, and entries that would run the same thing twice.
 */
import { normalizeCron, parseCron } from "../core/cron.js";
import { variantToCron } from "../core/cron-mapping.js";
import type { DesiredEntry } from "../core/types.js";
import { issue, type ConfigIssue } from "./issue.js";

const TIME_SHAPE = /^(\d{2}):(\d{2})$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The semantic errors of every entry; values of the wrong type are left to the schema. */
export function checkSemantics(value: unknown): ConfigIssue[] {
  if (!isRecord(value) || !isRecord(value.schedules)) return [];
  const out: ConfigIssue[] = [];
  for (const [name, entry] of Object.entries(value.schedules)) {
    if (!isRecord(entry)) continue;
    const at = ["schedules", name];
    out.push(...checkSimulationId(entry.simulation_id, [...at, "simulation_id"]));
    out.push(...checkSchedule(entry.schedule, [...at, "schedule"]));
  }
  return out;
}

function checkSimulationId(id: unknown, path: string[]): ConfigIssue[] {
  if (typeof id === "number" && Number.isInteger(id) && !Number.isSafeInteger(id)) {
    return [
      issue("invalid-simulation-id", path, "is too large to be read exactly as a number", {
        hint: 'quote it: simulation_id: "<id>"',
      }),
    ];
  }
  return [];
}

function checkSchedule(schedule: unknown, path: string[]): ConfigIssue[] {
  if (typeof schedule === "string") return checkCron(schedule, path);
  if (!isRecord(schedule)) return [];
  const out: ConfigIssue[] = [];
  if (schedule.frequency === "cron" && typeof schedule.expression === "string") {
    out.push(...checkCron(schedule.expression, [...path, "expression"]));
  }
  if (typeof schedule.time === "string") out.push(...checkTime(schedule.time, [...path, "time"]));
  return out;
}

function checkCron(expression: string, path: string[]): ConfigIssue[] {
  if (expression.trim() === "") return []; // the schema reports an empty value
  const parsed = parseCron(expression);
  if (parsed.ok) return [];
  return [
    issue("invalid-cron", path, `'${expression}' is not a valid cron expression: ${parsed.message}`, {
      hint: 'use 5 fields, minute hour day-of-month month day-of-week (UTC), e.g. "*/15 * * * *"',
    }),
  ];
}

function checkTime(time: string, path: string[]): ConfigIssue[] {
  const m = TIME_SHAPE.exec(time);
  if (m === null) return []; // the schema reports the shape
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours <= 23 && minutes <= 59) return [];
  return [
    issue("invalid-time", path, `'${time}' is not a time of day`, {
      hint: "hours run 00..23 and minutes 00..59 (UTC); midnight is 00:00",
    }),
  ];
}

/**
 * A warning at each entry that runs the same simulation on the same cron as an earlier one:
 * legal (Bluejay allows it), but usually a copy-paste slip. Grouping by the normalised cron keeps
 * this linear in the number of entries.
 */
export function duplicateScheduleWarnings(entries: readonly DesiredEntry[]): ConfigIssue[] {
  const first = new Map<string, DesiredEntry>();
  // Files repeat a few crons across many simulations: parse each distinct one once.
  const normalized = new Map<string, string>();
  const normalize = (cron: string): string => {
    let n = normalized.get(cron);
    if (n === undefined) normalized.set(cron, (n = normalizeCron(cron) ?? cron));
    return n;
  };
  const out: ConfigIssue[] = [];
  for (const entry of entries) {
    const key = `${entry.simulation_id}\u0000${normalize(variantToCron(entry.schedule))}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, entry);
      continue;
    }
    const where = `line ${earlier.position.line}`;
    const message = `runs simulation ${entry.simulation_id} on the same schedule as '${earlier.name}' (${where})`;
    out.push(
      issue("duplicate-schedule", ["schedules", entry.name], message, {
        severity: "warning",
        anchor: "key",
        hint: "remove one of the two entries, or change its schedule; Bluejay would run it twice",
      }),
    );
  }
  return out;
}
