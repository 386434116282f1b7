/**
 * The sidecar's HTTP endpoints: `/healthz` (the process is alive), `/readyz` (the first reconcile
 * was attempted; never depends on Bluejay), `/metrics` (Prometheus text) and `/status` (JSON).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UsageError } from "../errors.js";

export const DEFAULT_LISTEN = "0.0.0.0:9464";

export interface ListenAddress {
  host: string;
  port: number;
}

export interface HttpHandlers {
  ready(): boolean;
  status(): object;
  metrics(): Promise<string>;
  metricsContentType: string;
}

export interface HttpServerHandle {
  host: string;
  port: number;
  /** e.g. `http://127.0.0.1:9464` (IPv6 hosts in brackets). */
  url: string;
  close(): Promise<void>;
}

/** `HOST:PORT`, `[v6]:PORT` or `:PORT` (all interfaces). Port 0 picks a free port. */
export function parseListen(raw: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(raw.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new UsageError("usage", `--listen takes HOST:PORT (e.g. 0.0.0.0:9464 or [::]:9464), got "${raw}"`);
  }
  return { host: m[1] ?? (m[2] || "0.0.0.0"), port };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

async function route(req: IncomingMessage, res: ServerResponse, h: HttpHandlers): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, "text/plain; charset=utf-8", "method not allowed\n");
  }
  switch (path) {
    case "/healthz":
      return send(res, 200, "text/plain; charset=utf-8", "ok\n");
    case "/readyz":
      return h.ready()
        ? send(res, 200, "text/plain; charset=utf-8", "ready\n")
        : send(res, 503, "text/plain; charset=utf-8", "not ready: first reconcile not attempted yet\n");
    case "/metrics":
      return send(res, 200, h.metricsContentType, await h.metrics());
    case "/status":
      return send(res, 200, "application/json; charset=utf-8", `${JSON.stringify(h.status(), null, 2)}\n`);
    default:
      return send(
        res,
        404,
        "text/plain; charset=utf-8",
        "not found: try /healthz, /readyz, /metrics, /status\n",
      );
  }
}

/** Listens and resolves with the bound address (the real port when 0 was asked for). */
export async function startHttpServer(listen: ListenAddress, h: HttpHandlers): Promise<HttpServerHandle> {
  const server = createServer((req, res) => {
    route(req, res, h).catch(() => {
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error\n");
      else res.destroy();
    });
  });
  // Probes open a connection every few seconds; idle keep-alives must not hold shutdown up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.address;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    host,
    port: addr.port,
    url: `http://${shown}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
