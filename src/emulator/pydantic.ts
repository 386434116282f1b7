/**
 * Field checks that answer the way Pydantic v2 does inside FastAPI (Python lax mode: the body is
 * parsed with `json.loads`, then validated), item for item: type, loc, msg, input, ctx.
 */
import type { PydanticErrorItem } from "./types.js";

export type Loc = (string | number)[];
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: PydanticErrorItem[] };

function fail<T>(
  type: string,
  loc: Loc,
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): Checked<T> {
  const item: PydanticErrorItem = ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input };
  return { ok: false, errors: [item] };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function missing(loc: Loc, parent: unknown): PydanticErrorItem {
  return { type: "missing", loc, msg: "Field required", input: parent };
}

/** A model got something that is not an object. */
export function notAnObject(loc: Loc, input: unknown): PydanticErrorItem {
  return {
    type: "model_attributes_type",
    loc,
    msg: "Input should be a valid dictionary or object to extract fields from",
    input,
  };
}

/** `str`: no coercion from numbers or booleans. */
export function checkString(v: unknown, loc: Loc): Checked<string> {
  if (typeof v === "string") return { ok: true, value: v };
  return fail("string_type", loc, "Input should be a valid string", v);
}

const TRUE_WORDS = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["0", "off", "f", "false", "n", "no"]);

/** `bool` in lax mode: 0/1 and a few words are accepted. */
export function checkBool(v: unknown, loc: Loc): Checked<boolean> {
  if (typeof v === "boolean") return { ok: true, value: v };
  if (typeof v === "number" && (v === 0 || v === 1)) return { ok: true, value: v === 1 };
  if (typeof v === "string") {
    const w = v.toLowerCase();
    if (TRUE_WORDS.has(w)) return { ok: true, value: true };
    if (FALSE_WORDS.has(w)) return { ok: true, value: false };
  }
  if (typeof v === "string" || typeof v === "number")
    return fail("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", v);
  return fail("bool_type", loc, "Input should be a valid boolean", v);
}

/** `int` in lax mode: whole floats, booleans and numeric strings are accepted. */
export function checkInt(v: unknown, loc: Loc): Checked<number> {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return { ok: true, value: v };
    if (!Number.isFinite(v)) return fail("finite_number", loc, "Input should be a finite number", v);
    return fail(
      "int_from_float",
      loc,
      "Input should be a valid integer, got a number with a fractional part",
      v,
    );
  }
  if (typeof v === "boolean") return { ok: true, value: v ? 1 : 0 };
  if (typeof v === "string") {
    const t = v.trim();
    if (/^[+-]?\d+$/.test(t)) return { ok: true, value: Number(t) };
    return fail(
      "int_parsing",
      loc,
      "Input should be a valid integer, unable to parse string as an integer",
      v,
    );
  }
  return fail("int_type", loc, "Input should be a valid integer", v);
}

export interface IntBounds {
  gt?: number;
  ge?: number;
  le?: number;
}

export function checkBoundedInt(v: unknown, loc: Loc, b: IntBounds): Checked<number> {
  const r = checkInt(v, loc);
  if (!r.ok) return r;
  const n = r.value;
  if (b.gt !== undefined && !(n > b.gt))
    return fail("greater_than", loc, `Input should be greater than ${b.gt}`, v, { gt: b.gt });
  if (b.ge !== undefined && !(n >= b.ge))
    return fail("greater_than_equal", loc, `Input should be greater than or equal to ${b.ge}`, v, {
      ge: b.ge,
    });
  if (b.le !== undefined && !(n <= b.le))
    return fail("less_than_equal", loc, `Input should be less than or equal to ${b.le}`, v, { le: b.le });
  return r;
}

/** `Literal[...]`: exact match, no case folding. */
export function checkLiteral<T extends string>(v: unknown, loc: Loc, allowed: readonly T[]): Checked<T> {
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return { ok: true, value: v as T };
  const quoted = allowed.map((a) => `'${a}'`);
  const expected =
    quoted.length === 1
      ? (quoted[0] ?? "")
      : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return fail("literal_error", loc, `Input should be ${expected}`, v, { expected });
}

/** `constr(pattern=...)`; `\d` matches any Unicode digit there, as it does server-side. */
export function checkPattern(v: unknown, loc: Loc, pattern: string, re: RegExp): Checked<string> {
  const s = checkString(v, loc);
  if (!s.ok) return s;
  if (re.test(s.value)) return s;
  return fail("string_pattern_mismatch", loc, `String should match pattern '${pattern}'`, v, { pattern });
}
