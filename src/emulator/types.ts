/**
 * Values the emulator keeps and reports. Field names follow Bluejay's wire shapes.
 */

/** One schedule as the emulator stores it (and as `/__emulator/state` reports it). */
export interface EmulatedSchedule {
  id: string;
  simulation_id: string;
  cron_expression: string;
  enabled: boolean;
  created_at: string;
}

/** One request the emulator answered (or dropped). Never holds the API key. */
export interface RequestLogEntry {
  method: string;
  /** Path with query, as the client sent it (any registered key replaced by `[REDACTED]`). */
  path: string;
  /** The status sent, or the one that would have been sent when the connection was dropped. */
  status: number;
  /** True when the change was committed and the socket destroyed without a response. */
  dropped: boolean;
  /** ISO-8601 UTC time the request arrived. */
  at: string;
  /** The parsed JSON body (or the raw text when it was not JSON), when there was one. */
  body?: unknown;
}

/** A simulation the emulated organization owns. */
export interface EmulatedSimulation {
  id: number;
  name: string;
  agent_id: number;
  created_at: string;
  settings: Record<string, unknown>;
}

/** One item of a FastAPI 422 body, as Pydantic v2 words it. */
export interface PydanticErrorItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** What a route handler decided: the status and JSON body to send. */
export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The body is sent as is (text), not as JSON. */
  raw?: { contentType: string; text: string };
}
