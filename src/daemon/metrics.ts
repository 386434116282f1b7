/**
 * The sidecar's Prometheus metrics, on a registry of its own: nothing is registered globally, so
 * two daemons (or a test and a daemon) in one process never collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ApiEvents } from "../bluejay/api.js";
import type { ActionEvent } from "../reconcile/deps.js";

/** How one reconcile ended: applied cleanly, ran with failed actions, or did not run through. */
export type ReconcileResult = "ok" | "failed" | "error";

export interface DaemonMetrics {
  readonly registry: Registry;
  /** Hooks for the API client: requests by endpoint and status, retries. */
  readonly apiEvents: Required<ApiEvents>;
  observeReconcile(result: ReconcileResult, durationMs: number): void;
  onAction(e: ActionEvent): void;
  setManagedSchedules(n: number): void;
  setConfigValid(valid: boolean): void;
  setLastSuccess(at: Date): void;
  /** The text exposition format. */
  render(): Promise<string>;
}

const P = "bluejay_sync_";

/** Builds the metrics and their registry, with the default process metrics on it. */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}): DaemonMetrics {
  const registry = new Registry();
  // A coarse event-loop sampling keeps an idle sidecar idle.
  if (opts.defaultMetrics !== false)
    collectDefaultMetrics({ register: registry, prefix: P, eventLoopMonitoringPrecision: 100 });
  const reg = { registers: [registry] };
  const reconciles = new Counter({
    name: `${P}reconciles_total`,
    help: "Reconciles run, by result (ok, failed: some action failed, error: the run did not complete).",
    labelNames: ["result"] as const,
    ...reg,
  });
  const duration = new Histogram({
    name: `${P}reconcile_duration_seconds`,
    help: "Duration of one reconcile, by result.",
    labelNames: ["result"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    ...reg,
  });
  const actions = new Counter({
    name: `${P}actions_total`,
    help: "Plan actions carried out, by kind and result.",
    labelNames: ["kind", "result"] as const,
    ...reg,
  });
  const requests = new Counter({
    name: `${P}api_requests_total`,
    help: "Requests sent to the Bluejay API, by endpoint and HTTP status (or error).",
    labelNames: ["endpoint", "status"] as const,
    ...reg,
  });
  const retries = new Counter({ name: `${P}retries_total`, help: "Requests retried.", ...reg });
  const managed = new Gauge({
    name: `${P}managed_schedules`,
    help: "Schedules bound to an entry in the lockfile.",
    ...reg,
  });
  const configValid = new Gauge({
    name: `${P}config_valid`,
    help: "1 when the schedules file last read was valid, else 0.",
    ...reg,
  });
  const lastSuccess = new Gauge({
    name: `${P}last_success_timestamp_seconds`,
    help: "Unix time of the last reconcile that ended ok.",
    ...reg,
  });
  return {
    registry,
    apiEvents: {
      onRequest: (e) => requests.inc({ endpoint: e.endpoint, status: String(e.status) }),
      onRetry: () => retries.inc(),
    },
    observeReconcile(result, durationMs) {
      reconciles.inc({ result });
      duration.observe({ result }, durationMs / 1000);
    },
    onAction: (e) => actions.inc({ kind: e.action, result: e.result }),
    setManagedSchedules: (n) => managed.set(n),
    setConfigValid: (valid) => configValid.set(valid ? 1 : 0),
    setLastSuccess: (at) => lastSuccess.set(at.getTime() / 1000),
    render: () => registry.metrics(),
  };
}
