/**
 * `bluejay-sync watch` (the default command): the sidecar. With `--once`, reconcile once and exit,
 * exactly as `apply --yes` does. The daemon itself is loaded only when this command runs.
 */
import { Option, type Command } from "commander";
import { DEFAULT_RESYNC } from "../../daemon/defaults.js";
import { DEFAULT_LISTEN } from "../../daemon/http-server.js";
import { processIo } from "../io.js";
import { addFileOptions, addRemoteOptions, parseIntFlag } from "../options.js";
import type { ApplyFlags } from "./apply.js";

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
      const { runWatchCommand } = await import("../watch-run.js");
      process.exitCode = await runWatchCommand(flags, processIo());
    });
}
