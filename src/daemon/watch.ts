/**
 * The sidecar: ties the file watcher, the resync clock, the trigger loop, the HTTP endpoints and
 * shutdown together around one reconcile function, which is passed in (the CLI passes
 * reconcileOnce; tests may pass their own).
 */
import type { Logger, ReconcileDeps, ReconcileOptions } from "../reconcile/deps.js";
import { createReconcileRunner, type ReconcileFn } from "./reconcile-runner.js";
import { createDesiredSource, type LoadFile } from "./desired-source.js";
import { createFileWatcher, DEFAULT_REHASH_MS, type FileWatcher } from "./file-watcher.js";
import { startHttpServer, type HttpServerHandle, type ListenAddress } from "./http-server.js";
import type { DaemonMetrics } from "./metrics.js";
import type { ResyncSource } from "./resync.js";
import { createStatusStore, type DaemonPhase } from "./status.js";
import {
  createTriggerLoop,
  type BackoffPolicy,
  type RunOutcome,
  type Timers,
  type TriggerLoop,
  type TriggerReason,
} from "./trigger-loop.js";

export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

export type { ReconcileFn };

export interface DaemonDeps {
  reconcile: ReconcileFn;
  reconcileDeps: ReconcileDeps;
  loadFile: LoadFile;
  metrics: DaemonMetrics;
  resync: ResyncSource;
  timers?: Timers;
}

export interface DaemonOptions {
  /** The options of every reconcile; mode, desired state and signals are the daemon's. */
  reconcile: Omit<ReconcileOptions, "mode" | "desired" | "stop" | "signal" | "onAction">;
  listen: ListenAddress;
  debounceMs: number;
  rehashIntervalMs?: number;
  /** How long in-flight requests may take after a stop before they are cancelled. */
  shutdownGraceMs?: number;
  backoff?: BackoffPolicy;
}

export interface Daemon {
  /** Where the HTTP endpoints listen, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  /** Asks for a reconcile, as a file change or a resync would. */
  trigger(reason: TriggerReason): void;
  /** Resolves once no reconcile is under way or queued. */
  idle(): Promise<void>;
  /** Stops triggers, lets the reconcile under way finish (cancelled after the grace), closes HTTP. */
  stop(reason: string): Promise<void>;
  /** Resolves when the daemon has stopped. */
  readonly done: Promise<void>;
  status(): object;
}

interface Running {
  loop: TriggerLoop;
  watcher: FileWatcher;
  http: HttpServerHandle;
  resync: ResyncSource;
  stopCtl: AbortController;
  cancelCtl: AbortController;
  logger: Logger;
}

/** Stops the triggers, lets the run under way finish (cancelling it after the grace), closes HTTP. */
async function shutdown(r: Running, reason: string, graceMs: number): Promise<void> {
  r.logger.info({ reason }, "stopping: no new reconcile; the one under way finishes");
  const draining = r.loop.stop();
  r.stopCtl.abort();
  r.resync.stop();
  const grace = setTimeout(() => {
    r.logger.warn({ grace_ms: graceMs }, "grace period over: cancelling requests in flight");
    r.cancelCtl.abort();
  }, graceMs);
  await r.watcher.close();
  await draining;
  clearTimeout(grace);
  await r.http.close();
  r.logger.info({ reason }, "stopped");
}

/** Starts the sidecar: HTTP first (so probes answer at once), then the watcher, resync and a first reconcile. */
export async function startDaemon(deps: DaemonDeps, opts: DaemonOptions): Promise<Daemon> {
  const { logger, clock } = deps.reconcileDeps;
  const file = opts.reconcile.file;
  const status = createStatusStore(file, () => clock.now());
  const stopCtl = new AbortController();
  const cancelCtl = new AbortController();
  let stopping: Promise<void> | null = null;
  let resolveDone = (): void => {};
  const done = new Promise<void>((r) => (resolveDone = r));

  const source = createDesiredSource({
    file,
    env: deps.reconcileDeps.env,
    load: deps.loadFile,
    logger,
    onCheck: (check, hash) => {
      status.fileChecked(check.valid, check.diagnostics, hash);
      deps.metrics.setConfigValid(check.valid);
    },
  });
  const watcher = createFileWatcher({
    file,
    debounceMs: opts.debounceMs,
    rehashIntervalMs: opts.rehashIntervalMs ?? DEFAULT_REHASH_MS,
    onChange: (e) => {
      logger.info({ file, hash: e.hash, previous: e.previous }, "schedules file changed");
      loop.trigger("file");
    },
    onError: (err) => logger.warn({ file, err: err.message }, "file watcher error (re-hash goes on)"),
  });

  const reconcileOnce = createReconcileRunner({
    reconcile: deps.reconcile,
    reconcileDeps: deps.reconcileDeps,
    metrics: deps.metrics,
    status,
    options: opts.reconcile,
    stop: stopCtl.signal,
    cancel: cancelCtl.signal,
  });
  const runOnce = async (reason: TriggerReason): Promise<RunOutcome> => {
    // Ready means "a reconcile was attempted": it starts now, whether or not Bluejay ever answers.
    status.attempted();
    const desired = await source.next(reason, watcher.hash);
    return desired ? await reconcileOnce(desired, reason) : "ok";
  };

  const loop = createTriggerLoop({
    run: runOnce,
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
    ...(deps.timers ? { timers: deps.timers } : {}),
    onBackoff: (e) =>
      logger.warn({ retry_in_ms: e.delayMs, failures: e.failures }, "will retry after a pause"),
  });

  const phase = (): DaemonPhase => {
    if (stopping) return "stopping";
    if (!status.ready) return "starting";
    const s = loop.state;
    return s === "stopped" ? "stopping" : s;
  };
  const statusDoc = () =>
    status.document({ phase: phase(), failures: loop.failures, nextResync: deps.resync.nextRun() });

  const http = await startHttpServer(opts.listen, {
    ready: () => status.ready,
    status: statusDoc,
    metrics: () => deps.metrics.render(),
    metricsContentType: deps.metrics.registry.contentType,
  });
  logger.info({ url: http.url, host: http.host, port: http.port }, `listening on ${http.url}`);

  const stop = (reason: string): Promise<void> => {
    const parts = { loop, watcher, http, resync: deps.resync, stopCtl, cancelCtl, logger };
    stopping ??= shutdown(parts, reason, opts.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS).then(resolveDone);
    return stopping;
  };

  try {
    await watcher.start();
  } catch (err) {
    await http.close();
    throw err;
  }
  deps.resync.start(() => loop.trigger("resync"));
  loop.trigger("start");

  return {
    url: http.url,
    trigger: (reason) => loop.trigger(reason),
    idle: () => loop.idle(),
    stop,
    done,
    status: statusDoc,
  };
}
