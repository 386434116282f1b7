/**
 * The emulated organization's schedules: a Map in insertion order, so that list is O(n) and
 * everything else O(1). Persistence is the caller's business (see state-file.ts).
 */
import { randomUUID } from "node:crypto";
import type { EmulatedSchedule } from "./types.js";

export interface NewSchedule {
  simulation_id: string;
  cron_expression: string;
  enabled: boolean;
}

export class ScheduleStore {
  private readonly byId = new Map<string, EmulatedSchedule>();
  private readonly now: () => Date;

  constructor(now: () => Date, initial: EmulatedSchedule[] = []) {
    this.now = now;
    for (const s of initial) this.byId.set(s.id, { ...s });
  }

  get size(): number {
    return this.byId.size;
  }

  create(s: NewSchedule): EmulatedSchedule {
    const record: EmulatedSchedule = { id: randomUUID(), ...s, created_at: this.now().toISOString() };
    this.byId.set(record.id, record);
    return { ...record };
  }

  get(id: string): EmulatedSchedule | undefined {
    const s = this.byId.get(id);
    return s ? { ...s } : undefined;
  }

  /** Applies the fields given; `id`, `simulation_id` and `created_at` never change. */
  update(
    id: string,
    patch: Partial<Pick<EmulatedSchedule, "cron_expression" | "enabled">>,
  ): EmulatedSchedule | undefined {
    const s = this.byId.get(id);
    if (!s) return undefined;
    if (patch.cron_expression !== undefined) s.cron_expression = patch.cron_expression;
    if (patch.enabled !== undefined) s.enabled = patch.enabled;
    return { ...s };
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  list(): EmulatedSchedule[] {
    return Array.from(this.byId.values(), (s) => ({ ...s }));
  }

  clear(): void {
    this.byId.clear();
  }
}
