/**
 * One ajv error to at most one issue in the user's words: a missing key at its parent, an unknown
 * key at the key with "did you mean", a wrong frequency as one message instead of six union errors.
 */
import { closest, distance } from "fastest-levenshtein";
import type { ErrorObject } from "ajv/dist/2020.js";
import { issue, showValue, type ConfigIssue } from "./issue.js";

/** Keywords that only summarise errors reported on their own (if/then, unions, property names). */
const SUMMARY_KEYWORDS = new Set(["if", "anyOf", "oneOf", "allOf", "propertyNames", "not"]);

export function mapSchemaError(e: ErrorObject, path: string[]): ConfigIssue[] {
  if (SUMMARY_KEYWORDS.has(e.keyword)) return [];
  switch (e.keyword) {
    case "required":
      return [missingKey(path, String(e.params.missingProperty))];
    case "additionalProperties":
      return [unknownKey(path, String(e.params.additionalProperty), e.parentSchema)];
    case "enum":
      return [badEnum(path, e.data, e.params.allowedValues as unknown[])];
    case "const":
      return [badConst(path, e.data, e.params.allowedValue)];
    case "type":
      return [badType(path, e.data, e.params.type as string | string[])];
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return [outOfRange(path, e.data, e.parentSchema)];
    case "minLength":
      return [
        issue("empty-value", path, "must not be empty", { hint: "give it a value, or remove the key" }),
      ];
    case "pattern":
      return [badPattern(path, e)];
    default:
      return [issue("schema", path, e.message ?? "is not valid")];
  }
}

/** The closest of `options` to `word` when it is a plausible typo (edit distance 1 or 2). */
export function didYouMean(word: string, options: readonly string[]): string | undefined {
  if (options.length === 0) return undefined;
  const best = closest(word, options);
  return distance(word, best) <= 2 ? best : undefined;
}

const MISSING_HINTS: Record<string, string> = {
  version: "add `version: 1` at the top of the file",
  simulation_id: 'add `simulation_id: "<id>"`: the Bluejay simulation to run',
  schedule: 'add `schedule: { frequency: daily, time: "02:00" }` or a cron string like "*/15 * * * *"',
  frequency: "add `frequency:` one of every_n_minutes, every_n_hours, daily, weekly, monthly, cron",
  time: 'add `time: "HH:MM"` (UTC, quoted)',
  interval: "add `interval:` a whole number",
  day_of_week: "add `day_of_week:` monday..sunday",
  day_of_month: "add `day_of_month:` 1..31",
  expression: 'add `expression:` a 5-field cron expression, e.g. "0 9 * * 1-5"',
};

function missingKey(path: string[], key: string): ConfigIssue {
  const hint = MISSING_HINTS[key] ?? `add '${key}'`;
  return issue("missing-key", path, `missing required key '${key}'`, { hint, anchor: "key" });
}

function allowedKeys(parentSchema: unknown): string[] {
  const props = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function unknownKey(path: string[], key: string, parentSchema: unknown): ConfigIssue {
  const allowed = allowedKeys(parentSchema);
  const suggestion = didYouMean(key, allowed);
  const message = `unknown key '${key}'${suggestion ? `; did you mean '${suggestion}'?` : ""}`;
  const hint = allowed.length > 0 ? `allowed keys here: ${allowed.join(", ")}` : "remove it";
  return issue("unknown-key", [...path, key], message, { hint, anchor: "key", shown: path });
}

function badEnum(path: string[], data: unknown, allowed: unknown[]): ConfigIssue {
  const options = allowed.map(String);
  const suggestion = typeof data === "string" ? didYouMean(data, options) : undefined;
  const tail = suggestion ? `; did you mean '${suggestion}'?` : "";
  const hint = `one of: ${options.join(", ")}`;
  const field = path[path.length - 1];
  if (field === "frequency") {
    const message = `unknown frequency ${showValue(data)}${tail}`;
    return issue("unknown-frequency", path, message, { hint, shown: path.slice(0, -1) });
  }
  return issue("invalid-value", path, `${showValue(data)} is not allowed${tail}`, { hint });
}

function badConst(path: string[], data: unknown, allowed: unknown): ConfigIssue {
  if (path.length === 1 && path[0] === "version") {
    const hint = "this tool reads version 1 files: write `version: 1` (a number, not quoted)";
    return issue("unsupported-version", path, `unsupported version ${showValue(data)}`, { hint });
  }
  return issue("invalid-value", path, `must be ${showValue(allowed)}, got ${showValue(data)}`);
}

const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  null: "empty",
};

function badType(path: string[], data: unknown, type: string | string[]): ConfigIssue {
  const wanted = (Array.isArray(type) ? type : [type]).map((t) => TYPE_WORDS[t] ?? t).join(" or ");
  const hint = path[path.length - 1] === "time" ? 'quote it: "02:00"' : undefined;
  const message = `must be ${wanted}, got ${showValue(data)}`;
  return issue("invalid-type", path, message, hint === undefined ? {} : { hint });
}

function outOfRange(path: string[], data: unknown, parentSchema: unknown): ConfigIssue {
  const s = (parentSchema ?? {}) as { minimum?: number; maximum?: number };
  const range =
    s.maximum === undefined ? `at least ${s.minimum ?? 0}` : `between ${s.minimum ?? 0} and ${s.maximum}`;
  return issue("out-of-range", path, `${showValue(data)} is out of range: must be ${range}`, {
    hint: `use a whole number ${range}`,
  });
}

function badPattern(path: string[], e: ErrorObject): ConfigIssue {
  if (e.propertyName !== undefined) {
    const name = e.propertyName;
    return issue("invalid-name", [...path, name], `schedule name ${showValue(name)} is not valid`, {
      anchor: "key",
      shown: path,
      hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters",
    });
  }
  if (path[path.length - 1] === "time") {
    return issue("invalid-time", path, `${showValue(e.data)} is not a time`, {
      hint: 'write "HH:MM" on a 24-hour clock, UTC, e.g. "02:00"',
    });
  }
  return issue("invalid-value", path, `${showValue(e.data)} does not match ${String(e.params.pattern)}`);
}
