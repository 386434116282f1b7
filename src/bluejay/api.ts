/**
 * What the rest of the program needs from Bluejay. The HTTP client implements it; tests may pass
 * a fake. Errors are `RemoteError`s (src/errors.ts).
 */
import type { RemoteSchedule, ScheduleVariant } from "../core/types.js";

export interface CreateScheduleRequest {
  simulation_id: string;
  schedule: ScheduleVariant;
  enabled?: boolean | null;
}

export interface UpdateScheduleRequest {
  schedule?: ScheduleVariant | null;
  enabled?: boolean | null;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface BluejayApi {
  /** Every schedule of the organization, or "not-supported" when the server has no list endpoint (404/405). */
  listSchedules(opts?: CallOptions): Promise<RemoteSchedule[] | "not-supported">;
  /** One schedule; null when it does not exist; "not-supported" when the server has no get endpoint. */
  getSchedule(id: string, opts?: CallOptions): Promise<RemoteSchedule | null | "not-supported">;
  /** Throws RemoteError kind "unknown-outcome" when the request was sent and no answer came back. */
  createSchedule(req: CreateScheduleRequest, opts?: CallOptions): Promise<RemoteSchedule>;
  updateSchedule(id: string, req: UpdateScheduleRequest, opts?: CallOptions): Promise<RemoteSchedule>;
  /** Resolves when deleted; a 200 `{"status": "error"}` throws RemoteError kind "delete-failed". */
  deleteSchedule(id: string, opts?: CallOptions): Promise<void>;
  ping(opts?: CallOptions): Promise<void>;
}

/** Counters the client keeps for metrics and the summary. */
export interface ApiEvents {
  onRequest?(e: { endpoint: string; status: number | "error"; durationMs: number }): void;
  onRetry?(e: { endpoint: string; attempt: number; delayMs: number; reason: string }): void;
}
