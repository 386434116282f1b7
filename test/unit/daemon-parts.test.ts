import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseListen } from "../../src/daemon/http-server.js";
import { createMetrics } from "../../src/daemon/metrics.js";
import { cronResync, validateResyncExpression } from "../../src/daemon/resync.js";
import { handleShutdownSignals, type ShutdownSignal } from "../../src/daemon/signals.js";
import { createStatusStore } from "../../src/daemon/status.js";
import { registerSecret, RemoteError, UsageError } from "../../src/errors.js";
import { createLogger, levelFrom, logFormatFrom } from "../../src/logging.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe("parseListen", () => {
  it.each([
    ["0.0.0.0:9464", { host: "0.0.0.0", port: 9464 }],
    ["127.0.0.1:0", { host: "127.0.0.1", port: 0 }],
    [":8080", { host: "0.0.0.0", port: 8080 }],
    ["[::]:9464", { host: "::", port: 9464 }],
    ["localhost:1", { host: "localhost", port: 1 }],
  ])("%s", (raw, expected) => expect(parseListen(raw)).toEqual(expected));

  it.each(["9464", "host:", "host:70000", "a:b", "[::1:80"])("refuses %s as a usage error", (raw) => {
    expect(() => parseListen(raw)).toThrow(UsageError);
  });
});

describe("resync expressions", () => {
  it.each(["*/5 * * * *", "0 3 * * 1-5", "*/10 * * * * *"])("accepts %s", (expr) => {
    expect(() => validateResyncExpression(expr)).not.toThrow();
  });
  it.each(["", "every 5 minutes", "61 * * * *", "* * *"])("refuses %j as a usage error", (expr) => {
    expect(() => validateResyncExpression(expr)).toThrow(UsageError);
  });
  it("knows when it runs next, and forgets the task when stopped", () => {
    const r = cronResync("0 0 1 1 *", silent);
    r.start(() => {});
    expect(r.nextRun()?.toISOString()).toMatch(/-01-01T00:00:00.000Z$/);
    r.stop();
    expect(r.nextRun()).toBeNull();
  });
});

describe("logger", () => {
  const capture = (format: "json" | "pretty") => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    return { logger: createLogger({ format, level: "debug", destination: out }), text: () => text };
  };

  it.each(["json", "pretty"] as const)("redacts the key in fields and in free text (%s)", (format) => {
    const key = "bj_logger_secret_0123456789abcdef";
    registerSecret(key);
    const c = capture(format);
    c.logger.info({ apiKey: key, headers: { "x-api-key": key }, nested: { token: key } }, "fields");
    c.logger.warn({ url: `http://x/?k=${key}` }, `a message with ${key} in it`);
    c.logger.error({ err: new RemoteError("auth", `rejected ${key}`) }, "error object");
    expect(c.text()).not.toContain(key);
    expect(c.text()).toContain("[REDACTED]");
  });

  it("writes one JSON object per line", () => {
    const c = capture("json");
    c.logger.info({ a: 1 }, "one");
    c.logger.debug({ b: 2 }, "two");
    const lines = c
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).toEqual(["one", "two"]);
  });

  it.each([
    [{}, "info"],
    [{ quiet: true }, "warn"],
    [{ verbose: true }, "debug"],
  ] as const)("level from %j is %s", (flags, level) => expect(levelFrom(flags)).toBe(level));

  it.each([
    [undefined, true, "pretty"],
    [undefined, false, "json"],
    ["json", true, "json"],
    ["pretty", false, "pretty"],
  ] as const)("format from flag %s on a TTY=%s is %s", (flag, tty, format) => {
    expect(logFormatFrom(flag, tty)).toBe(format);
  });
});

describe("shutdown signals", () => {
  function fakeProcess() {
    const handlers = new Map<ShutdownSignal, () => void>();
    const exits: number[] = [];
    return {
      proc: {
        on: (s: ShutdownSignal, fn: () => void) => handlers.set(s, fn),
        off: (s: ShutdownSignal) => handlers.delete(s),
        exit: (code: number) => void exits.push(code),
      },
      send: (s: ShutdownSignal) => handlers.get(s)?.(),
      handlers,
      exits,
    };
  }

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("first %s stops gracefully, a second exits at once with %i", (sig, code) => {
    const p = fakeProcess();
    const stops: string[] = [];
    handleShutdownSignals(p.proc, { stop: async (r) => void stops.push(r) }, silent);
    p.send(sig);
    expect(stops).toEqual([sig]);
    expect(p.exits).toEqual([]);
    p.send(sig);
    expect(p.exits).toEqual([code]);
    expect(stops).toHaveLength(1);
  });

  it("removes its handlers when disposed", () => {
    const p = fakeProcess();
    const dispose = handleShutdownSignals(p.proc, { stop: async () => {} }, silent);
    expect(p.handlers.size).toBe(2);
    dispose();
    expect(p.handlers.size).toBe(0);
  });
});

describe("status", () => {
  it("holds a placeholder document before the first run, and the last run's after", () => {
    const s = createStatusStore("/f.yaml", () => new Date("2030-01-01T00:00:00Z"));
    const live = { phase: "starting" as const, failures: 0, nextResync: null };
    const before = s.document(live) as { ok: boolean; exit_code: unknown; sidecar: { ready: boolean } };
    expect(before.ok).toBe(false);
    expect(before.exit_code).toBeNull();
    expect(before.sidecar.ready).toBe(false);
    s.runFailed(new RemoteError("network", "gave out"));
    s.attempted();
    const after = s.document({ ...live, phase: "backoff", failures: 1 }) as {
      sidecar: { ready: boolean; last_error: { code: string }; consecutive_failures: number };
    };
    expect(after.sidecar.ready).toBe(true);
    expect(after.sidecar.last_error.code).toBe("remote-network");
    expect(after.sidecar.consecutive_failures).toBe(1);
  });
});

describe("metrics", () => {
  it("uses its own registry: two sets never collide", async () => {
    const a = createMetrics({ defaultMetrics: true });
    const b = createMetrics({ defaultMetrics: true });
    a.observeReconcile("ok", 120);
    a.apiEvents.onRequest({ endpoint: "POST /v1/schedules", status: 201, durationMs: 3 });
    a.onAction({ name: "x", action: "create", result: "ok" });
    const text = await a.render();
    expect(text).toMatch(/^bluejay_sync_reconciles_total\{result="ok"\} 1$/m);
    expect(text).toMatch(
      /^bluejay_sync_api_requests_total\{endpoint="POST \/v1\/schedules",status="201"\} 1$/m,
    );
    expect(text).toMatch(/^bluejay_sync_actions_total\{kind="create",result="ok"\} 1$/m);
    expect(await b.render()).not.toMatch(/^bluejay_sync_reconciles_total\{/m);
  });
});
