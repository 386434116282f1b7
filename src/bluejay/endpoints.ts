/**
 * Bluejay's schedule endpoints as values: method, path, body, and how to read the 200 answer.
 * Paths and body shapes follow bluejay-api.md; only the fields the caller set are sent.
 */
import type { RemoteSchedule } from "../core/types.js";
import type { CreateScheduleRequest, UpdateScheduleRequest } from "./api.js";
import type { CallKind } from "./http-errors.js";
import { readDeleteResult, readSchedule, readScheduleList } from "./response-shape.js";
import type { HttpRequest } from "./transport.js";

/** One call: what to send, and how to turn the 200 body into a value (throwing "protocol"). */
export interface Call<T> {
  kind: CallKind;
  req: HttpRequest;
  read(body: unknown): T;
}

const withId = (prefix: string, id: string): string => `${prefix}/${encodeURIComponent(id)}`;

/** Drops keys whose value is undefined, so the body holds only what the caller set. */
function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function listCall(): Call<RemoteSchedule[]> {
  return { kind: "list", req: { method: "GET", path: "v1/schedules" }, read: readScheduleList };
}

export function getCall(id: string): Call<RemoteSchedule> {
  return {
    kind: "get",
    req: { method: "GET", path: withId("v1/schedule", id) },
    read: (b) => readSchedule("get", b),
  };
}

export function createCall(r: CreateScheduleRequest): Call<RemoteSchedule> {
  const json = {
    simulation_id: r.simulation_id,
    schedule: r.schedule,
    ...definedOnly({ enabled: r.enabled }),
  };
  return {
    kind: "create",
    req: { method: "POST", path: "v1/create-schedule", json },
    read: (b) => readSchedule("create", b),
  };
}

export function updateCall(id: string, r: UpdateScheduleRequest): Call<RemoteSchedule> {
  const json = definedOnly({ schedule: r.schedule, enabled: r.enabled });
  return {
    kind: "update",
    req: { method: "PUT", path: withId("v1/update-schedule", id), json },
    read: (b) => readSchedule("update", b),
  };
}

export function deleteCall(id: string): Call<void> {
  return {
    kind: "delete",
    req: { method: "DELETE", path: withId("v1/delete-schedule", id) },
    read: (b) => readDeleteResult(id, b),
  };
}

export function pingCall(): Call<void> {
  return { kind: "ping", req: { method: "GET", path: "v1/ping" }, read: () => undefined };
}
