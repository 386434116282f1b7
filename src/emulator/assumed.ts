/**
 * Every behaviour of the emulator that Bluejay does not document (bluejay-api.md marks these
 * ASSUMED), in one place so that each is easy to change when the real server says otherwise.
 */
import type { EmulatedSchedule, EmulatedSimulation, RouteResult } from "./types.js";

/** The default simulations of the emulated organization. */
export const DEFAULT_SIMULATION_IDS: readonly number[] = [30595, 30596, 30597];

/** Details of the `{"detail": "<text>"}` bodies (FastAPI's HTTPException shape). */
export const DETAIL = {
  /** Missing and wrong keys are both 401 (FastAPI itself would answer a missing required header with 422). */
  missingKey: "Missing API key",
  invalidKey: "Invalid API key",
  noOrganization: "API key is not associated with an organization",
  scheduleNotFound: "Schedule not found",
  simulationNotFound: "Simulation not found",
  notFound: "Not Found",
  methodNotAllowed: "Method Not Allowed",
  tooManyRequests: "Too Many Requests",
} as const;

export function detail(status: number, text: string, headers?: Record<string, string>): RouteResult {
  return headers ? { status, body: { detail: text }, headers } : { status, body: { detail: text } };
}

/**
 * Injected 5xx look like what sits in front of a FastAPI app: Starlette's plain-text 500, and a
 * proxy's HTML 502/503. Clients must survive bodies that are not JSON.
 */
export function serverError(status: 500 | 502 | 503): RouteResult {
  if (status === 500)
    return {
      status,
      body: null,
      raw: { contentType: "text/plain; charset=utf-8", text: "Internal Server Error" },
    };
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return { status, body: null, raw: { contentType: "text/html", text } };
}

/** Which injected 5xx: one random draw picks both "fail or not" and, within the fail band, which status. */
export function pickServerError(draw: number, errorRate: number): 500 | 502 | 503 {
  const band = Math.min(2, Math.floor((draw / errorRate) * 3));
  return band === 0 ? 500 : band === 1 ? 502 : 503;
}

/** `GET /v1/ping` (the document gives no response shape). */
export const PING_BODY = { message: "pong" } as const;

/** Create answers without `created_at`; update, get and list include it. */
export function createResponse(s: EmulatedSchedule): Record<string, unknown> {
  return { id: s.id, simulation_id: s.simulation_id, cron_expression: s.cron_expression, enabled: s.enabled };
}

export function recordResponse(s: EmulatedSchedule): Record<string, unknown> {
  return {
    id: s.id,
    simulation_id: s.simulation_id,
    cron_expression: s.cron_expression,
    created_at: s.created_at,
    enabled: s.enabled,
  };
}

export function deleteResponse(id: string): { status: "success"; message: string } {
  return { status: "success", message: `Schedule ${id} deleted` };
}

/** A simulation id in a schedule request names a simulation when it equals the integer id's decimal form. */
export function simulationMatches(requested: string, sim: EmulatedSimulation): boolean {
  return requested === String(sim.id);
}

/** The records of the default organization's simulations; stable, so responses are reproducible. */
export function makeSimulation(id: number, index: number): EmulatedSimulation {
  return {
    id,
    name: `Simulation ${id}`,
    agent_id: 1000 + index,
    created_at: "2025-01-01T00:00:00Z",
    settings: {},
  };
}

/** `GET /v1/simulation/{id}` answers with the richer SimulationPydantic shape. */
export function simulationDetail(sim: EmulatedSimulation): Record<string, unknown> {
  return { ...sim, type: "sequential", description: null, tags: [] };
}

/**
 * Malformed JSON: FastAPI reports `loc: ["body", <char offset>]`; the contract pins the offset
 * to 0, and `ctx.error` to Python's message for the commonest case.
 */
export const JSON_INVALID_LOC_INDEX = 0;
export const JSON_INVALID_CTX_ERROR = "Expecting value";

/** Create with `enabled: null` stores (and reports) true: "null means true" on the wire. */
export const ENABLED_WHEN_NULL = true;

/**
 * Order of checks on create after the body validated: values the schema let through (400)
 * before the simulation lookup (404).
 */
export const CHECK_VALUES_BEFORE_SIMULATION = true;

/** The request log keeps this many newest entries, so long benchmarks stay in bounded memory. */
export const REQUEST_LOG_LIMIT = 100_000;

/**
 * Values the server's schema lets through but the server is assumed to reject with 400:
 * a time outside 00:00..23:59, a cron expression that does not parse. Null when fine.
 */
export function semanticProblem(
  variant: { frequency: string; time?: string; expression?: string },
  computedCron: string,
  parse: (expr: string) => { ok: true } | { ok: false; message: string },
): string | null {
  if (variant.time !== undefined) {
    const [h = "", m = ""] = variant.time.split(":");
    const hour = Number(h);
    const minute = Number(m);
    if (!/^\d\d$/.test(h) || !/^\d\d$/.test(m) || hour > 23 || minute > 59)
      return `Invalid time '${variant.time}': expected HH:MM between 00:00 and 23:59 (UTC)`;
  }
  const parsed = parse(computedCron);
  if (!parsed.ok) return `Invalid cron expression '${computedCron}': ${parsed.message}`;
  return null;
}
