/**
 * The emulator's own endpoints under `/__emulator/`: no key, no faults, not logged, so that tests
 * and benchmarks can look without disturbing what they measure.
 */
import { DETAIL, detail } from "./assumed.js";
import type { EmulatedSchedule, RequestLogEntry, RouteResult } from "./types.js";

export interface AdminDeps {
  requests(): RequestLogEntry[];
  schedules(): EmulatedSchedule[];
  reset(): void;
}

/** `GET /__emulator/requests`, `GET /__emulator/state`, `POST /__emulator/reset`. */
export function adminRoute(method: string, pathname: string, deps: AdminDeps): RouteResult {
  const routes: Record<string, [string, () => RouteResult]> = {
    "/__emulator/requests": ["GET", () => ({ status: 200, body: { requests: deps.requests() } })],
    "/__emulator/state": ["GET", () => ({ status: 200, body: { schedules: deps.schedules() } })],
    "/__emulator/reset": [
      "POST",
      () => {
        deps.reset();
        return { status: 200, body: { status: "success" } };
      },
    ],
  };
  const route = routes[pathname];
  if (!route) return detail(404, DETAIL.notFound);
  const [allowed, run] = route;
  if (method !== allowed && !(allowed === "GET" && method === "HEAD"))
    return detail(405, DETAIL.methodNotAllowed, { allow: allowed });
  return run();
}
