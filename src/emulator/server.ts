/**
 * `startEmulator`: a local Bluejay API over node:http, for tests, demos and benchmarks.
 * Per request: rate limit → error rate → handler → (drop after commit, mutating only) → latency.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_SIMULATION_IDS, DETAIL, detail, makeSimulation, serverError } from "./assumed.js";
import { adminRoute } from "./admin.js";
import { authFailure, authorize } from "./auth.js";
import { Faults, type FaultSettings } from "./faults.js";
import { readBody, writeResult } from "./http-io.js";
import { RequestLog } from "./request-log.js";
import { matchRoute, type ApiContext, type HandlerResult, type RequestBody } from "./routes.js";
import { ScheduleStore } from "./state.js";
import { StateWriter, loadStateFile } from "./state-file.js";
import type { EmulatedSchedule, RequestLogEntry, RouteResult } from "./types.js";

export type { EmulatedSchedule, RequestLogEntry } from "./types.js";

export interface EmulatorOptions {
  /** 0 = any free port (default 0). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** The X-API-Key that is accepted; anything else is 401 {"detail": ...}. */
  apiKey: string;
  /** Keys that get 403 (valid key, no organization). */
  forbiddenKeys?: string[];
  /** Known simulation ids (default [30595, 30596, 30597]). */
  simulations?: number[];
  /** Added before each response (default 0). */
  latencyMs?: number;
  /** 0..1: answer 500/502/503 without changing state. */
  errorRate?: number;
  /** 0..1: on mutating requests, commit the change, then destroy the socket without a response. */
  dropRate?: number;
  /** Requests per second; beyond it 429 {"detail": "Too Many Requests"} + Retry-After (whole seconds). */
  rateLimit?: number;
  /** 404 on GET /v1/schedules and GET /v1/schedule/{id}. */
  noList?: boolean;
  /** Loaded at start if present, rewritten atomically after each change. */
  stateFile?: string;
  /** Injectable for deterministic fault tests (default Math.random). */
  random?: () => number;
  /** For created_at and the request log (default: the wall clock). */
  now?: () => Date;
}

export interface RunningEmulator {
  /** e.g. "http://127.0.0.1:43121". */
  url: string;
  port: number;
  /** Closes the server and all sockets, after the state file is written. */
  close(): Promise<void>;
  schedules(): EmulatedSchedule[];
  /** Never holds the API key. */
  requests(): RequestLogEntry[];
  /** Forgets every schedule and the request log. */
  reset(): void;
  setFaults(
    f: Partial<Pick<EmulatorOptions, "latencyMs" | "errorRate" | "dropRate" | "rateLimit" | "noList">>,
  ): void;
  /** Test helpers: change a schedule behind the tool's back (drift), or add a foreign one. */
  mutate(id: string, patch: Partial<{ cron_expression: string; enabled: boolean }>): void;
  insert(s: { simulation_id: string; cron_expression: string; enabled?: boolean }): EmulatedSchedule;
  remove(id: string): void;
}

function faultSettings(opts: EmulatorOptions): FaultSettings {
  return {
    latencyMs: opts.latencyMs ?? 0,
    errorRate: opts.errorRate ?? 0,
    dropRate: opts.dropRate ?? 0,
    rateLimit: opts.rateLimit,
    noList: opts.noList ?? false,
  };
}

/** Starts the emulator and resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const emu = new Emulator(opts);
  return emu.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
}

interface Exchange {
  method: string;
  path: string;
  at: string;
  body: RequestBody;
}

class Emulator {
  private readonly store: ScheduleStore;
  private readonly log: RequestLog;
  private readonly faults: Faults;
  private readonly writer: StateWriter | undefined;
  private readonly api: ApiContext;
  private readonly now: () => Date;
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  constructor(private readonly opts: EmulatorOptions) {
    this.now = opts.now ?? (() => new Date());
    const initial = opts.stateFile ? loadStateFile(opts.stateFile) : [];
    this.store = new ScheduleStore(this.now, initial);
    this.log = new RequestLog([opts.apiKey, ...(opts.forbiddenKeys ?? [])]);
    this.faults = new Faults(faultSettings(opts), opts.random ?? Math.random, () => performance.now());
    this.writer = opts.stateFile ? new StateWriter(opts.stateFile, () => this.store.list()) : undefined;
    const simulations = (opts.simulations ?? DEFAULT_SIMULATION_IDS).map((id, i) => makeSimulation(id, i));
    this.api = { store: this.store, simulations };
  }

  /** Starts a state-file write; the returned promise settles once it is on disk. */
  private persist(): Promise<void> {
    return this.writer ? this.writer.save() : Promise.resolve();
  }

  private persistInBackground(): void {
    this.persist().catch((err: unknown) => {
      process.stderr.write(`emulator: could not write the state file: ${String(err)}\n`);
    });
  }

  async listen(port: number, host: string): Promise<RunningEmulator> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const addr = server.address() as AddressInfo;
    const hostInUrl = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    return this.handle(`http://${hostInUrl}:${addr.port}`, addr.port);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const at = this.now().toISOString();
    let body: RequestBody;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const pathname = path.split("?")[0] ?? "/";
    if (pathname.startsWith("/__emulator/")) {
      writeResult(res, this.admin(method, pathname));
      return;
    }
    await this.serveApi(req, res, { method, path, at, body }, pathname);
  }

  private async serveApi(
    req: IncomingMessage,
    res: ServerResponse,
    ex: Exchange,
    pathname: string,
  ): Promise<void> {
    let result: HandlerResult;
    let mutating = false;
    try {
      const early = this.faults.before();
      if (early) result = early;
      else {
        const r = this.route(req, ex, pathname);
        result = r.result;
        mutating = r.mutating;
      }
    } catch {
      result = serverError(500);
    }
    if (result.committed) await this.persist().catch(() => undefined);
    if (mutating && this.faults.shouldDrop()) {
      this.log.add({ ...ex, status: result.status, dropped: true });
      res.socket?.destroy();
      return;
    }
    this.log.add({ ...ex, status: result.status, dropped: false });
    const { latencyMs } = this.faults.current;
    if (latencyMs > 0) await sleep(latencyMs);
    if (!res.destroyed) writeResult(res, result);
  }

  private route(
    req: IncomingMessage,
    ex: Exchange,
    pathname: string,
  ): { result: HandlerResult; mutating: boolean } {
    const match = matchRoute(ex.method, pathname, this.faults.current.noList);
    if (match.kind === "not-found") return { result: detail(404, DETAIL.notFound), mutating: false };
    if (match.kind === "method-not-allowed")
      return {
        result: detail(405, DETAIL.methodNotAllowed, { allow: match.allow.join(", ") }),
        mutating: false,
      };
    if (match.route.auth) {
      const outcome = authorize(req.headers["x-api-key"], this.opts.apiKey, this.opts.forbiddenKeys ?? []);
      if (outcome !== "ok") return { result: authFailure(outcome), mutating: false };
    }
    return {
      result: match.handler(this.api, match.params, ex.body),
      mutating: match.route.mutating === true,
    };
  }

  private admin(method: string, pathname: string): RouteResult {
    return adminRoute(method, pathname, {
      requests: () => this.log.list(),
      schedules: () => this.store.list(),
      reset: () => this.reset(),
    });
  }

  private reset(): void {
    this.store.clear();
    this.log.clear();
    this.persistInBackground();
  }

  private async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    await this.writer?.flush();
  }

  private mustExist(id: string): void {
    if (!this.store.get(id)) throw new Error(`emulator: no schedule with id ${id}`);
  }

  private handle(url: string, port: number): RunningEmulator {
    return {
      url,
      port,
      close: () => this.close(),
      schedules: () => this.store.list(),
      requests: () => this.log.list(),
      reset: () => this.reset(),
      setFaults: (f) => this.faults.set(f),
      mutate: (id, patch) => {
        this.mustExist(id);
        this.store.update(id, patch);
        this.persistInBackground();
      },
      insert: (s) => {
        const created = this.store.create({ ...s, enabled: s.enabled ?? true });
        this.persistInBackground();
        return created;
      },
      remove: (id) => {
        this.mustExist(id);
        this.store.delete(id);
        this.persistInBackground();
      },
    };
  }
}
