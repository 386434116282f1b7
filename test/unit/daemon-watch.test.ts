/**
 * The daemon with a stand-in reconcile function and a stand-in loader (JSON instead of YAML):
 * real files, a real watcher, real HTTP on loopback.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DesiredState } from "../../src/core/types.js";
import { GuardError } from "../../src/errors.js";
import type { LoadFile } from "../../src/daemon/desired-source.js";
import { createMetrics } from "../../src/daemon/metrics.js";
import { manualResync } from "../../src/daemon/resync.js";
import { startDaemon, type Daemon, type ReconcileFn } from "../../src/daemon/watch.js";
import type { ReconcileDeps, ReconcileOptions } from "../../src/reconcile/deps.js";
import { emptySummary, type RunReport } from "../../src/reconcile/report.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

const loadJson: LoadFile = async (file) => {
  const { readFile } = await import("node:fs/promises");
  try {
    const names = JSON.parse(await readFile(file, "utf8")) as string[];
    const entries = names.map((name) => ({
      name,
      simulation_id: "1",
      schedule: { frequency: "cron" as const, expression: "* * * * *" },
      enabled: true,
      position: { line: 1, column: 1 },
    }));
    return { ok: true, state: { file, prune: false, entries }, diagnostics: [] };
  } catch (err) {
    const message = String(err);
    return {
      ok: false,
      diagnostics: [{ code: "parse", severity: "error", message, file, line: 1, column: 1, path: "" }],
    };
  }
};

function report(ok: boolean): RunReport {
  return {
    ok,
    exit_code: ok ? 0 : 1,
    mode: "apply",
    file: "f",
    actions: [],
    summary: emptySummary(),
    errors: [],
    warnings: [],
    changes_pending: false,
    started_at: new Date(0).toISOString(),
    duration_ms: 1,
  };
}

/** A reconcile stand-in that records what it was given and finishes when released. */
function recorder(auto = true) {
  const calls: { names: string[]; opts: ReconcileOptions }[] = [];
  const pending: ((r: RunReport | Error) => void)[] = [];
  let wake: (() => void) | null = null;
  const fn: ReconcileFn = (_deps, opts) => {
    calls.push({ names: (opts.desired as DesiredState).entries.map((e) => e.name), opts });
    wake?.();
    if (auto) return Promise.resolve(report(true));
    return new Promise((resolve, reject) =>
      pending.push((r) => (r instanceof Error ? reject(r) : resolve(r))),
    );
  };
  const nextCall = async (n: number) => {
    while (calls.length < n) await new Promise<void>((r) => (wake = r));
    return calls[n - 1]!;
  };
  return { fn, calls, pending, nextCall };
}

let daemons: Daemon[] = [];
afterEach(async () => {
  await Promise.all(daemons.map((d) => d.stop("test over")));
  daemons = [];
});

async function setup(content: string, reconcile: ReconcileFn) {
  const dir = await mkdtemp(path.join(tmpdir(), "bjs-daemon-"));
  const file = path.join(dir, "schedules.json");
  await writeFile(file, content);
  const resync = manualResync();
  const metrics = createMetrics({ defaultMetrics: false });
  const deps: ReconcileDeps = {
    api: { stats: () => ({ requests: 0, retries: 0 }) } as ReconcileDeps["api"],
    logger: silent,
    clock: { now: () => new Date() },
    env: {},
  };
  const daemon = await startDaemon(
    { reconcile, reconcileDeps: deps, loadFile: loadJson, metrics, resync },
    {
      reconcile: {
        file,
        lockfile: path.join(dir, "lock.json"),
        apiUrl: "http://127.0.0.1:1",
        allowEmpty: false,
        maxDeletes: 10,
        allowTargetChange: false,
        lockTimeoutMs: 1000,
      },
      listen: { host: "127.0.0.1", port: 0 },
      debounceMs: 20,
      shutdownGraceMs: 200,
    },
  );
  daemons.push(daemon);
  const get = async (p: string) => {
    const res = await fetch(`${daemon.url}${p}`);
    return { status: res.status, body: await res.text(), type: res.headers.get("content-type") };
  };
  return { file, daemon, resync, get };
}

describe("daemon", () => {
  it("answers /healthz at once and /readyz as soon as the first reconcile starts, even if Bluejay never answers", async () => {
    const r = recorder(false);
    const { get } = await setup('["a"]', r.fn);
    await r.nextCall(1);
    expect((await get("/healthz")).status).toBe(200);
    // The first reconcile is under way and hangs: ready all the same.
    expect((await get("/readyz")).status).toBe(200);
    r.pending.shift()?.(new Error("bluejay is down"));
    await new Promise((res) => setTimeout(res, 20));
    expect((await get("/readyz")).status).toBe(200);
    const status = JSON.parse((await get("/status")).body);
    expect(status.sidecar.last_error.message).toContain("bluejay is down");
    expect(status.sidecar.phase).toBe("backoff");
    expect((await get("/nope")).status).toBe(404);
  });

  it("does not retry a run a safety guard refused: it waits for the next change", async () => {
    let calls = 0;
    const refuse: ReconcileFn = () => {
      calls += 1;
      return Promise.reject(new GuardError("guard-max-deletes", "too many deletes"));
    };
    const { file, daemon, get } = await setup('["a"]', refuse);
    await daemon.idle();
    const status = JSON.parse((await get("/status")).body);
    expect(status.sidecar.last_error.message).toContain("too many deletes");
    expect(status.sidecar.phase).not.toBe("backoff");
    expect(calls).toBe(1);
    await writeFile(file, '["a", "b"]');
    await new Promise((res) => setTimeout(res, 150));
    await daemon.idle();
    expect(calls).toBe(2);
  });

  it("reconciles a changed file, and keeps the last good one while the file is broken", async () => {
    const r = recorder();
    const { file, daemon, resync, get } = await setup('["a"]', r.fn);
    expect((await r.nextCall(1)).names).toEqual(["a"]);
    await writeFile(file, '["a", "b"]');
    expect((await r.nextCall(2)).names).toEqual(["a", "b"]);
    await writeFile(file, "{ broken");
    await new Promise((res) => setTimeout(res, 150));
    await daemon.idle();
    expect(r.calls).toHaveLength(2);
    const status = JSON.parse((await get("/status")).body);
    expect(status.sidecar.file.valid).toBe(false);
    // The top of the document says so too, with the file's error.
    expect(status.ok).toBe(false);
    expect(status.exit_code).toBe(3);
    expect(status.errors[0].code).toBe("parse");
    expect(status.sidecar.file.errors[0].code).toBe("parse");
    expect((await get("/metrics")).body).toMatch(/^bluejay_sync_config_valid 0$/m);
    // Drift repair goes on with the last good content.
    resync.tick();
    expect((await r.nextCall(3)).names).toEqual(["a", "b"]);
  });

  it("reconciles nothing when no good file was ever seen", async () => {
    const r = recorder();
    const { daemon, resync, get } = await setup("not json", r.fn);
    await new Promise((res) => setTimeout(res, 50));
    resync.tick();
    await daemon.idle();
    expect(r.calls).toHaveLength(0);
    expect((await get("/readyz")).status).toBe(200);
  });

  it("exposes the bluejay_sync_* metrics", async () => {
    const r = recorder();
    const { get } = await setup('["a"]', r.fn);
    await r.nextCall(1);
    await new Promise((res) => setTimeout(res, 20));
    const m = await get("/metrics");
    expect(m.type).toContain("text/plain");
    for (const name of [
      'bluejay_sync_reconciles_total{result="ok"} 1',
      "bluejay_sync_reconcile_duration_seconds_bucket",
      "bluejay_sync_config_valid 1",
      "bluejay_sync_last_success_timestamp_seconds",
      "bluejay_sync_managed_schedules",
    ]) {
      expect(m.body).toContain(name);
    }
  });

  it("stop() stops new work, signals the run under way, cancels it after the grace, and closes HTTP", async () => {
    const r = recorder(false);
    const { daemon } = await setup('["a"]', r.fn);
    const { opts } = await r.nextCall(1);
    const stopped = daemon.stop("SIGTERM");
    expect(opts.stop?.aborted).toBe(true);
    expect(opts.signal?.aborted).toBe(false);
    await new Promise((res) => setTimeout(res, 300));
    expect(opts.signal?.aborted).toBe(true);
    r.pending.shift()?.(report(true));
    await stopped;
    await daemon.done;
    await expect(fetch(`${daemon.url}/healthz`)).rejects.toThrow();
    daemon.trigger("resync");
    expect(r.calls).toHaveLength(1);
  });
});
