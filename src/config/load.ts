/**
 * The schedules file, from text (pure) or from disk, to a DesiredState or every problem at once.
 * Order of checks: YAML syntax, duplicate keys and aliases; secrets; `${VAR}` expansion; the
 * JSON Schema; the semantic checks. Problems below a secret or an unexpandable value are dropped,
 * so that no message repeats a value it should not show.
 */
import { Buffer } from "node:buffer";
import type { DesiredState, Diagnostic } from "../core/types.js";
import { buildState } from "./build-state.js";
import { interpolateTree, type Env } from "./interpolate.js";
import { toPointer, type ConfigIssue } from "./issue.js";
import { parseYaml, type PlacedIssue } from "./parse-yaml.js";
import { MAX_FILE_BYTES, diagnostic, readSchedulesText } from "./read-file.js";
import { validateAgainstSchema } from "./schema-validate.js";
import { findSecretsInDocument, looksLikeApiKey, secretValueIssue } from "./secrets.js";
import { checkSemantics, duplicateScheduleWarnings } from "./semantics.js";
import { createSourceMap, keyString, nodeOffset, type SourceMap } from "./source-map.js";

export type LoadResult =
  | { ok: true; state: DesiredState; diagnostics: Diagnostic[] /* warnings only */ }
  | { ok: false; diagnostics: Diagnostic[] /* at least one error, warnings too */ };

/** Parses and validates the text of a schedules file. Pure: the environment comes in as a value. */
export function parseSchedules(
  text: string,
  file: string,
  env: Record<string, string | undefined>,
): LoadResult {
  if (text.length > MAX_FILE_BYTES || Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES) {
    const message = `${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;
    return { ok: false, diagnostics: [diagnostic(file, "file-too-large", message, "split the schedules")] };
  }
  const parsed = parseYaml(text);
  const map = createSourceMap(parsed.doc, parsed.lineCounter);
  const diagnostics = parsed.placed.map((p) => placeAtOffset(p, map, file));
  if (parsed.value === undefined) return finish(diagnostics, undefined);
  // An empty file, or one holding only comments, declares no schedules: valid.
  if (parsed.value === null && parsed.doc.contents === null) {
    return finish(diagnostics, { file, prune: false, entries: [], empty: true });
  }
  const rawSecrets = findSecretsInDocument(parsed.doc);
  diagnostics.push(...rawSecrets.map((p) => placeAtOffset(p, map, file)));
  const checked = checkValue(
    parsed.value,
    env,
    rawSecrets.map((p) => p.issue),
  );
  diagnostics.push(...checked.issues.map((i) => place(i, map, file)));
  if (diagnostics.some((d) => d.severity === "error")) return finish(diagnostics, undefined);
  const state = buildState(checked.value, file, entryOrder(map));
  diagnostics.push(...duplicateScheduleWarnings(state.entries).map((i) => place(i, map, file)));
  return finish(diagnostics, state);
}

/** Reads and validates a schedules file; a missing, unreadable or oversized file is a diagnostic too. */
export async function loadSchedulesFile(
  file: string,
  env: Record<string, string | undefined>,
): Promise<LoadResult> {
  const read = await readSchedulesText(file);
  if (!read.ok) return { ok: false, diagnostics: [read.diagnostic] };
  return parseSchedules(read.text, file, env);
}

/** `rawSecrets` are already reported; they only silence what would be said below them. */
function checkValue(
  raw: unknown,
  env: Env,
  rawSecrets: ConfigIssue[],
): { value: unknown; issues: ConfigIssue[] } {
  const { value, issues: expansion, expanded } = interpolateTree(raw, env);
  // Values that came in through ${VAR} are checked again once expanded.
  const secrets = expanded.filter((e) => looksLikeApiKey(e.value)).map((e) => secretValueIssue(e.path));
  const blocking = [...secrets, ...expansion];
  const blocked = [...rawSecrets, ...blocking].map((i) => toPointer(i.path));
  const isBlocked = (i: ConfigIssue) => {
    const p = toPointer(i.path);
    return blocked.some((b) => p === b || p.startsWith(`${b}/`));
  };
  const later = [...validateAgainstSchema(value), ...checkSemantics(value)].filter((i) => !isBlocked(i));
  return { value, issues: [...blocking, ...later] };
}

function entryOrder(map: SourceMap) {
  return map.pairsAt(["schedules"]).map((pair) => ({
    name: keyString(pair.key),
    position: map.position(nodeOffset(pair.key) ?? 0),
  }));
}

function place(i: ConfigIssue, map: SourceMap, file: string): Diagnostic {
  const { line, column } = map.locate(i.path, i.anchor);
  return toDiagnostic(i, file, line, column);
}

function placeAtOffset(p: PlacedIssue, map: SourceMap, file: string): Diagnostic {
  const { line, column } = map.position(p.offset);
  return toDiagnostic(p.issue, file, line, column);
}

function toDiagnostic(i: ConfigIssue, file: string, line: number, column: number): Diagnostic {
  const d: Diagnostic = {
    code: i.code,
    severity: i.severity,
    message: i.message,
    file,
    line,
    column,
    path: toPointer(i.path),
  };
  if (i.hint !== undefined) d.hint = i.hint;
  return d;
}

function finish(diagnostics: Diagnostic[], state: DesiredState | undefined): LoadResult {
  const sorted = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  if (state === undefined || sorted.some((d) => d.severity === "error")) {
    return { ok: false, diagnostics: sorted };
  }
  return { ok: true, state, diagnostics: sorted };
}
