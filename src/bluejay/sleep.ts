/**
 * Waiting that an AbortSignal can cut short, and the one error every aborted call ends with.
 */
import { RemoteError } from "../errors.js";

/** The error of a call cancelled by its AbortSignal. */
export function abortedError(what = "request"): RemoteError {
  return new RemoteError("aborted", `The ${what} was aborted`, { retryable: false });
}

/** Resolves after `ms`, or rejects with an "aborted" RemoteError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Time as the flow control and the retry layer see it; tests pass a fake. */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function systemClock(): Clock {
  return { now: () => performance.now(), sleep };
}
