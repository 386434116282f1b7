/**
 * Helpers of the client's integration tests: a tiny scripted HTTP server for faults the emulator
 * cannot produce, a client with shortened backoff, and scripted random draws.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { expect } from "vitest";
import { createClient, type BluejayClient, type ClientOptions } from "../../src/bluejay/client.js";
import { RemoteError } from "../../src/errors.js";
import { validateRequest } from "../support/openapi.js";

export const KEY = "bj_testkey_client_0123456789abcdef";

/** A client whose backoff waits a few milliseconds instead of seconds. */
export function fastClient(apiUrl: string, extra: Partial<ClientOptions> = {}): BluejayClient {
  return createClient({
    apiUrl,
    apiKey: KEY,
    rateLimit: 1000,
    backoff: { baseMs: 5, maxMs: 20 },
    timeoutMs: 5000,
    ...extra,
  });
}

/** The RemoteError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function remoteError(p: Promise<unknown>): Promise<RemoteError> {
  const outcome = await p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a RemoteError, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(RemoteError);
  return outcome.error as RemoteError;
}

/** Every body the client sent validates against Bluejay's request schemas. */
export function expectConformingRequests(log: { method: string; path: string; body?: unknown }[]): void {
  for (const r of log) {
    const check = validateRequest(r.method, r.path, r.body);
    expect(check.errors, `${r.method} ${r.path}`).toEqual([]);
  }
}

export interface Hit {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface TinyServer {
  url: string;
  hits: Hit[];
  /** The most requests that were ever in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

export type TinyHandler = (hit: Hit, res: ServerResponse, n: number) => unknown;

/** A node:http server on loopback port 0 that answers with `handler`; `n` counts from 0. */
export async function startTinyServer(handler: TinyHandler): Promise<TinyServer> {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let max = 0;
  const server = createServer((req, res) => {
    inFlight++;
    max = Math.max(max, inFlight);
    res.on("close", () => inFlight--);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      hits.push(hit);
      void handler(hit, res, hits.length - 1);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    maxInFlight: () => max,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with `status`. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export const record = { id: "s1", simulation_id: "30595", cron_expression: "0 2 * * *", enabled: true };
