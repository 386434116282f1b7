/**
 * The typed Bluejay client: the five schedule endpoints and ping, over one transport, one retry
 * layer and the run's shared flow control. Every failure is a RemoteError; the key lives only in
 * the transport's closure, so printing the client or its errors cannot reveal it.
 */
import { registerSecret, RemoteError } from "../errors.js";
import { USER_AGENT } from "../version.js";
import type { ApiEvents, BluejayApi, CallOptions } from "./api.js";
import { createFlowControl, type FlowControl } from "./flow-control.js";
import { classifyFailure } from "./http-errors.js";
import { createCall, deleteCall, getCall, listCall, pingCall, updateCall, type Call } from "./endpoints.js";
import { DEFAULT_RETRY_POLICY, withRetry, type AttemptResult, type RetryPolicy } from "./retry.js";
import { abortedError } from "./sleep.js";
import { createTransport, type Send } from "./transport.js";

export interface ClientOptions {
  apiUrl: string;
  apiKey: string;
  /** Requests in flight at most; default 8. */
  concurrency?: number;
  /** Requests per second at most; default 10. */
  rateLimit?: number;
  /** Per attempt; default 30 000. */
  timeoutMs?: number;
  /** Attempts in total; default 6. */
  retries?: number;
  /** Full-jitter exponential backoff; default 500 / 30 000 ms. */
  backoff?: { baseMs: number; maxMs: number };
  /** Longest `Retry-After` honoured; default 60 000. */
  maxRetryAfterMs?: number;
  events?: ApiEvents;
  /** Default `bluejay-sync/<version>`. */
  userAgent?: string;
  /** Flow control to share with other clients of the same run; built from the limits when absent. */
  flow?: FlowControl;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
}

export interface ClientStats {
  /** Attempts sent, retries included. */
  requests: number;
  retries: number;
}

export type BluejayClient = BluejayApi & { stats(): ClientStats };

/** Builds a client; nothing is sent until a method is called. */
export function createClient(opts: ClientOptions): BluejayClient {
  registerSecret(opts.apiKey);
  const flow =
    opts.flow ??
    createFlowControl({
      concurrency: Math.max(1, opts.concurrency ?? 8),
      rateLimit: opts.rateLimit ?? 10,
    });
  const send = createTransport(
    {
      apiUrl: opts.apiUrl,
      apiKey: opts.apiKey,
      userAgent: opts.userAgent ?? USER_AGENT,
      timeoutMs: opts.timeoutMs ?? 30_000,
    },
    flow,
  );
  const policy: RetryPolicy = {
    attempts: opts.retries ?? DEFAULT_RETRY_POLICY.attempts,
    baseMs: opts.backoff?.baseMs ?? DEFAULT_RETRY_POLICY.baseMs,
    maxMs: opts.backoff?.maxMs ?? DEFAULT_RETRY_POLICY.maxMs,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  };
  const stats: ClientStats = { requests: 0, retries: 0 };
  const run = <T>(call: Call<T>, o?: CallOptions): Promise<T> =>
    runCall(call, { send, flow, policy, stats, events: opts.events, random: opts.random }, o?.signal);
  return bindEndpoints(run, stats);
}

type Runner = <T>(call: Call<T>, o?: CallOptions) => Promise<T>;

function bindEndpoints(run: Runner, stats: ClientStats): BluejayClient {
  return {
    listSchedules: (o) => orNotSupported(run(listCall(), o)),
    getSchedule: (id, o) => orNotSupported(orNull(run(getCall(id), o))),
    createSchedule: (req, o) => run(createCall(req), o),
    updateSchedule: (id, req, o) => run(updateCall(id, req), o),
    deleteSchedule: (id, o) => run(deleteCall(id), o),
    ping: (o) => run(pingCall(), o),
    stats: () => ({ ...stats }),
  };
}

interface RunDeps {
  send: Send;
  flow: FlowControl;
  policy: RetryPolicy;
  stats: ClientStats;
  events: ApiEvents | undefined;
  random: (() => number) | undefined;
}

async function runCall<T>(call: Call<T>, d: RunDeps, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) throw abortedError();
  const attempt = (): Promise<AttemptResult<T>> => attemptOnce(call, d, signal);
  return withRetry(attempt, d.policy, {
    ...(signal ? { signal } : {}),
    ...(d.random ? { random: d.random } : {}),
    onRetry: (e) => {
      d.stats.retries++;
      d.events?.onRetry?.({ endpoint: call.kind, ...e });
    },
  });
}

async function attemptOnce<T>(call: Call<T>, d: RunDeps, signal?: AbortSignal): Promise<AttemptResult<T>> {
  const started = performance.now();
  const answer = await d.send(call.req, signal);
  d.stats.requests++;
  const status = answer.ok
    ? answer.status
    : answer.failure.type === "status"
      ? answer.failure.status
      : "error";
  d.events?.onRequest?.({ endpoint: call.kind, status, durationMs: performance.now() - started });
  if (!answer.ok) {
    if (answer.failure.type === "status" && answer.failure.status === 429) d.flow.rateLimited();
    return { ok: false, ...classifyFailure(call.kind, answer.failure, Date.now()) };
  }
  d.flow.succeeded();
  try {
    return { ok: true, value: call.read(answer.body) };
  } catch (err) {
    if (err instanceof RemoteError) return { ok: false, error: err };
    throw err;
  }
}

async function orNotSupported<T>(p: Promise<T>): Promise<T | "not-supported"> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof RemoteError && err.kind === "not-supported") return "not-supported";
    throw err;
  }
}

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof RemoteError && err.kind === "not-found") return null;
    throw err;
  }
}
