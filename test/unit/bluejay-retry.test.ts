import { afterEach, describe, expect, it, vi } from "vitest";
import {
  backoffDelay,
  parseRetryAfter,
  withRetry,
  type AttemptResult,
  type RetryPolicy,
} from "../../src/bluejay/retry.js";
import { RemoteError, type RemoteErrorKind } from "../../src/errors.js";

const policy: RetryPolicy = { attempts: 6, baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };
const fail = (kind: RemoteErrorKind, retryable: boolean, retryAfterMs?: number): AttemptResult<string> => ({
  ok: false,
  error: new RemoteError(kind, `${kind} happened`, { retryable }),
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

/** Records every wait instead of sleeping. */
function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("backoffDelay", () => {
  it.each([
    [1, 0.999, 99],
    [2, 0.999, 199],
    [4, 0.5, 400],
    [10, 0.999, 999],
    [3, 0, 0],
  ])("retry %i with random %f waits %i ms (full jitter, capped)", (retry, r, ms) => {
    expect(backoffDelay(retry, policy, () => r)).toBe(ms);
  });
  it("follows Retry-After, capped at maxRetryAfterMs", () => {
    expect(backoffDelay(1, policy, () => 0.5, 2000)).toBe(2000);
    expect(backoffDelay(1, policy, () => 0.5, 90_000)).toBe(5000);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["2", 2000],
    ["1.5", 1500],
    [" 4 ", 4000],
    ["Thu, 01 Jan 1970 00:00:10 GMT", 10_000],
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["later", undefined],
    [undefined, undefined],
  ])("%s -> %s", (header, ms) => {
    expect(parseRetryAfter(header, 0)).toBe(ms);
  });
});

describe("withRetry", () => {
  afterEach(() => vi.useRealTimers());

  it("retries retryable failures, then returns the value", async () => {
    const r = recorder();
    const results = [fail("server", true), fail("network", true), { ok: true, value: "done" } as const];
    let n = 0;
    const value = await withRetry(async () => results[n++]!, policy, { sleep: r.sleep, random: () => 0.5 });
    expect(value).toBe("done");
    expect(n).toBe(3);
    expect(r.waits).toEqual([50, 100]);
  });

  it("gives up after `attempts` attempts with the last error", async () => {
    const r = recorder();
    let n = 0;
    const err = await withRetry(async () => (n++, fail("server", true)), policy, { sleep: r.sleep }).catch(
      (e) => e,
    );
    expect(n).toBe(6);
    expect(r.waits).toHaveLength(5);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as RemoteError).kind).toBe("server");
  });

  it.each([
    ["validation", false],
    ["bad-request", false],
    ["auth", false],
    ["not-found", false],
    ["unknown-outcome", true],
  ] as const)("never retries %s", async (kind, retryable) => {
    let n = 0;
    const err = await withRetry(async () => (n++, fail(kind, retryable)), policy, recorder()).catch((e) => e);
    expect(n).toBe(1);
    expect((err as RemoteError).kind).toBe(kind);
  });

  it("waits what Retry-After asks and reports each retry", async () => {
    const r = recorder();
    const seen: number[] = [];
    const results = [fail("rate-limited", true, 1200), { ok: true, value: "x" } as const];
    let n = 0;
    await withRetry(async () => results[n++]!, policy, {
      sleep: r.sleep,
      onRetry: (e) => seen.push(e.delayMs),
    });
    expect(r.waits).toEqual([1200]);
    expect(seen).toEqual([1200]);
  });

  it("an abort during the backoff wait ends the call as aborted without another attempt", async () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    let n = 0;
    const p = withRetry(
      async () => (n++, fail("server", true)),
      { ...policy, baseMs: 10_000, maxMs: 10_000 },
      {
        signal: ac.signal,
        random: () => 0.9,
      },
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    ac.abort();
    const err = (await p) as RemoteError;
    expect(err.kind).toBe("aborted");
    expect(n).toBe(1);
  });
});
