/**
 * The lockfile's text form. Serialization is canonical (keys sorted at every level, 2-space indent,
 * trailing newline, nothing time-dependent) so an unchanged state always gives the same bytes and
 * merges of the committed file rarely conflict.
 */
import type { LockEntry, LockState, PendingIntent, RetiringSchedule } from "../core/types.js";
import { InternalError, LockfileError } from "../errors.js";

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
const RETIRING_FIELDS: Record<keyof RetiringSchedule, FieldKind> = {
  name: "string",
  simulation_id: "string",
};
const TOP_KEYS = new Set(["version", "api_url", "schedules", "pending", "retiring"]);

/** An empty state for `apiUrl`: what a missing lockfile means. */
export function emptyLockState(apiUrl: string): LockState {
  return { version: 1, api_url: apiUrl, schedules: {} };
}

/** Canonical text of `state`; only the known fields are written, `pending` only when not empty. */
export function serializeLock(state: LockState): string {
  // Top-level keys in sorted order: api_url, pending, retiring, schedules, version.
  let out = `{\n  "api_url": ${JSON.stringify(state.api_url)},\n`;
  if (state.pending && Object.keys(state.pending).length > 0) {
    out += `  "pending": ${writeRecords(state.pending, intentFields)},\n`;
  }
  if (state.retiring && Object.keys(state.retiring).length > 0) {
    out += `  "retiring": ${writeRecords(state.retiring, retiringFields)},\n`;
  }
  out += `  "schedules": ${writeRecords(state.schedules, entryFields)},\n`;
  return `${out}  "version": ${JSON.stringify(state.version)}\n}\n`;
}

// Written by hand rather than with JSON.stringify: JavaScript objects list integer-like keys
// ("10", "9") before all others, which would break the sorted order names like "9" need. The
// fields of a record are known and written in sorted order, which keeps 10,000 entries fast.
function writeRecords<T>(records: Record<string, T>, fields: (name: string, record: T) => string): string {
  const names = Object.keys(records).sort();
  if (names.length === 0) return "{}";
  let out = "{\n";
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    out += `${i === 0 ? "" : ",\n"}    ${JSON.stringify(name)}: {\n${fields(name, records[name] as T)}\n    }`;
  }
  return `${out}\n  }`;
}

function entryFields(name: string, e: LockEntry): string {
  return (
    `      "cron_expression": ${str(e.cron_expression, name)},\n      "enabled": ${bool(e.enabled, name)},\n` +
    `      "id": ${str(e.id, name)},\n      "simulation_id": ${str(e.simulation_id, name)},\n` +
    `      "spec_hash": ${str(e.spec_hash, name)}`
  );
}

function intentFields(name: string, p: PendingIntent): string {
  return (
    `      "cron_expression": ${str(p.cron_expression, name)},\n      "enabled": ${bool(p.enabled, name)},\n` +
    `      "simulation_id": ${str(p.simulation_id, name)},\n      "spec_hash": ${str(p.spec_hash, name)}`
  );
}

function retiringFields(id: string, r: RetiringSchedule): string {
  return `      "name": ${str(r.name, id)},\n      "simulation_id": ${str(r.simulation_id, id)}`;
}

// A state that would not read back must never reach the file.
function str(value: unknown, name: string): string {
  if (typeof value !== "string")
    throw new InternalError("lock-entry-invalid", `${name}: a field is not a string`);
  return JSON.stringify(value);
}

function bool(value: unknown, name: string): string {
  if (typeof value !== "boolean")
    throw new InternalError("lock-entry-invalid", `${name}: "enabled" is not a boolean`);
  return value ? "true" : "false";
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
    (doc.pending === undefined ? null : checkRecords(doc.pending, "/pending", INTENT_FIELDS, false)) ??
    (doc.retiring === undefined ? null : checkRetiring(doc.retiring))
  );
}

/** `retiring` is keyed by remote id (any non-empty string), each naming the entry it was replaced for. */
function checkRetiring(value: unknown): string | null {
  if (!isRecord(value)) return "/retiring is not an object";
  for (const [id, record] of Object.entries(value)) {
    if (id === "") return "/retiring: an id is empty";
    const problem = checkRecord(record, RETIRING_FIELDS);
    if (problem) return `/retiring/${id}: ${problem}`;
    if (!ENTRY_NAME.test((record as RetiringSchedule).name))
      return `/retiring/${id}: "name" is not a valid entry name`;
  }
  return null;
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
export function checkEntry(
  name: string,
  entry: unknown,
  kind: "entry" | "intent" | "retiring",
): string | null {
  if (kind === "retiring") {
    if (name === "") return "a retiring schedule has an empty id";
    const problem = checkRecord(entry, RETIRING_FIELDS);
    return problem ? `${name}: ${problem}` : null;
  }
  if (!ENTRY_NAME.test(name)) return `"${name}" is not a valid entry name`;
  const problem = checkRecord(entry, kind === "entry" ? ENTRY_FIELDS : INTENT_FIELDS);
  if (problem) return `${name}: ${problem}`;
  if (kind === "entry" && (entry as LockEntry).id === "") return `${name}: "id" is empty`;
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
