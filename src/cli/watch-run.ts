/**
 * Builds the sidecar from the flags and runs it until a signal; `--once` applies once instead.
 */
import { loadSchedulesFile } from "../config/load.js";
import { createMetrics } from "../daemon/metrics.js";
import { parseListen } from "../daemon/http-server.js";
import { cronResync, validateResyncExpression, type ResyncSource } from "../daemon/resync.js";
import { handleShutdownSignals } from "../daemon/signals.js";
import { startDaemon, type Daemon } from "../daemon/watch.js";
import { reconcileOnce } from "../reconcile/reconcile-once.js";
import type { Logger } from "../reconcile/deps.js";
import { runApplyCommand } from "./commands/apply.js";
import type { WatchFlags } from "./commands/watch.js";
import { buildRemoteContext } from "./context.js";
import type { CliIo } from "./io.js";

/** Checks the sidecar's own flags before anything starts: a bad one is a usage error (exit 3). */
function checkWatchFlags(flags: WatchFlags): void {
  parseListen(flags.listen);
  validateResyncExpression(flags.resync);
}

/**
 * Builds the sidecar from the flags and starts it. Tests pass their own resync source to tick
 * drift repair without waiting for the clock.
 */
export async function startWatch(
  flags: WatchFlags,
  io: CliIo,
  extra: { resync?: ResyncSource } = {},
): Promise<{ daemon: Daemon; logger: Logger }> {
  checkWatchFlags(flags);
  const metrics = createMetrics();
  const ctx = buildRemoteContext(flags, io, { events: metrics.apiEvents });
  const logger = ctx.deps.logger;
  const daemon = await startDaemon(
    {
      reconcile: reconcileOnce,
      reconcileDeps: ctx.deps,
      loadFile: loadSchedulesFile,
      metrics,
      resync: extra.resync ?? cronResync(flags.resync, logger),
    },
    { reconcile: ctx.options, listen: parseListen(flags.listen), debounceMs: flags.debounce },
  );
  return { daemon, logger };
}

/** Runs until SIGTERM/SIGINT; resolves with the exit code (0 after a graceful stop). */
export async function runWatchCommand(flags: WatchFlags, io: CliIo): Promise<number> {
  if (flags.once) return runApplyCommand({ ...flags, yes: true }, io);
  const { daemon, logger } = await startWatch(flags, io);
  const dispose = handleShutdownSignals(process, daemon, logger);
  await daemon.done;
  dispose();
  // Everything was closed; should a library still hold a socket open, do not hang in a pod that
  // is being terminated. The timer is unref'd: it never keeps the process alive by itself.
  setTimeout(() => process.exit(), 2_000).unref();
  return 0;
}
