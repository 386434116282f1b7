import { targetOf } from "../../src/core/plan.js";
import { specHash } from "../../src/core/spec-hash.js";
import type {
  DesiredEntry,
  DesiredState,
  LockEntry,
  LockState,
  PendingIntent,
  RemoteSchedule,
  ScheduleVariant,
} from "../../src/core/types.js";

export const DAILY_2: ScheduleVariant = { frequency: "daily", time: "02:00" };
export const DAILY_3: ScheduleVariant = { frequency: "daily", time: "03:00" };

export function entry(name: string, simulation_id = "100", schedule = DAILY_2, enabled = true): DesiredEntry {
  return { name, simulation_id, schedule, enabled, position: { line: 1, column: 1 } };
}

export function desired(entries: DesiredEntry[], prune = false): DesiredState {
  return { file: "bluejay.schedules.yaml", prune, entries };
}

/** The binding apply would have written after applying `e` as remote `id`. */
export function bindingOf(e: DesiredEntry, id: string): LockEntry {
  return { id, ...targetOf(e), spec_hash: specHash(e) };
}

export function pendingOf(e: DesiredEntry): PendingIntent {
  return { ...targetOf(e), spec_hash: specHash(e) };
}

export function lock(
  schedules: Record<string, LockEntry> = {},
  pending?: Record<string, PendingIntent>,
): LockState {
  return { version: 1, api_url: "https://api.getbluejay.ai", schedules, ...(pending ? { pending } : {}) };
}

export function remote(
  id: string,
  simulation_id = "100",
  cron_expression = "0 2 * * *",
  enabled = true,
  created_at?: string,
): RemoteSchedule {
  return { id, simulation_id, cron_expression, enabled, ...(created_at ? { created_at } : {}) };
}
