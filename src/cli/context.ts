/**
 * The composition root of the commands that talk to Bluejay: resolves the target and the key,
 * builds the client, the logger and the clock, and the options of one reconcile.
 */
import type { ApiEvents } from "../bluejay/api.js";
import { resolveApiKey } from "../bluejay/api-key.js";
import { createClient } from "../bluejay/client.js";
import { resolveApiUrl } from "../bluejay/target.js";
import { normalizeApiUrl } from "../core/api-url.js";
import { UsageError } from "../errors.js";
import { createLogger, levelFrom, logFormatFrom } from "../logging.js";
import type { ReconcileDeps, ReconcileOptions } from "../reconcile/deps.js";
import type { CliIo } from "./io.js";
import { resolvePaths, useColor } from "./options.js";

/** The flags of addFileOptions + addRemoteOptions, as commander gives them. */
export interface RemoteFlags {
  file?: string;
  lockfile?: string;
  apiUrl?: string;
  allowInsecureHttp?: boolean;
  prune?: boolean;
  allowEmpty?: boolean;
  maxDeletes: number;
  concurrency: number;
  rateLimit: number;
  lockTimeout: number;
  allowTargetChange?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  logFormat?: string;
}

export interface RemoteContext {
  deps: ReconcileDeps;
  options: Omit<ReconcileOptions, "mode">;
}

/** Everything is checked before any network use: a bad URL or key source is a usage error (exit 3). */
export function buildRemoteContext(
  flags: RemoteFlags,
  io: CliIo,
  extra: { events?: ApiEvents } = {},
): RemoteContext {
  const { file, lockfile } = resolvePaths(flags, io.env, io.cwd);
  // The key first: it is registered for redaction before any message can quote it (a key pasted
  // into the URL must not come back in the error that refuses the URL).
  const apiKey = resolveApiKey(io.env);
  const apiUrl = resolveApiUrl({
    flag: flags.apiUrl,
    env: io.env,
    allowInsecureHttp: flags.allowInsecureHttp === true,
  });
  const target = normalizeApiUrl(apiUrl);
  if (!target) throw new UsageError("usage", `not an http(s) API URL: ${apiUrl}`);
  const loggerOptions = {
    format: logFormatFrom(flags.logFormat, io.stderr === process.stderr && process.stderr.isTTY === true),
    level: levelFrom(flags),
    ...(io.stderr === process.stderr ? {} : { destination: io.stderr }),
  };
  const color = useColor(flags, io.env, process.stderr.isTTY === true);
  const logger = createLogger({ ...loggerOptions, color });
  // A server that is slow or failing must not look like a hung command: every retry is said.
  const events: ApiEvents = {
    ...extra.events,
    onRetry(e) {
      extra.events?.onRetry?.(e);
      logger.info(
        { endpoint: e.endpoint, attempt: e.attempt, retry_in_ms: Math.round(e.delayMs) },
        `retrying: ${e.reason}`,
      );
    },
  };
  const api = createClient({
    apiUrl,
    apiKey,
    concurrency: flags.concurrency,
    rateLimit: flags.rateLimit,
    events,
  });
  return {
    deps: { api, logger, clock: { now: () => new Date() }, env: io.env },
    options: {
      file,
      lockfile,
      apiUrl: target,
      ...(flags.prune !== undefined ? { prune: flags.prune } : {}),
      allowEmpty: flags.allowEmpty === true,
      maxDeletes: flags.maxDeletes,
      allowTargetChange: flags.allowTargetChange === true,
      lockTimeoutMs: flags.lockTimeout * 1000,
      concurrency: Math.max(1, flags.concurrency),
    },
  };
}
