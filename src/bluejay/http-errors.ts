/**
 * The one place that turns an HTTP answer or a network failure into a typed RemoteError, with
 * whether the retry layer may try again. The ASSUMED parts of Bluejay's error contract live here.
 */
import { RemoteError, type RemoteErrorKind, type ValidationItem } from "../errors.js";
import { parseRetryAfter } from "./retry.js";

/** The six calls of the client. */
export type CallKind = "list" | "get" | "create" | "update" | "delete" | "ping";

/** What went wrong with one attempt, as plain values (never a got error object). */
export type Failure =
  | { type: "status"; status: number; body: unknown; retryAfter?: string }
  | {
      type: "network";
      /** e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT. */
      code: string;
      message: string;
      /** False when no connection was ever made: the server cannot have seen the request. */
      connected: boolean;
    };

export interface Classified {
  error: RemoteError;
  retryAfterMs?: number;
}

// Failures where the request certainly never reached the server.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

// FastAPI's own answer for a path it has no route for, as opposed to "Schedule not found".
const ROUTE_NOT_FOUND = "not found";

// ASSUMED (bluejay-api.md): the only 404 detail that says a schedule id is unknown. Any other 404
// on update or delete (a gateway, a server without the route, an HTML page) proves nothing.
const SCHEDULE_NOT_FOUND = "schedule not found";

/** Turns a failed attempt of `call` into a RemoteError (retryable when the retry layer may retry). */
export function classifyFailure(call: CallKind, failure: Failure, nowMs: number): Classified {
  if (failure.type === "network") return classifyNetwork(call, failure);
  const classified = classifyStatus(call, failure.status, failure.body);
  // Honoured on whatever the retry layer will retry (429 and 503 are the usual senders).
  const retryAfterMs = classified.error.retryable ? parseRetryAfter(failure.retryAfter, nowMs) : undefined;
  return retryAfterMs === undefined ? classified : { ...classified, retryAfterMs };
}

function classifyStatus(call: CallKind, status: number, body: unknown): Classified {
  const detail = detailText(body);
  const say = (what: string): string => `${call} ${what} (HTTP ${status})${detail ? `: ${detail}` : ""}`;
  const make = (kind: RemoteErrorKind, what: string, retryable = false): Classified => ({
    error: new RemoteError(kind, say(what), { status, retryable }),
  });
  if (status === 401 || status === 403) return make("auth", "refused: the API key was rejected");
  if (status === 422) return classifyValidation(call, body);
  if (status === 400) return make("bad-request", "rejected by Bluejay");
  if (status === 404) return classifyNotFound(call, detail, make);
  if (status === 405) return make("not-supported", "is not supported by this server");
  if (status === 408) {
    // A proxy's 408 may come after it passed the request on: a create may have happened.
    if (call === "create") return make("unknown-outcome", "may or may not have happened: timed out", true);
    return make("network", "timed out on the server", true);
  }
  if (status === 429) return make("rate-limited", "was rate-limited", true);
  if (status >= 500) {
    if (call === "create") return make("unknown-outcome", "may or may not have happened: server error", true);
    return make("server", "failed with a server error", true);
  }
  if (status >= 400) return make("bad-request", "was refused");
  return make("protocol", "got an unexpected answer");
}

function classifyNetwork(call: CallKind, f: Extract<Failure, { type: "network" }>): Classified {
  const sent = f.connected && !NOT_SENT_CODES.has(f.code);
  if (call === "create" && sent) {
    const message = `create may or may not have happened: ${f.code} after the request was sent (${f.message})`;
    return { error: new RemoteError("unknown-outcome", message, { retryable: true }) };
  }
  const message = `${call} failed: ${f.code} (${f.message})`;
  return { error: new RemoteError("network", message, { retryable: true }) };
}

function classifyNotFound(
  call: CallKind,
  detail: string,
  make: (kind: RemoteErrorKind, what: string) => Classified,
): Classified {
  if (call === "list") return make("not-supported", "is not supported by this server");
  const routeMissing = detail === "" || detail.toLowerCase() === ROUTE_NOT_FOUND;
  if (call === "get" && routeMissing) return make("not-supported", "is not supported by this server");
  const scheduleGone = detail.trim().toLowerCase() === SCHEDULE_NOT_FOUND;
  // Callers unbind a schedule on "not-found"; a 404 that does not say so must not make them do it.
  // "not-supported" is final (no retry: a missing route does not come back) and makes no claim.
  if ((call === "update" || call === "delete") && !scheduleGone) {
    return make("not-supported", "got a 404 that does not say the schedule is gone (no such route here?)");
  }
  return make("not-found", "found nothing");
}

function classifyValidation(call: CallKind, body: unknown): Classified {
  const items = validationItems(body);
  const listed = items.map((i) => `${i.loc.join(".")}: ${i.msg}`).join("; ");
  const message = `${call} rejected as invalid (HTTP 422)${listed ? `: ${listed}` : ""}`;
  return { error: new RemoteError("validation", message, { status: 422, items }) };
}

/** FastAPI's 422 `detail`: a list of `{loc, msg, type}`; anything else yields no items. */
export function validationItems(body: unknown): ValidationItem[] {
  if (!isObject(body) || !Array.isArray(body.detail)) return [];
  const items: ValidationItem[] = [];
  for (const raw of body.detail) {
    if (!isObject(raw)) continue;
    const loc = Array.isArray(raw.loc)
      ? raw.loc.filter((p): p is string | number => typeof p === "string" || typeof p === "number")
      : [];
    const msg = typeof raw.msg === "string" ? raw.msg : "invalid";
    const type = typeof raw.type === "string" ? raw.type : "unknown";
    items.push({ loc, msg, type });
  }
  return items;
}

/** The `detail` of a FastAPI error body when it is text; "" otherwise. Kept short. */
function detailText(body: unknown): string {
  if (isObject(body) && typeof body.detail === "string") return body.detail.slice(0, 500);
  return "";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
