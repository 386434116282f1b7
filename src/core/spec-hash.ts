/**
 * A hash of what an entry asks for, stored in the lockfile when it is applied: a later run compares
 * it to tell "the entry changed" from "the remote drifted".
 */
import { createHash } from "node:crypto";
import type { ScheduleVariant } from "./types.js";

export interface SpecHashInput {
  simulation_id: string;
  schedule: ScheduleVariant;
  enabled: boolean;
}

/** JSON with object keys sorted at every level, so that key order never changes the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const obj = value as Record<string, unknown>;
  let out = "";
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] === undefined) continue;
    out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${canonicalJson(obj[key])}`;
  }
  return `{${out}}`;
}

/** `"sha256:" + hex` of the canonical JSON of `{simulation_id, schedule, enabled}`. */
export function specHash(e: SpecHashInput): string {
  const canonical = canonicalJson({
    simulation_id: e.simulation_id,
    schedule: e.schedule,
    enabled: e.enabled,
  });
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}
