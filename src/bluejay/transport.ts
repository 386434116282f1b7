/**
 * One HTTP attempt: wait for flow control, send with got (its retry off, its timeout on), and
 * hand back the status and parsed body, or a network failure as plain values. No got error
 * object leaves this file: they carry the request options, headers included.
 */
import got, { RequestError, type Got } from "got";
import type { FlowControl } from "./flow-control.js";
import type { Failure } from "./http-errors.js";
import { abortedError } from "./sleep.js";

export interface TransportOptions {
  apiUrl: string;
  apiKey: string;
  userAgent: string;
  timeoutMs: number;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Relative to the API URL, without a leading slash, e.g. `v1/schedules`. */
  path: string;
  json?: object;
}

export type HttpAnswer = { ok: true; status: number; body: unknown } | { ok: false; failure: Failure };

export type Send = (req: HttpRequest, signal?: AbortSignal) => Promise<HttpAnswer>;

/** Builds the function that performs one attempt; the key stays inside its closure. */
export function createTransport(opts: TransportOptions, flow: FlowControl): Send {
  const http: Got = got.extend({
    prefixUrl: opts.apiUrl.replace(/\/*$/, "/"),
    headers: { "x-api-key": opts.apiKey, "user-agent": opts.userAgent, accept: "application/json" },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    timeout: { request: opts.timeoutMs },
    responseType: "text",
  });
  return async (req, signal) => {
    const release = await flow.acquire(signal);
    try {
      return await sendOnce(http, req, signal);
    } finally {
      release();
    }
  };
}

async function sendOnce(http: Got, req: HttpRequest, signal?: AbortSignal): Promise<HttpAnswer> {
  let response;
  try {
    response = await http(req.path, {
      method: req.method,
      ...(req.json === undefined ? {} : { json: req.json }),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (signal?.aborted) throw abortedError();
    return { ok: false, failure: networkFailure(err) };
  }
  const body = parseBody(response.body);
  const status = response.statusCode;
  if (status >= 200 && status < 300) return { ok: true, status, body };
  const retryAfter = response.headers["retry-after"];
  return {
    ok: false,
    failure: { type: "status", status, body, ...(retryAfter === undefined ? {} : { retryAfter }) },
  };
}

/** Plain values only: code, message, and whether a connection was ever made. */
function networkFailure(err: unknown): Failure {
  if (err instanceof RequestError) {
    const connected = err.timings?.connect !== undefined;
    return { type: "network", code: err.code, message: err.message, connected };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { type: "network", code: "ERR_UNKNOWN", message, connected: true };
}

/** JSON when it parses; the raw text otherwise (an HTML error page, an empty body). */
function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
