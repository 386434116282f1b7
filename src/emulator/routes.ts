/**
 * Bluejay's endpoints as the emulator serves them: routing (404/405 like Starlette), auth, and the
 * handlers. Handlers are synchronous and change only the store; faults and I/O live in server.ts.
 */
import { randomUUID } from "node:crypto";
import { parseCron } from "../core/cron.js";
import { variantToCron } from "../core/cron-mapping.js";
import {
  CHECK_VALUES_BEFORE_SIMULATION,
  DETAIL,
  ENABLED_WHEN_NULL,
  PING_BODY,
  createResponse,
  deleteResponse,
  detail,
  recordResponse,
  semanticProblem,
  simulationDetail,
  simulationMatches,
} from "./assumed.js";
import { checkString, isObject, missing, notAnObject } from "./pydantic.js";
import type { ScheduleStore } from "./state.js";
import type { EmulatedSimulation, PydanticErrorItem, RouteResult } from "./types.js";
import { validateCreateBody, validateIntPath, validateUpdateBody } from "./validate-request.js";
import type { ScheduleVariant } from "../core/types.js";

/** The request body as read: absent, parsed JSON, or text that is not JSON. */
export type RequestBody =
  { kind: "none" } | { kind: "json"; value: unknown } | { kind: "invalid"; text: string };

export interface ApiContext {
  store: ScheduleStore;
  simulations: EmulatedSimulation[];
}

export interface HandlerResult extends RouteResult {
  /** The store changed (the response may then be dropped, and the state file is written). */
  committed?: boolean;
}

type Handler = (ctx: ApiContext, params: string[], body: RequestBody) => HandlerResult;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
  auth: boolean;
  /** A get/list endpoint: answers 404 when the server is told it has none (`noList`). */
  listLike?: boolean;
  /** A schedule mutation: may have its response dropped after commit. */
  mutating?: boolean;
}

function invalid(errors: PydanticErrorItem[]): HandlerResult {
  return { status: 422, body: { detail: errors } };
}

/** The body as JSON: a malformed body is the same 422 FastAPI gives before any validation. */
function jsonBody(body: RequestBody): { value: unknown } | HandlerResult {
  if (body.kind === "none") return { value: undefined };
  if (body.kind === "json") return { value: body.value };
  return invalid([
    {
      type: "json_invalid",
      loc: ["body", 0],
      msg: "JSON decode error",
      input: {},
      ctx: { error: "Expecting value" },
    },
  ]);
}

function scheduleProblem(schedule: ScheduleVariant): { cron: string } | HandlerResult {
  const cron = variantToCron(schedule);
  const problem = semanticProblem(schedule, cron, parseCron);
  return problem ? detail(400, problem) : { cron };
}

function findSimulation(ctx: ApiContext, id: string): EmulatedSimulation | undefined {
  return ctx.simulations.find((s) => simulationMatches(id, s));
}

const createSchedule: Handler = (ctx, _params, raw) => {
  const body = jsonBody(raw);
  if ("status" in body) return body;
  const v = validateCreateBody(body.value);
  if (!v.ok) return invalid(v.errors);
  const simulationKnown = findSimulation(ctx, v.value.simulation_id) !== undefined;
  if (!CHECK_VALUES_BEFORE_SIMULATION && !simulationKnown) return detail(404, DETAIL.simulationNotFound);
  const computed = scheduleProblem(v.value.schedule);
  if ("status" in computed) return computed;
  if (!simulationKnown) return detail(404, DETAIL.simulationNotFound);
  const created = ctx.store.create({
    simulation_id: v.value.simulation_id,
    cron_expression: computed.cron,
    enabled: v.value.enabled ?? ENABLED_WHEN_NULL,
  });
  return { status: 200, body: createResponse(created), committed: true };
};

const updateSchedule: Handler = (ctx, [id = ""], raw) => {
  const body = jsonBody(raw);
  if ("status" in body) return body;
  const v = validateUpdateBody(body.value);
  if (!v.ok) return invalid(v.errors);
  if (!ctx.store.get(id)) return detail(404, DETAIL.scheduleNotFound);
  const patch: { cron_expression?: string; enabled?: boolean } = {};
  if (v.value.schedule) {
    const computed = scheduleProblem(v.value.schedule);
    if ("status" in computed) return computed;
    patch.cron_expression = computed.cron;
  }
  if (v.value.enabled !== null) patch.enabled = v.value.enabled;
  const updated = ctx.store.update(id, patch);
  if (!updated) return detail(404, DETAIL.scheduleNotFound);
  return { status: 200, body: recordResponse(updated), committed: true };
};

const deleteSchedule: Handler = (ctx, [id = ""]) => {
  if (!ctx.store.delete(id)) return detail(404, DETAIL.scheduleNotFound);
  return { status: 200, body: deleteResponse(id), committed: true };
};

const getSchedule: Handler = (ctx, [id = ""]) => {
  const s = ctx.store.get(id);
  return s ? { status: 200, body: recordResponse(s) } : detail(404, DETAIL.scheduleNotFound);
};

const listSchedules: Handler = (ctx) => ({
  status: 200,
  body: { schedules: ctx.store.list().map(recordResponse) },
});

const getSimulation: Handler = (ctx, [raw = ""]) => {
  const id = validateIntPath(raw, "simulation_id");
  if (!id.ok) return invalid(id.errors);
  const sim = ctx.simulations.find((s) => s.id === id.value);
  return sim ? { status: 200, body: simulationDetail(sim) } : detail(404, DETAIL.simulationNotFound);
};

/** What a schedule does when it fires; here only checked and acknowledged. */
const queueSimulationRun: Handler = (ctx, _params, raw) => {
  const body = jsonBody(raw);
  if ("status" in body) return body;
  const b = body.value;
  if (b === undefined || b === null) return invalid([missing(["body"], null)]);
  if (!isObject(b)) return invalid([notAnObject(["body"], b)]);
  if (!("simulation_id" in b)) return invalid([missing(["body", "simulation_id"], b)]);
  const s = checkString(b.simulation_id, ["body", "simulation_id"]);
  if (!s.ok) return invalid(s.errors);
  const sim = findSimulation(ctx, s.value);
  if (!sim) return detail(404, DETAIL.simulationNotFound);
  return {
    status: 200,
    body: {
      simulation_run_id: randomUUID(),
      simulation_result_ids: [],
      agent_id: String(sim.agent_id),
      status: "success",
    },
  };
};

const SEGMENT = "([^/]+)";

export const ROUTES: readonly Route[] = [
  { pattern: /^\/v1\/ping$/, methods: { GET: () => ({ status: 200, body: PING_BODY }) }, auth: false },
  {
    pattern: /^\/v1\/get-all-simulations$/,
    methods: { GET: (ctx) => ({ status: 200, body: { simulations: ctx.simulations } }) },
    auth: true,
  },
  { pattern: new RegExp(`^/v1/simulation/${SEGMENT}$`), methods: { GET: getSimulation }, auth: true },
  { pattern: /^\/v1\/queue-simulation-run$/, methods: { POST: queueSimulationRun }, auth: true },
  { pattern: /^\/v1\/create-schedule$/, methods: { POST: createSchedule }, auth: true, mutating: true },
  {
    pattern: new RegExp(`^/v1/update-schedule/${SEGMENT}$`),
    methods: { PUT: updateSchedule },
    auth: true,
    mutating: true,
  },
  {
    pattern: new RegExp(`^/v1/delete-schedule/${SEGMENT}$`),
    methods: { DELETE: deleteSchedule },
    auth: true,
    mutating: true,
  },
  {
    pattern: new RegExp(`^/v1/schedule/${SEGMENT}$`),
    methods: { GET: getSchedule },
    auth: true,
    listLike: true,
  },
  { pattern: /^\/v1\/schedules$/, methods: { GET: listSchedules }, auth: true, listLike: true },
];

export type RouteMatch =
  | { kind: "not-found" }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "ok"; route: Route; handler: Handler; params: string[] };

/** Finds the route of a path (without query). HEAD is served by the GET handler, as Starlette does. */
export function matchRoute(method: string, pathname: string, noList: boolean): RouteMatch {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    if (route.listLike && noList) return { kind: "not-found" };
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return { kind: "not-found" };
    }
    const handler = route.methods[method === "HEAD" ? "GET" : method];
    if (!handler) return { kind: "method-not-allowed", allow: Object.keys(route.methods) };
    return { kind: "ok", route, handler, params };
  }
  return { kind: "not-found" };
}
