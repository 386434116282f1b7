/**
 * The lockfile as the reconciler sees it: an in-memory state plus durable, coalesced writes.
 * Implemented by src/lockfile/store.ts.
 */
import type { LockEntry, LockState, PendingIntent, RetiringSchedule } from "../core/types.js";

export interface LockStore {
  /** The current state (after every change made through this store). */
  readonly state: LockState;
  /** Binds `name` to a remote schedule and clears any pending intent for it. */
  bind(name: string, entry: LockEntry): void;
  /** Forgets `name` (after a delete, or a binding to a schedule that is gone). */
  unbind(name: string): void;
  /** Records that `name` is about to be created. */
  addPending(name: string, intent: PendingIntent): void;
  removePending(name: string): void;
  /** Records the old schedule of a replace, to be deleted (by this run or a later one). */
  addRetiring(id: string, record: RetiringSchedule): void;
  removeRetiring(id: string): void;
  /**
   * Writes the state durably if it changed since the last write. Calls made while a write is under
   * way are coalesced into one more write. Resolves when everything asked for so far is on disk.
   */
  flush(): Promise<void>;
  /** Flushes, then releases the cross-process lock. */
  close(): Promise<void>;
}
