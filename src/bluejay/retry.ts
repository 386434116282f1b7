/**
 * The one retry layer: exponential backoff with full jitter, `Retry-After` honoured up to a cap,
 * and only for failures marked retryable. Built on p-retry with its own delay switched off, so
 * that the wait can follow `Retry-After` and be cut short by the caller's AbortSignal.
 */
import pRetry from "p-retry";
import { RemoteError } from "../errors.js";
import { abortedError, sleep as defaultSleep } from "./sleep.js";

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 6,
  baseMs: 500,
  maxMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** What one attempt produced: a value, or a typed failure with the server's `Retry-After`. */
export type AttemptResult<T> =
  { ok: true; value: T } | { ok: false; error: RemoteError; retryAfterMs?: number };

export interface RetryContext {
  signal?: AbortSignal;
  /** In [0, 1); the jitter source. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?(e: { attempt: number; delayMs: number; reason: string }): void;
}

/** Carries a failed attempt through p-retry; never leaves this module. */
class AttemptFailure extends Error {
  constructor(
    readonly remote: RemoteError,
    readonly retryAfterMs: number | undefined,
  ) {
    super(remote.message);
  }
}

/**
 * The wait before retry number `retry` (1 for the first retry): a uniform draw in
 * [0, min(maxMs, baseMs * 2^(retry-1))), or the server's `Retry-After` (capped) when it gave one.
 */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** A create whose outcome is unknown is retryable by the reconciler, never re-sent here. */
function retriedHere(e: RemoteError): boolean {
  return e.retryable && e.kind !== "unknown-outcome";
}

/** Runs `attempt` until it succeeds, fails for good, or `policy.attempts` are spent. */
export async function withRetry<T>(
  attempt: (n: number) => Promise<AttemptResult<T>>,
  policy: RetryPolicy,
  ctx: RetryContext = {},
): Promise<T> {
  const random = ctx.random ?? Math.random;
  const wait = ctx.sleep ?? defaultSleep;
  const run = async (n: number): Promise<T> => {
    const r = await attempt(n);
    if (r.ok) return r.value;
    throw new AttemptFailure(r.error, r.retryAfterMs);
  };
  try {
    return await pRetry(run, {
      retries: Math.max(0, policy.attempts - 1),
      minTimeout: 0,
      maxTimeout: 0,
      shouldRetry: async ({ error, attemptNumber }) => {
        if (!(error instanceof AttemptFailure) || !retriedHere(error.remote)) return false;
        const delayMs = backoffDelay(attemptNumber, policy, random, error.retryAfterMs);
        ctx.onRetry?.({ attempt: attemptNumber, delayMs, reason: error.remote.message });
        await wait(delayMs, ctx.signal);
        return true;
      },
    });
  } catch (err) {
    if (ctx.signal?.aborted) throw abortedError();
    if (err instanceof AttemptFailure) throw err.remote;
    if (err instanceof RemoteError) throw err;
    // Anything else is a bug in this layer; say so without carrying foreign objects along.
    throw new RemoteError("protocol", `Unexpected failure in the retry layer: ${String(err)}`);
  }
}
