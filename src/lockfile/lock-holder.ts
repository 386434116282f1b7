/**
 * Who holds a lock, and whether that holder is gone. A holder on this host (same hostname and, where
 * known, the same process namespace) is judged by its pid at once, so a killed run's lock is taken
 * over right away. A holder elsewhere (another container sharing the volume) cannot be asked, so it
 * is judged by how long ago it last refreshed the lock's mtime.
 */
import { readlinkSync } from "node:fs";
import os from "node:os";

/** The content of a lock file. It names a process, never a secret. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** Linux pid namespace (`pid:[4026531836]`): equal pids in two containers are not one process. */
  pidns?: string;
  /** Unique per acquisition: tells this lock apart from a later one at the same path. */
  token: string;
  acquired_at: string;
}

export interface HostIdentity {
  pid: number;
  hostname: string;
  pidns?: string;
}

export type Liveness = "alive" | "dead" | "unknown";

/** This process, as a lock holder names it. */
export function currentHost(): HostIdentity {
  const self: HostIdentity = { pid: process.pid, hostname: os.hostname() };
  try {
    self.pidns = readlinkSync("/proc/self/ns/pid");
  } catch {
    // Not Linux, or /proc is not mounted: the hostname alone has to do.
  }
  return self;
}

/** Parses a lock file's text; null when it is not a holder record (half-written, or foreign). */
export function parseHolder(text: string): LockHolder | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof doc !== "object" || doc === null) return null;
  const h = doc as Partial<LockHolder>;
  // A pid of 0 or below would signal a whole process group: never accept one.
  if (!Number.isSafeInteger(h.pid) || (h.pid as number) <= 0) return null;
  if (typeof h.hostname !== "string" || typeof h.token !== "string") return null;
  // The token becomes part of a file name during a takeover: nothing but plain characters.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(h.token)) return null;
  if (h.pidns !== undefined && typeof h.pidns !== "string") return null;
  return {
    pid: h.pid as number,
    hostname: h.hostname,
    ...(h.pidns !== undefined ? { pidns: h.pidns } : {}),
    token: h.token,
    acquired_at: typeof h.acquired_at === "string" ? h.acquired_at : "",
  };
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Whether `holder` is known to be running, known to be gone, or cannot be told from here. */
export function holderLiveness(
  holder: LockHolder | null,
  self: HostIdentity,
  exists: (pid: number) => boolean = pidExists,
): Liveness {
  if (!holder || holder.hostname !== self.hostname) return "unknown";
  if (holder.pidns !== undefined && self.pidns !== undefined && holder.pidns !== self.pidns) return "unknown";
  return exists(holder.pid) ? "alive" : "dead";
}

/** A lock is stale when its holder is gone, or cannot be asked and stopped refreshing it. */
export function isStale(liveness: Liveness, ageMs: number, staleMs: number): boolean {
  if (liveness === "dead") return true;
  return liveness === "unknown" && ageMs > staleMs;
}

/** "pid 123 on host ci-7 (since 2025-01-01T00:00:00.000Z)", or "an unknown process". */
export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return "an unknown process";
  const since = holder.acquired_at ? ` (since ${holder.acquired_at})` : "";
  return `pid ${holder.pid} on host ${holder.hostname}${since}`;
}
