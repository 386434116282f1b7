/**
 * A schema-valid plain value to the DesiredState the planner reads: entries in file order,
 * the cron shorthand expanded, `enabled` resolved, ids as strings.
 */
import type { DesiredEntry, DesiredState, Position, ScheduleVariant } from "../core/types.js";

interface RawEntry {
  simulation_id: string | number;
  schedule: string | ScheduleVariant;
  enabled?: boolean;
  description?: string;
}

interface RawFile {
  prune?: boolean;
  defaults?: { enabled?: boolean };
  schedules?: Record<string, RawEntry> | null;
}

/**
 * `order` lists the entry names with the position of their key, as they stand in the file
 * (a plain object would put names like "123" first).
 */
export function buildState(
  value: unknown,
  file: string,
  order: readonly { name: string; position: Position }[],
): DesiredState {
  const raw = (value ?? {}) as RawFile;
  const schedules = raw.schedules ?? {};
  const defaultEnabled = raw.defaults?.enabled ?? true;
  const entries: DesiredEntry[] = [];
  for (const { name, position } of order) {
    const entry = Object.hasOwn(schedules, name) ? schedules[name] : undefined;
    if (entry === undefined) continue;
    entries.push(toEntry(name, entry, defaultEnabled, position));
  }
  return { file, prune: raw.prune ?? false, entries };
}

function toEntry(name: string, raw: RawEntry, defaultEnabled: boolean, position: Position): DesiredEntry {
  const schedule: ScheduleVariant =
    typeof raw.schedule === "string" ? { frequency: "cron", expression: raw.schedule } : raw.schedule;
  const entry: DesiredEntry = {
    name,
    simulation_id: String(raw.simulation_id),
    schedule,
    enabled: raw.enabled ?? defaultEnabled,
    position,
  };
  if (raw.description !== undefined) entry.description = raw.description;
  return entry;
}
