/**
 * The `--state FILE`: read at start, rewritten after changes. Writes are atomic (temporary file in
 * the same folder, then rename) and grouped: changes that arrive while a write runs share the next
 * one, so 10,000 schedules under load cost one rewrite per write cycle, not one per request.
 */
import { randomBytes } from "node:crypto";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import type { EmulatedSchedule } from "./types.js";

function isSchedule(v: unknown): v is EmulatedSchedule {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.id === "string" &&
    typeof s.simulation_id === "string" &&
    typeof s.cron_expression === "string" &&
    typeof s.enabled === "boolean" &&
    typeof s.created_at === "string"
  );
}

/** The schedules in `file`, or none when it does not exist. Throws on a file that is not ours. */
export function loadStateFile(file: string): EmulatedSchedule[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const doc = JSON.parse(text) as { schedules?: unknown };
  if (!Array.isArray(doc.schedules) || !doc.schedules.every(isSchedule))
    throw new Error(`${file} is not an emulator state file ({"schedules": [...]})`);
  return doc.schedules;
}

export function serializeState(schedules: EmulatedSchedule[]): string {
  return `${JSON.stringify({ schedules }, null, 2)}\n`;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Group commit: `save()` resolves once a write that began after the call has finished. */
export class StateWriter {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => EmulatedSchedule[],
  ) {}

  save(): Promise<void> {
    if (this.next) return this.next;
    const after = this.running ?? Promise.resolve();
    const next = after
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        const run = writeAtomic(this.file, serializeState(this.snapshot()));
        this.running = run;
        return run.finally(() => {
          if (this.running === run) this.running = null;
        });
      });
    this.next = next;
    return next;
  }

  /** Waits for the writes already asked for. */
  async flush(): Promise<void> {
    await (this.next ?? this.running ?? Promise.resolve()).catch(() => undefined);
  }
}
