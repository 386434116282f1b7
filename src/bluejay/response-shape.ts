/**
 * Minimal checks of Bluejay's 200 answers: enough that the rest of the program can trust the
 * values it gets (ids and cron expressions are strings), and `enabled: null` read as true.
 */
import { RemoteError } from "../errors.js";
import type { RemoteSchedule } from "../core/types.js";
import type { CallKind } from "./http-errors.js";

function protocol(call: CallKind, what: string): RemoteError {
  return new RemoteError("protocol", `${call}: the response ${what}`, { retryable: false });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One schedule record, or a "protocol" RemoteError when it lacks the documented shape. */
export function readSchedule(call: CallKind, raw: unknown): RemoteSchedule {
  if (!isObject(raw)) throw protocol(call, "is not a schedule object");
  for (const field of ["id", "simulation_id", "cron_expression"] as const) {
    if (typeof raw[field] !== "string") throw protocol(call, `has no string "${field}"`);
  }
  const enabled = raw.enabled;
  if (enabled !== undefined && enabled !== null && typeof enabled !== "boolean") {
    throw protocol(call, 'has an "enabled" that is not a boolean');
  }
  const out: RemoteSchedule = {
    id: raw.id as string,
    simulation_id: raw.simulation_id as string,
    cron_expression: raw.cron_expression as string,
    enabled: enabled ?? true,
  };
  if (typeof raw.created_at === "string") out.created_at = raw.created_at;
  return out;
}

/** `{schedules: [...]}` from the list endpoint. */
export function readScheduleList(raw: unknown): RemoteSchedule[] {
  if (!isObject(raw) || !Array.isArray(raw.schedules)) throw protocol("list", 'has no "schedules" array');
  return raw.schedules.map((s) => readSchedule("list", s));
}

/** `{status: "success" | "error", message}` from delete; "error" is a failure even with a 200. */
export function readDeleteResult(id: string, raw: unknown): void {
  if (!isObject(raw)) throw protocol("delete", "is not an object");
  const message = typeof raw.message === "string" ? `: ${raw.message.slice(0, 500)}` : "";
  if (raw.status === "success") return;
  if (raw.status === "error") {
    throw new RemoteError("delete-failed", `delete of schedule ${id} failed${message}`, {
      status: 200,
      retryable: false,
    });
  }
  throw protocol("delete", 'has a "status" other than "success" or "error"');
}
