/**
 * Request bodies checked the way FastAPI + Pydantic v2 check them, with the same 422 items:
 * the `schedule` union reports every member's errors under the member's class name.
 */
import type { DayOfWeek, ScheduleVariant } from "../core/types.js";
import type { PydanticErrorItem } from "./types.js";
import {
  checkBool,
  checkBoundedInt,
  checkInt,
  checkLiteral,
  checkPattern,
  checkString,
  isObject,
  missing,
  notAnObject,
  type Checked,
  type Loc,
} from "./pydantic.js";

const TIME_PATTERN = "^\\d{2}:\\d{2}$";
const TIME_RE = /^\p{Nd}{2}:\p{Nd}{2}$/u;
const DAYS: readonly DayOfWeek[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

type FieldCheck = (v: unknown, loc: Loc) => Checked<unknown>;

interface ModelSpec {
  name: string;
  fields: [string, FieldCheck][];
}

const time: FieldCheck = (v, loc) => checkPattern(v, loc, TIME_PATTERN, TIME_RE);
const frequency =
  (f: string): FieldCheck =>
  (v, loc) =>
    checkLiteral(v, loc, [f]);

/** The six members of the union, in the order the document lists them. */
const MEMBERS: readonly ModelSpec[] = [
  {
    name: "EveryNMinutesSchedule",
    fields: [
      ["frequency", frequency("every_n_minutes")],
      ["interval", (v, loc) => checkBoundedInt(v, loc, { gt: 0, le: 59 })],
    ],
  },
  {
    name: "EveryNHoursSchedule",
    fields: [
      ["frequency", frequency("every_n_hours")],
      ["interval", (v, loc) => checkBoundedInt(v, loc, { gt: 0, le: 23 })],
    ],
  },
  {
    name: "DailySchedule",
    fields: [
      ["frequency", frequency("daily")],
      ["time", time],
    ],
  },
  {
    name: "WeeklySchedule",
    fields: [
      ["frequency", frequency("weekly")],
      ["day_of_week", (v, loc) => checkLiteral(v, loc, DAYS)],
      ["time", time],
    ],
  },
  {
    name: "MonthlySchedule",
    fields: [
      ["frequency", frequency("monthly")],
      ["day_of_month", (v, loc) => checkBoundedInt(v, loc, { ge: 1, le: 31 })],
      ["time", time],
    ],
  },
  {
    name: "CronSchedule",
    fields: [
      ["frequency", frequency("cron")],
      ["expression", checkString],
    ],
  },
];

/** Validates a model: every field in declaration order, extra keys ignored. */
function checkModel(v: unknown, loc: Loc, spec: ModelSpec): Checked<Record<string, unknown>> {
  if (!isObject(v)) return { ok: false, errors: [notAnObject(loc, v)] };
  const errors: PydanticErrorItem[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, check] of spec.fields) {
    if (!(key in v)) {
      errors.push(missing([...loc, key], v));
      continue;
    }
    const r = check(v[key], [...loc, key]);
    if (r.ok) value[key] = r.value;
    else errors.push(...r.errors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/** A smart-mode union: the first member that validates wins; else every member's errors. */
export function checkScheduleUnion(v: unknown, loc: Loc): Checked<ScheduleVariant> {
  const errors: PydanticErrorItem[] = [];
  for (const member of MEMBERS) {
    const r = checkModel(v, [...loc, member.name], member);
    if (r.ok) return { ok: true, value: r.value as unknown as ScheduleVariant };
    errors.push(...r.errors);
  }
  return { ok: false, errors };
}

export interface CreateBody {
  simulation_id: string;
  schedule: ScheduleVariant;
  enabled: boolean | null;
}

export interface UpdateBody {
  schedule: ScheduleVariant | null;
  enabled: boolean | null;
}

const nullableBool: FieldCheck = (v, loc) => (v === null ? { ok: true, value: null } : checkBool(v, loc));
const nullableSchedule: FieldCheck = (v, loc) =>
  v === null ? { ok: true, value: null } : checkScheduleUnion(v, loc);

/** A required JSON body: absent or `null` is one "missing" item at `["body"]`. */
function checkBody(body: unknown): PydanticErrorItem[] | null {
  if (body === undefined || body === null) return [missing(["body"], null)];
  if (!isObject(body)) return [notAnObject(["body"], body)];
  return null;
}

export function validateCreateBody(body: unknown): Checked<CreateBody> {
  const early = checkBody(body);
  if (early) return { ok: false, errors: early };
  const spec: ModelSpec = {
    name: "CreateCronJobRequest",
    fields: [
      ["simulation_id", checkString],
      ["schedule", checkScheduleUnion],
    ],
  };
  const r = checkModel(body, ["body"], spec);
  const errors = r.ok ? [] : [...r.errors];
  const obj = body as Record<string, unknown>;
  // `enabled` has a default, so absence is not an error; it is checked after the required fields.
  let enabled: boolean | null = true;
  if ("enabled" in obj) {
    const e = nullableBool(obj.enabled, ["body", "enabled"]);
    if (e.ok) enabled = e.value as boolean | null;
    else errors.push(...e.errors);
  }
  if (!r.ok || errors.length) return { ok: false, errors };
  const value = r.value as { simulation_id: string; schedule: ScheduleVariant };
  return { ok: true, value: { simulation_id: value.simulation_id, schedule: value.schedule, enabled } };
}

export function validateUpdateBody(body: unknown): Checked<UpdateBody> {
  const early = checkBody(body);
  if (early) return { ok: false, errors: early };
  const obj = body as Record<string, unknown>;
  const errors: PydanticErrorItem[] = [];
  const out: UpdateBody = { schedule: null, enabled: null };
  if ("schedule" in obj) {
    const s = nullableSchedule(obj.schedule, ["body", "schedule"]);
    if (s.ok) out.schedule = s.value as ScheduleVariant | null;
    else errors.push(...s.errors);
  }
  if ("enabled" in obj) {
    const e = nullableBool(obj.enabled, ["body", "enabled"]);
    if (e.ok) out.enabled = e.value as boolean | null;
    else errors.push(...e.errors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}

/** An integer path parameter (`/v1/simulation/{simulation_id}`). */
export function validateIntPath(raw: string, name: string): Checked<number> {
  return checkInt(raw, ["path", name]);
}
