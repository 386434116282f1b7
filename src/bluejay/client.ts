/**
 * The typed Bluejay client: the five schedule endpoints and ping, over one transport, one retry
 * layer and the run's shared flow control. Every failure is a RemoteError; the key lives only in
 * the transport's closure, so printing the client or its errors cannot reveal it.
 */
import { registerSecret, RemoteError } from "../errors.js";
import type { RemoteSchedule } from "../core/types.js";
import { USER_AGENT } from "../version.js";
import type { ApiEvents, BluejayApi, CallOptions } from "./api.js";
import { createFlowControl, type FlowControl } from "./flow-control.js";
import { classifyFailure, type CallKind } from "./http-errors.js";
import { readDeleteResult, readSchedule, readScheduleList } from "./response-shape.js";
import { DEFAULT_RETRY_POLICY, withRetry, type AttemptResult, type RetryPolicy } from "./retry.js";
import { abortedError } from "./sleep.js";
import { createTransport, type HttpRequest, type Send } from "./transport.js";

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

interface Call<T> {
  kind: CallKind;
  req: HttpRequest;
  read(body: unknown): T;
}

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
  const path = (prefix: string, id: string): string => `${prefix}/${encodeURIComponent(id)}`;
  return {
    listSchedules: (o) =>
      orNotSupported(
        run({ kind: "list", req: { method: "GET", path: "v1/schedules" }, read: readScheduleList }, o),
      ),
    getSchedule: (id, o) =>
      orNotSupported(
        orNull(
          run(
            {
              kind: "get",
              req: { method: "GET", path: path("v1/schedule", id) },
              read: (b) => readSchedule("get", b),
            },
            o,
          ),
        ),
      ),
    createSchedule: (req, o) => {
      const json = {
        simulation_id: req.simulation_id,
        schedule: req.schedule,
        ...definedOnly({ enabled: req.enabled }),
      };
      return run(
        {
          kind: "create",
          req: { method: "POST", path: "v1/create-schedule", json },
          read: (b) => readSchedule("create", b),
        },
        o,
      );
    },
    updateSchedule: (id, req, o) => {
      const json = definedOnly({ schedule: req.schedule, enabled: req.enabled });
      return run(
        {
          kind: "update",
          req: { method: "PUT", path: path("v1/update-schedule", id), json },
          read: (b) => readSchedule("update", b),
        },
        o,
      );
    },
    deleteSchedule: (id, o) =>
      run(
        {
          kind: "delete",
          req: { method: "DELETE", path: path("v1/delete-schedule", id) },
          read: (b) => readDeleteResult(id, b),
        },
        o,
      ),
    ping: (o) => run({ kind: "ping", req: { method: "GET", path: "v1/ping" }, read: () => undefined }, o),
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

/** Drops keys whose value is undefined, so the body holds only what the caller set. */
function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
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

export type { RemoteSchedule };
