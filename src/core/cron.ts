/**
 * Standard 5-field cron expressions, parsed into value sets so that two expressions can be compared
 * by meaning (`0` vs `00`, `*\/1` vs `*`, `7` vs `0`, names vs numbers, lists in any order).
 * Bluejay reports only `cron_expression`, so without this every run would report false drift.
 */

export interface CronFields {
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  /** 0..6, Sunday = 0 (7 is folded to 0). */
  dayOfWeek: number[];
  /**
   * Day of month covers every value (`*`, `*\/1`, `1-31`): it does not restrict the day. When both
   * day fields are restricted, a day matches when EITHER matches (standard cron), so these two
   * flags are part of the meaning.
   */
  domStar: boolean;
  /** Day of week is unrestricted: then only day of month restricts the day. */
  dowStar: boolean;
}

export type CronParse = { ok: true; fields: CronFields } | { ok: false; message: string };

interface FieldSpec {
  name: string;
  min: number;
  /** Largest value a range may name (7 for day of week, an alias of Sunday). */
  max: number;
  /** Largest value `*` and `a/n` reach (6 for day of week). */
  starMax: number;
  names?: readonly string[];
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59, starMax: 59 },
  { name: "hour", min: 0, max: 23, starMax: 23 },
  { name: "day of month", min: 1, max: 31, starMax: 31 },
  { name: "month", min: 1, max: 12, starMax: 12, names: MONTH_NAMES },
  { name: "day of week", min: 0, max: 7, starMax: 6, names: DAY_NAMES },
];

type ValueParse = { ok: true; value: number } | { ok: false; message: string };

function parseValue(text: string, spec: FieldSpec): ValueParse {
  const lower = text.toLowerCase();
  const nameIndex = spec.names?.indexOf(lower) ?? -1;
  if (nameIndex >= 0) return { ok: true, value: spec.name === "month" ? nameIndex + 1 : nameIndex };
  if (!/^\d+$/.test(text)) return { ok: false, message: `${spec.name}: "${text}" is not a number` };
  const value = Number.parseInt(text, 10);
  if (value < spec.min || value > spec.max) {
    return { ok: false, message: `${spec.name}: ${value} is out of range ${spec.min}-${spec.max}` };
  }
  return { ok: true, value };
}

function parseStep(text: string | undefined, spec: FieldSpec): ValueParse {
  if (text === undefined) return { ok: true, value: 1 };
  if (!/^\d+$/.test(text)) return { ok: false, message: `${spec.name}: step "${text}" is not a number` };
  const step = Number.parseInt(text, 10);
  if (step < 1) return { ok: false, message: `${spec.name}: a step of 0 never advances` };
  if (step > spec.max) return { ok: false, message: `${spec.name}: step ${step} is larger than ${spec.max}` };
  return { ok: true, value: step };
}

type ItemParse = { ok: true } | { ok: false; message: string };
const ITEM_OK: ItemParse = { ok: true };

/** One list item (`*`, `*\/n`, `a`, `a-b`, `a-b/n` or `a/n`), marked into `marks`. */
function parseItem(item: string, spec: FieldSpec, marks: Uint8Array): ItemParse {
  if (item === "") return { ok: false, message: `${spec.name}: empty list item` };
  const parts = item.split("/");
  if (parts.length > 2) return { ok: false, message: `${spec.name}: "${item}" has more than one "/"` };
  const [rangeText = "", stepText] = parts;
  const step = parseStep(stepText, spec);
  if (!step.ok) return step;
  let low = spec.min;
  let high = spec.starMax;
  if (rangeText !== "*") {
    const bounds = rangeText.split("-");
    if (bounds.length > 2) return { ok: false, message: `${spec.name}: "${rangeText}" is not a range` };
    const first = parseValue(bounds[0] ?? "", spec);
    if (!first.ok) return first;
    low = first.value;
    high = stepText !== undefined && bounds.length === 1 ? spec.starMax : low;
    if (bounds.length === 2) {
      const second = parseValue(bounds[1] ?? "", spec);
      if (!second.ok) return second;
      high = second.value;
      if (high < low) return { ok: false, message: `${spec.name}: range ${rangeText} is reversed` };
    }
  }
  for (let v = low; v <= high; v += step.value) marks[v] = 1;
  return ITEM_OK;
}

function parseField(
  text: string,
  spec: FieldSpec,
): { ok: true; values: number[] } | { ok: false; message: string } {
  const marks = new Uint8Array(spec.max + 1);
  for (const item of text.split(",")) {
    const parsed = parseItem(item, spec, marks);
    if (!parsed.ok) return parsed;
  }
  // Day of week 7 is Sunday: fold it onto 0. Only day of week has max above starMax.
  if (spec.max > spec.starMax && marks[spec.max] === 1) marks[spec.min] = 1;
  const values: number[] = [];
  for (let v = spec.min; v <= spec.starMax; v++) if (marks[v] === 1) values.push(v);
  return { ok: true, values };
}

function isFull(values: number[], spec: FieldSpec): boolean {
  return values.length === spec.starMax - spec.min + 1;
}

/** Parses a standard 5-field cron expression; the failure message names the field and the reason. */
export function parseCron(expression: string): CronParse {
  const parts = expression
    .trim()
    .split(/\s+/)
    .filter((p) => p !== "");
  if (parts.length !== 5) {
    return {
      ok: false,
      message: `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
    };
  }
  const sets: number[][] = [];
  for (const [i, spec] of FIELDS.entries()) {
    const parsed = parseField(parts[i] ?? "", spec);
    if (!parsed.ok) return parsed;
    sets.push(parsed.values);
  }
  const [minute = [], hour = [], dayOfMonth = [], month = [], dayOfWeek = []] = sets;
  const domSpec = FIELDS[2] as FieldSpec;
  const dowSpec = FIELDS[4] as FieldSpec;
  const fields: CronFields = {
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    domStar: isFull(dayOfMonth, domSpec),
    dowStar: isFull(dayOfWeek, dowSpec),
  };
  return { ok: true, fields };
}

/** Renders a value set: `*` when full, `*\/n` when it is exactly what `*\/n` gives (3+ values), else runs and values. */
function renderField(values: number[], spec: FieldSpec): string {
  if (isFull(values, spec)) return "*";
  const step = (values[1] ?? 0) - (values[0] ?? 0);
  if (values.length > 2 && step > 1 && values[0] === spec.min) {
    const expected = Math.floor((spec.starMax - spec.min) / step) + 1;
    const evenlySpaced = values.every((v, i) => v === spec.min + i * step);
    if (evenlySpaced && values.length === expected) return `*/${step}`;
  }
  const out: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === (values[j] ?? 0) + 1) j++;
    if (j - i >= 2) out.push(`${values[i]}-${values[j]}`);
    else for (let k = i; k <= j; k++) out.push(String(values[k]));
    i = j + 1;
  }
  return out.join(",");
}

/** The canonical string of an expression (same meaning, same string), or null when it does not parse. */
export function normalizeCron(expression: string): string | null {
  const parsed = parseCron(expression);
  if (!parsed.ok) return null;
  const f = parsed.fields;
  const sets = [f.minute, f.hour, f.dayOfMonth, f.month, f.dayOfWeek];
  return sets.map((values, i) => renderField(values, FIELDS[i] as FieldSpec)).join(" ");
}

function collapseWhitespace(text: string): string {
  return text.trim().split(/\s+/).join(" ");
}

/**
 * True when both expressions fire at the same times. When either does not parse, they are
 * compared as text after trimming and collapsing whitespace.
 */
export function cronEquivalent(a: string, b: string): boolean {
  const na = normalizeCron(a);
  const nb = normalizeCron(b);
  if (na === null || nb === null) return collapseWhitespace(a) === collapseWhitespace(b);
  return na === nb;
}
