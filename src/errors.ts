/**
 * One base class with a stable `code`; only the CLI entry maps these to exit codes.
 * Messages never hold the API key: callers pass redacted text, and `redact` is applied again here.
 */
import type { Diagnostic } from "./core/types.js";

const secrets = new Set<string>();

/** Registers a value that must never appear in any message (the API key). */
export function registerSecret(value: string): void {
  if (value.length >= 4) secrets.add(value);
}

/** Replaces every registered secret in `text` with `[REDACTED]`. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("[REDACTED]");
  return out;
}

export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5;

export class BluejaySyncError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The file or the command line is wrong (exit 3). */
export class ConfigError extends BluejaySyncError {
  readonly diagnostics: Diagnostic[];
  constructor(code: string, message: string, diagnostics: Diagnostic[] = []) {
    super(code, message);
    this.diagnostics = diagnostics;
  }
}

/** The command line itself is wrong (exit 3). */
export class UsageError extends BluejaySyncError {}

/** The lockfile is unreadable, locked too long, or made against another target. */
export class LockfileError extends BluejaySyncError {}

/** A safety guard stopped the run before anything was sent (exit 4). */
export class GuardError extends BluejaySyncError {}

export type RemoteErrorKind =
  | "auth" // 401/403: stops the whole run
  | "not-found" // 404
  | "not-supported" // 404/405 on get/list: fall back
  | "bad-request" // 400
  | "validation" // 422
  | "rate-limited" // 429 after all retries
  | "server" // 5xx after all retries
  | "network" // connection errors, timeouts, after all retries
  | "unknown-outcome" // the request was sent, its outcome is unknown (create: never blindly re-sent)
  | "delete-failed" // 200 with {"status": "error"}
  | "protocol" // the response did not have the documented shape
  | "aborted";

export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** A failed call to the Bluejay API. */
export class RemoteError extends BluejaySyncError {
  readonly kind: RemoteErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly items: ValidationItem[];
  constructor(
    kind: RemoteErrorKind,
    message: string,
    opts: { status?: number; retryable?: boolean; items?: ValidationItem[]; cause?: unknown } = {},
  ) {
    super(`remote-${kind}`, message, { cause: opts.cause });
    this.kind = kind;
    this.status = opts.status;
    this.retryable = opts.retryable ?? false;
    this.items = opts.items ?? [];
  }
}

/** A bug: something that should not happen. */
export class InternalError extends BluejaySyncError {}
