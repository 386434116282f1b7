/**
 * `bluejay-sync watch` (the default command): the sidecar. With `--once`, reconcile once and exit,
 * exactly as `apply --yes` does.
 */
import { Option, type Command } from "commander";
import { loadSchedulesFile } from "../../config/load.js";
import { createMetrics } from "../../daemon/metrics.js";
import { DEFAULT_LISTEN, parseListen } from "../../daemon/http-server.js";
import {
  cronResync,
  DEFAULT_RESYNC,
  validateResyncExpression,
  type ResyncSource,
} from "../../daemon/resync.js";
import { handleShutdownSignals } from "../../daemon/signals.js";
import { startDaemon, type Daemon } from "../../daemon/watch.js";
import { reconcileOnce } from "../../reconcile/reconcile-once.js";
import type { Logger } from "../../reconcile/deps.js";
import { buildRemoteContext } from "../context.js";
import { processIo, type CliIo } from "../io.js";
import { addFileOptions, addRemoteOptions, parseIntFlag } from "../options.js";
import { runApplyCommand, type ApplyFlags } from "./apply.js";

export interface WatchFlags extends ApplyFlags {
  once?: boolean;
  listen: string;
  debounce: number;
  resync: string;
}

export function registerWatch(program: Command): void {
  const cmd = program
    .command("watch", { isDefault: true })
    .description("the sidecar: reconcile now, then on every change of the file and on --resync");
  addRemoteOptions(addFileOptions(cmd))
    .option("--listen <host:port>", "where /healthz, /readyz, /metrics and /status listen", DEFAULT_LISTEN)
    .option("--debounce <ms>", "wait this long after a change of the file", parseIntFlag("--debounce"), 250)
    .option(
      "--resync <cron>",
      "drift repair schedule, UTC (5 fields, or 6 with seconds first)",
      DEFAULT_RESYNC,
    )
    .addOption(
      new Option("--log-format <format>", "json or pretty (default: pretty on a terminal)").choices([
        "json",
        "pretty",
      ]),
    )
    .option("--once", "reconcile once and exit (same as apply --yes); for CI")
    .option("-y, --yes", "with --once: do not ask for confirmation")
    .addHelpText(
      "after",
      "\nSignals: SIGTERM/SIGINT stop gracefully (in-flight requests finish, at most 20 s; exit 0);" +
        "\na second signal exits at once (130 for SIGINT, 143 for SIGTERM).\n",
    )
    .action(async (flags: WatchFlags) => {
      process.exitCode = await runWatchCommand(flags, processIo());
    });
}

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
