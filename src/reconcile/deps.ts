/**
 * What one reconcile needs from the world, built once by the composition root (CLI or daemon)
 * and passed down. Tests pass their own.
 */
import type { BluejayApi } from "../bluejay/api.js";
import type { DesiredState } from "../core/types.js";

/** The subset of a pino logger the program uses: a static message plus a metadata object. */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Clock {
  now(): Date;
}

export interface ReconcileDeps {
  api: BluejayApi & { stats(): { requests: number; retries: number } };
  logger: Logger;
  clock: Clock;
  env: Record<string, string | undefined>;
}

export interface ActionEvent {
  name: string;
  action: string;
  result: "ok" | "failed" | "skipped" | "unknown";
}

export interface ReconcileOptions {
  mode: "plan" | "apply";
  file: string;
  lockfile: string;
  /** Normalised API URL (the target recorded in the lockfile). */
  apiUrl: string;
  /** Overrides the file's `prune` when set (`--prune` / `--no-prune`). */
  prune?: boolean;
  allowEmpty: boolean;
  maxDeletes: number;
  allowTargetChange: boolean;
  lockTimeoutMs: number;
  /** Actions in flight at most (the client's flow control also holds requests to it). */
  concurrency?: number;
  /**
   * The file already loaded and valid (the sidecar keeps the last good one). When absent, the file
   * is read and validated here.
   */
  desired?: DesiredState;
  /** Apply only this plan (a planDigest of what a person confirmed); anything else is refused. */
  expectPlan?: string;
  /** When aborted, no new action starts; actions in flight finish and are recorded. */
  stop?: AbortSignal;
  /** When aborted, requests in flight are cancelled too. */
  signal?: AbortSignal;
  /** Called after each action completes (progress lines, metrics). */
  onAction?(e: ActionEvent): void;
}
