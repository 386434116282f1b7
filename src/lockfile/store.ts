/**
 * The lockfile store: the state in memory, one writer across processes, and durable writes that are
 * coalesced (a flush during a write schedules one more write with the latest state, never a queue
 * of full rewrites) and skipped when the bytes would not change.
 */
import { readFile } from "node:fs/promises";
import { normalizeApiUrl } from "../core/api-url.js";
import type { LockEntry, LockState, PendingIntent, RetiringSchedule } from "../core/types.js";
import { InternalError, LockfileError } from "../errors.js";
import { removeLeftoverTemps, writeFileDurably } from "./atomic-write.js";
import { checkEntry, emptyLockState, parseLock, serializeLock } from "./format.js";
import { acquireProcessLock, type ProcessLock, type ProcessLockOptions } from "./process-lock.js";
import type { LockStore } from "./store-api.js";

export interface OpenLockOptions {
  path: string;
  /** Normalised (normalizeApiUrl). */
  apiUrl: string;
  allowTargetChange: boolean;
  lockTimeoutMs: number;
  /** Plan: no cross-process lock is taken and nothing is ever written. */
  readOnly?: boolean;
  /** Replaces the durable write (tests count writes or make them fail through it). */
  writeFile?: (file: string, text: string) => Promise<void>;
  /** Timings of the cross-process lock (tests shorten them). */
  lock?: Pick<ProcessLockOptions, "retryMs" | "staleMs" | "refreshMs">;
}

/** The cross-process lock's path for a lockfile: beside it, holding only pid, host and time. */
export function lockPathFor(lockfile: string): string {
  return `${lockfile}.lock`;
}

/**
 * Opens the lockfile at `opts.path`: takes the cross-process lock (unless read-only), reads the file
 * (missing: an empty state, not written until there is something to write) and refuses a lockfile
 * made against another target unless `allowTargetChange`.
 */
export async function openLockStore(opts: OpenLockOptions): Promise<LockStore> {
  const lock = opts.readOnly
    ? null
    : await acquireProcessLock({ path: lockPathFor(opts.path), timeoutMs: opts.lockTimeoutMs, ...opts.lock });
  try {
    const text = await readText(opts.path);
    const state = text === null ? emptyLockState(opts.apiUrl) : parseLock(text, opts.path);
    checkTarget(state, opts);
    if (lock) await removeLeftoverTemps(opts.path);
    return new FileLockStore(opts, state, text, lock);
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

/** Reads and checks a lockfile without taking the lock; null when there is none. */
export async function readLockFile(path: string): Promise<LockState | null> {
  const text = await readText(path);
  return text === null ? null : parseLock(text, path);
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw new LockfileError("lockfile-unreadable", `cannot read the lockfile ${path} (${code ?? "error"})`, {
      cause: err,
    });
  }
}

function checkTarget(state: LockState, opts: OpenLockOptions): void {
  const recorded = normalizeApiUrl(state.api_url) ?? state.api_url;
  const wanted = normalizeApiUrl(opts.apiUrl) ?? opts.apiUrl;
  if (recorded === wanted) return;
  if (!opts.allowTargetChange) {
    throw new LockfileError(
      "target-changed",
      `the lockfile ${opts.path} was made against ${recorded}, but this run targets ${wanted}: ` +
        `its ids belong to the other target. Pass --allow-target-change to use it against ${wanted} ` +
        `(the new api_url is recorded), or give each target its own --lockfile.`,
    );
  }
  state.api_url = wanted;
}

class FileLockStore implements LockStore {
  private current: LockState;
  /** The bytes on disk as last read or written: equal bytes are never written again. */
  private onDisk: string | null;
  private inFlight: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private closed = false;
  private readonly write: (file: string, text: string) => Promise<void>;

  constructor(
    private readonly opts: OpenLockOptions,
    state: LockState,
    text: string | null,
    private readonly lock: ProcessLock | null,
  ) {
    this.current = state;
    this.onDisk = text;
    this.write = opts.writeFile ?? writeFileDurably;
  }

  get state(): LockState {
    return this.current;
  }

  bind(name: string, entry: LockEntry): void {
    const copy: LockEntry = {
      id: entry.id,
      simulation_id: entry.simulation_id,
      cron_expression: entry.cron_expression,
      enabled: entry.enabled,
      spec_hash: entry.spec_hash,
    };
    this.assertUsable(checkEntry(name, copy, "entry"));
    this.current.schedules[name] = copy;
    this.removePending(name);
  }

  unbind(name: string): void {
    this.assertUsable(null);
    delete this.current.schedules[name];
  }

  addPending(name: string, intent: PendingIntent): void {
    const copy: PendingIntent = {
      simulation_id: intent.simulation_id,
      cron_expression: intent.cron_expression,
      enabled: intent.enabled,
      spec_hash: intent.spec_hash,
    };
    this.assertUsable(checkEntry(name, copy, "intent"));
    (this.current.pending ??= {})[name] = copy;
  }

  removePending(name: string): void {
    this.assertUsable(null);
    const pending = this.current.pending;
    // Emptiness is left to the serializer: counting keys here would make a run of binds quadratic.
    if (pending && Object.hasOwn(pending, name)) delete pending[name];
  }

  addRetiring(id: string, record: RetiringSchedule): void {
    const copy: RetiringSchedule = { name: record.name, simulation_id: record.simulation_id };
    this.assertUsable(checkEntry(id, copy, "retiring"));
    (this.current.retiring ??= {})[id] = copy;
  }

  removeRetiring(id: string): void {
    this.assertUsable(null);
    const retiring = this.current.retiring;
    if (retiring && Object.hasOwn(retiring, id)) delete retiring[id];
  }

  flush(): Promise<void> {
    if (this.opts.readOnly || this.closed) return Promise.resolve();
    if (this.inFlight === null) return this.startWrite();
    // One write at most waits behind the one under way; it takes the state as it is when it starts,
    // so every change made until then is in it.
    this.next ??= this.inFlight
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.next = null;
        return this.startWrite();
      });
    return this.next;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.lock?.release();
    }
  }

  private startWrite(): Promise<void> {
    const write = this.writeNow().finally(() => {
      if (this.inFlight === write) this.inFlight = null;
    });
    this.inFlight = write;
    return write;
  }

  private async writeNow(): Promise<void> {
    const text = serializeLock(this.current);
    if (text === this.onDisk) return;
    if (this.onDisk === null && isEmpty(this.current)) return;
    if (this.lock && !(await this.lock.isHeld())) {
      throw new LockfileError(
        "lock-lost",
        `the lock ${this.lock.path} was taken over by another process: not writing ${this.opts.path}`,
      );
    }
    await this.write(this.opts.path, text);
    this.onDisk = text;
  }

  private assertUsable(problem: string | null): void {
    if (this.closed) throw new InternalError("lockfile-closed", `the lockfile ${this.opts.path} is closed`);
    if (problem) throw new InternalError("lock-entry-invalid", `refusing to record ${problem}`);
  }
}

function isEmpty(state: LockState): boolean {
  const none = (r: object | undefined) => r === undefined || Object.keys(r).length === 0;
  return none(state.schedules) && none(state.pending) && none(state.retiring);
}
