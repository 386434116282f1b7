/**
 * Drift repair on a clock: `--resync <cron>` (5 fields, or 6 with seconds first), evaluated in UTC.
 * The daemon takes any `ResyncSource`, so tests can tick it by hand.
 */
import cron, { type Logger as CronLogger, type ScheduledTask } from "node-cron";
import { UsageError } from "../errors.js";
import type { Logger } from "../reconcile/deps.js";

export { DEFAULT_RESYNC } from "./defaults.js";

export interface ResyncSource {
  start(onTick: () => void): void;
  stop(): void;
  /** When the next tick is due, if known. */
  nextRun(): Date | null;
}

/** Throws a UsageError (exit 3) naming what is wrong with the expression. */
export function validateResyncExpression(expr: string): void {
  const detail = cron.validateDetailed(expr);
  if (detail.valid) return;
  const why = detail.errors.map((e) => e.message).join("; ") || "not a cron expression";
  throw new UsageError(
    "usage",
    `--resync "${expr}" is not a valid cron expression (${why}); e.g. "*/5 * * * *" for every 5 minutes`,
  );
}

/** A resync driven by node-cron, on the in-process scheduler (no worker process). */
export function cronResync(expr: string, logger: Logger): ResyncSource {
  validateResyncExpression(expr);
  let task: ScheduledTask | null = null;
  const cronLogger: CronLogger = {
    info: (m) => logger.debug({ source: "resync" }, m),
    warn: (m) => logger.warn({ source: "resync" }, m),
    error: (m) => logger.error({ source: "resync" }, String(m)),
    debug: (m) => logger.debug({ source: "resync" }, String(m)),
  };
  return {
    start(onTick) {
      task = cron.createTask(expr, () => onTick(), {
        timezone: "UTC",
        name: "bluejay-sync-resync",
        logger: cronLogger,
      });
      void task.start();
    },
    stop() {
      void task?.destroy();
      task = null;
    },
    nextRun: () => task?.getNextRun() ?? null,
  };
}

/** A resync source ticked by the caller (tests, embedding). */
export function manualResync(): ResyncSource & { tick(): void } {
  let handler: (() => void) | null = null;
  return {
    start: (onTick) => void (handler = onTick),
    stop: () => void (handler = null),
    nextRun: () => null,
    tick: () => handler?.(),
  };
}
