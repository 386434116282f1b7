/**
 * A problem found in the schedules file before it has a position: the checks speak in paths,
 * and the loader turns each into a Diagnostic with `line:column` from the YAML tree.
 */
import type { Severity } from "../core/types.js";

/** The stable codes of schedules-file diagnostics. Scripts and tests rely on these strings. */
export type ConfigCode =
  | "file-missing"
  | "file-unreadable"
  | "file-too-large"
  | "yaml-syntax"
  | "yaml-warning"
  | "alias-limit"
  | "duplicate-key"
  | "unknown-key"
  | "missing-key"
  | "invalid-type"
  | "invalid-value"
  | "unknown-frequency"
  | "unsupported-version"
  | "out-of-range"
  | "empty-value"
  | "invalid-name"
  | "invalid-time"
  | "invalid-cron"
  | "invalid-simulation-id"
  | "unset-variable"
  | "invalid-variable"
  | "secret-in-file"
  | "duplicate-schedule"
  | "schema";

/**
 * Which node of the path the position names: the value itself, or the key that holds it
 * (for a missing key, the caller passes the parent's path with `key`).
 */
export type Anchor = "value" | "key";

export interface ConfigIssue {
  code: ConfigCode;
  severity: Severity;
  /** Segments from the document root, e.g. ["schedules", "smoke", "schedule", "time"]. */
  path: string[];
  anchor: Anchor;
  message: string;
  hint?: string;
}

/** `["schedules", "smoke", "time"]` → `schedules.smoke.time`: how paths read in messages. */
export function displayPath(path: readonly string[]): string {
  return path.join(".");
}

/** `["schedules", "a/b"]` → `/schedules/a~1b` (JSON Pointer escaping). */
export function toPointer(path: readonly string[]): string {
  return path.map((s) => `/${s.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** The inverse of toPointer; `""` is the root. */
export function fromPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function issue(
  code: ConfigCode,
  path: string[],
  message: string,
  opts: { hint?: string; anchor?: Anchor; severity?: Severity; shown?: string[] } = {},
): ConfigIssue {
  // Messages lead with the path they speak of; for an unknown key that is the map holding it.
  const shown = opts.shown ?? path;
  const prefix = shown.length > 0 ? `${displayPath(shown)}: ` : "";
  const out: ConfigIssue = {
    code,
    severity: opts.severity ?? "error",
    path,
    anchor: opts.anchor ?? "value",
    message: `${prefix}${message}`,
  };
  if (opts.hint !== undefined) out.hint = opts.hint;
  return out;
}

/** A value for a message: short, quoted when a string. Never call this on a suspected secret. */
export function showValue(v: unknown): string {
  if (typeof v === "string") return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return String(v);
}
