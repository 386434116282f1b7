/**
 * The lockfile's text form. Serialization is canonical (keys sorted at every level, 2-space indent,
 * trailing newline, nothing time-dependent) so an unchanged state always gives the same bytes and
 * merges of the committed file rarely conflict.
 */
import type { LockEntry, LockState, PendingIntent } from "../core/types.js";
import { LockfileError } from "../errors.js";

/** The entry-name rule of the schedules file; anything else in a lockfile was not written by us. */
const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

type FieldKind = "string" | "boolean";
const ENTRY_FIELDS: Record<keyof LockEntry, FieldKind> = {
  id: "string",
  simulation_id: "string",
  cron_expression: "string",
  enabled: "boolean",
  spec_hash: "string",
};
const INTENT_FIELDS: Record<keyof PendingIntent, FieldKind> = {
  simulation_id: "string",
  cron_expression: "string",
  enabled: "boolean",
  spec_hash: "string",
};
const TOP_KEYS = new Set(["version", "api_url", "schedules", "pending"]);

/** An empty state for `apiUrl`: what a missing lockfile means. */
export function emptyLockState(apiUrl: string): LockState {
  return { version: 1, api_url: apiUrl, schedules: {} };
}

/** Canonical text of `state`; only the known fields are written, `pending` only when not empty. */
export function serializeLock(state: LockState): string {
  const doc: Record<string, unknown> = {
    version: state.version,
    api_url: state.api_url,
    schedules: project(state.schedules, ENTRY_FIELDS),
  };
  if (state.pending && Object.keys(state.pending).length > 0) {
    doc.pending = project(state.pending, INTENT_FIELDS);
  }
  const out: string[] = [];
  writeValue(doc, "", out);
  out.push("\n");
  return out.join("");
}

function project<T extends object>(
  records: Record<string, T>,
  fields: Record<string, FieldKind>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, record] of Object.entries(records)) {
    const picked: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) picked[key] = (record as Record<string, unknown>)[key];
    out[name] = picked;
  }
  return out;
}

// Written by hand rather than with JSON.stringify: JavaScript objects list integer-like keys
// ("10", "9") before all others, which would break the sorted order names like "9" need.
function writeValue(value: unknown, indent: string, out: string[]): void {
  if (value === null || typeof value !== "object") {
    out.push(JSON.stringify(value));
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  if (keys.length === 0) {
    out.push("{}");
    return;
  }
  const inner = `${indent}  `;
  out.push("{\n");
  keys.forEach((key, i) => {
    out.push(inner, JSON.stringify(key), ": ");
    writeValue(record[key], inner, out);
    out.push(i === keys.length - 1 ? "\n" : ",\n");
  });
  out.push(indent, "}");
}

/** The advice every corrupt-lockfile message ends with. */
export function recoveryHint(file: string): string {
  return (
    `To recover, move it aside (mv ${file} ${file}.broken) and run \`bluejay-sync apply\`: ` +
    `entries are bound again to their remote schedules by adoption.`
  );
}

function corrupt(file: string, where: string, what: string): LockfileError {
  const at = where ? `${file}:${where}` : file;
  return new LockfileError(
    "lockfile-corrupt",
    `${at}: the lockfile is unreadable: ${what}. ${recoveryHint(file)}`,
  );
}

/**
 * Parses and checks a lockfile. Throws LockfileError `lockfile-corrupt` (with where, what, and how
 * to recover) when the text is truncated, not JSON, of the wrong shape, or of an unknown version.
 */
export function parseLock(text: string, file: string): LockState {
  let doc: unknown;
  try {
    // An editor may have added a byte-order mark; it is dropped at the next write.
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw jsonError(text, file, err);
  }
  const problem = checkDocument(doc);
  if (problem) throw corrupt(file, "", problem);
  return doc as LockState;
}

function jsonError(text: string, file: string, err: unknown): LockfileError {
  if (text.trim() === "") return corrupt(file, "", "the file is empty");
  if (/^(<{7}|={7}|>{7})( |$)/m.test(text)) {
    return corrupt(
      file,
      lineColumn(text, text.search(/^(<{7}|={7}|>{7})( |$)/m)),
      "it holds merge conflict markers",
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  const match = /at position (\d+)/.exec(message);
  const offset = match ? Number(match[1]) : null;
  // An error at the very end (or "unexpected end") means the text stops before the JSON does.
  if (/end of JSON input/i.test(message) || (offset !== null && offset >= text.trimEnd().length)) {
    return corrupt(file, lineColumn(text, text.length), "the file ends early (truncated)");
  }
  if (offset !== null)
    return corrupt(file, lineColumn(text, offset), `not valid JSON (${stripPosition(message)})`);
  return corrupt(file, "", `not valid JSON (${message})`);
}

function stripPosition(message: string): string {
  return message.replace(/\s*in JSON at position \d+.*$/, "");
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${offset - lineStart + 1}`;
}

/** Returns what is wrong with the parsed document, or null when it is a valid lockfile. */
function checkDocument(doc: unknown): string | null {
  if (!isRecord(doc)) return "the top level is not an object";
  if (doc.version !== 1)
    return `unknown version ${JSON.stringify(doc.version) ?? "(missing)"} (this tool writes 1)`;
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) return `unexpected key "${key}" at the top level`;
  }
  if (typeof doc.api_url !== "string") return `"api_url" is not a string`;
  return (
    checkRecords(doc.schedules, "/schedules", ENTRY_FIELDS, true) ??
    (doc.pending === undefined ? null : checkRecords(doc.pending, "/pending", INTENT_FIELDS, false))
  );
}

function checkRecords(
  value: unknown,
  path: string,
  fields: Record<string, FieldKind>,
  needsId: boolean,
): string | null {
  if (!isRecord(value)) return `${path} is not an object`;
  for (const [name, record] of Object.entries(value)) {
    if (!ENTRY_NAME.test(name)) return `${path}: "${name}" is not a valid entry name`;
    const problem = checkRecord(record, fields);
    if (problem) return `${path}/${name}: ${problem}`;
    if (needsId && (record as { id: string }).id === "") return `${path}/${name}: "id" is empty`;
  }
  return null;
}

function checkRecord(record: unknown, fields: Record<string, FieldKind>): string | null {
  if (!isRecord(record)) return "not an object";
  for (const [key, kind] of Object.entries(fields)) {
    if (!(key in record)) return `"${key}" is missing`;
    if (typeof record[key] !== kind) return `"${key}" is not a ${kind}`;
  }
  for (const key of Object.keys(record)) {
    if (!(key in fields)) return `unexpected key "${key}"`;
  }
  return null;
}

/** Checks a value about to be stored, so that a bad value can never reach the file. */
export function checkEntry(name: string, entry: unknown, kind: "entry" | "intent"): string | null {
  if (!ENTRY_NAME.test(name)) return `"${name}" is not a valid entry name`;
  const problem = checkRecord(entry, kind === "entry" ? ENTRY_FIELDS : INTENT_FIELDS);
  if (problem) return `${name}: ${problem}`;
  if (kind === "entry" && (entry as LockEntry).id === "") return `${name}: "id" is empty`;
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
