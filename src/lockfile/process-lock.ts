/**
 * One holder at a time across processes, by a lock file created exclusively beside the lockfile.
 *
 * Creation is `link(temp, lock)`: the file appears with its whole content or not at all, so a
 * waiter never reads a half-written holder. A stale lock (its holder is gone) is removed only by
 * the one waiter that exclusively created the takeover marker named after that lock's token, and
 * only while the lock still carries that token; since no one else may remove that instance, two
 * waiters can never both remove a lock and both win. A taker that dies mid-takeover leaves a marker
 * whose own holder is dead: the next waiter takes the next generation of marker.
 */
import { randomBytes } from "node:crypto";
import { link, readFile, readdir, stat, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LockfileError } from "../errors.js";
import {
  currentHost,
  describeHolder,
  holderLiveness,
  isStale,
  parseHolder,
  type HostIdentity,
  type LockHolder,
} from "./lock-holder.js";

export interface ProcessLockOptions {
  /** The lock file itself, e.g. `<lockfile>.lock`. */
  path: string;
  /** How long to wait for a live holder; 0 tries once. */
  timeoutMs: number;
  /** Pause between attempts while the lock is held (default 100 ms, jittered). */
  retryMs?: number;
  /** A holder that cannot be asked (another host) is stale after this long without a refresh (default 30 s). */
  staleMs?: number;
  /** How often a holder refreshes the lock's mtime (default 10 s). */
  refreshMs?: number;
  /** This process as a holder names it (tests pass another). */
  host?: HostIdentity;
}

export interface ProcessLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** True while the lock file still names this holder. */
  isHeld(): Promise<boolean>;
  /** Removes the lock if it is still ours. Calling it again does nothing. */
  release(): Promise<void>;
}

interface Context {
  self: HostIdentity;
  record: LockHolder;
  retryMs: number;
  staleMs: number;
  refreshMs: number;
}

/** What a waiter saw at the lock path: the holder and an id for exactly that instance of the file. */
interface Seen {
  holder: LockHolder | null;
  id: string;
  ageMs: number;
}

const MAX_TAKEOVER_GENERATIONS = 8;

/** Takes the lock, waiting up to `timeoutMs` for a live holder; throws LockfileError `lock-timeout`. */
export async function acquireProcessLock(opts: ProcessLockOptions): Promise<ProcessLock> {
  const ctx = makeContext(opts);
  const deadline = Date.now() + (Number.isNaN(opts.timeoutMs) ? 0 : Math.max(0, opts.timeoutMs));
  for (;;) {
    if (await tryCreate(opts.path, ctx.record)) {
      await removeLeftovers(opts.path, ctx.record.token).catch(() => undefined);
      return hold(opts.path, ctx);
    }
    const seen = await inspect(opts.path);
    if (seen && stale(seen, ctx) && (await takeOver(opts.path, seen, ctx))) continue;
    if (Date.now() >= deadline) throw lockTimeout(opts.path, seen, opts.timeoutMs);
    if (seen) await sleep(ctx.retryMs * (0.5 + Math.random()));
  }
}

function makeContext(opts: ProcessLockOptions): Context {
  const self = opts.host ?? currentHost();
  const record: LockHolder = {
    pid: self.pid,
    hostname: self.hostname,
    ...(self.pidns !== undefined ? { pidns: self.pidns } : {}),
    token: randomBytes(12).toString("hex"),
    acquired_at: new Date().toISOString(),
  };
  const staleMs = opts.staleMs ?? 30_000;
  return { self, record, retryMs: opts.retryMs ?? 100, staleMs, refreshMs: opts.refreshMs ?? staleMs / 3 };
}

function stale(seen: Seen, ctx: Context): boolean {
  return isStale(holderLiveness(seen.holder, ctx.self), seen.ageMs, ctx.staleMs);
}

/** Creates `file` with the holder record unless it exists. False when it exists. */
async function tryCreate(file: string, record: LockHolder): Promise<boolean> {
  const text = `${JSON.stringify(record)}\n`;
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, text, { flag: "wx" });
  } catch (err) {
    throw lockFailed(file, err);
  }
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    const code = errorCode(err);
    // ENOENT: a new holder cleared our temporary file as a leftover; the caller simply tries again.
    if (code === "EEXIST" || code === "ENOENT") return false;
    // File systems without hard links: an exclusive create, where a waiter may briefly see it empty.
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS") return createExclusive(file, text);
    throw lockFailed(file, err);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function createExclusive(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: "wx" });
    return true;
  } catch (err) {
    if (errorCode(err) === "EEXIST") return false;
    throw lockFailed(file, err);
  }
}

async function inspect(file: string): Promise<Seen | null> {
  try {
    const info = await stat(file);
    const holder = parseHolder(await readFile(file, "utf8"));
    const id = holder?.token ?? `ino${info.ino}-${Math.trunc(info.mtimeMs)}`;
    return { holder, id, ageMs: Date.now() - info.mtimeMs };
  } catch (err) {
    if (errorCode(err) === "ENOENT") return null;
    throw lockFailed(file, err);
  }
}

/** Removes the stale instance `seen` of the lock, if this waiter wins the right to. */
async function takeOver(file: string, seen: Seen, ctx: Context): Promise<boolean> {
  for (let gen = 0; gen < MAX_TAKEOVER_GENERATIONS; gen++) {
    const marker = `${file}.takeover-${seen.id}.${gen}`;
    if (await tryCreate(marker, ctx.record)) {
      try {
        return await removeIfStillStale(file, seen.id, ctx);
      } finally {
        for (let g = 0; g <= gen; g++)
          await unlink(`${file}.takeover-${seen.id}.${g}`).catch(() => undefined);
      }
    }
    const other = await inspect(marker);
    // Gone: that takeover just finished. Live: another waiter is at it. Either way, wait and retry.
    if (!other || !stale(other, ctx)) return false;
  }
  return false;
}

async function removeIfStillStale(file: string, id: string, ctx: Context): Promise<boolean> {
  const now = await inspect(file);
  if (!now || now.id !== id) return true;
  if (!stale(now, ctx)) return false;
  await unlink(file).catch((err: unknown) => {
    if (errorCode(err) !== "ENOENT") throw lockFailed(file, err);
  });
  return true;
}

function hold(file: string, ctx: Context): ProcessLock {
  let released = false;
  const isHeld = async () => (await inspect(file).catch(() => null))?.holder?.token === ctx.record.token;
  // A holder another host cannot ask is judged by mtime: keep it fresh however long the run lasts.
  const timer = setInterval(() => {
    void isHeld()
      .then((mine) => (mine ? utimes(file, new Date(), new Date()) : clearInterval(timer)))
      .catch(() => undefined);
  }, ctx.refreshMs);
  timer.unref();
  return {
    path: file,
    holder: ctx.record,
    isHeld,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (await isHeld()) await unlink(file).catch(() => undefined);
    },
  };
}

/** Clears markers and temporary files of earlier, killed waiters. Best effort. */
async function removeLeftovers(file: string, token: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || name.includes(token)) continue;
    const rest = name.slice(base.length + 1);
    const temp = /(^|\.)[0-9a-f]{12}\.tmp$/.test(rest);
    const marker = !temp && /^takeover-[A-Za-z0-9_-]+\.\d+$/.test(rest);
    if (!marker && !temp) continue;
    const info = await stat(path.join(dir, name)).catch(() => null);
    // A waiter may be creating one right now; only what is clearly abandoned goes.
    if (info && (marker || Date.now() - info.mtimeMs > 10_000)) {
      await unlink(path.join(dir, name)).catch(() => undefined);
    }
  }
}

function lockTimeout(file: string, seen: Seen | null, timeoutMs: number): LockfileError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new LockfileError(
    "lock-timeout",
    `timed out after ${seconds} s waiting for the lock ${file}, held by ${describeHolder(seen?.holder ?? null)}. ` +
      `Another bluejay-sync run is using this lockfile: let it finish, or wait longer with --lock-timeout.`,
  );
}

function lockFailed(file: string, err: unknown): LockfileError {
  const code = errorCode(err) ?? "error";
  const why =
    code === "ENOENT"
      ? `the folder ${path.dirname(file)} does not exist`
      : "the lockfile's folder must be writable; on a read-only mount, pass --lockfile with a path on a writable volume";
  return new LockfileError("lock-failed", `cannot use the lock ${file} (${code}): ${why}.`, { cause: err });
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
