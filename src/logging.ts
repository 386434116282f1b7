/**
 * The logger factory: JSON lines (or pretty text on a TTY) on stderr, with the API key redacted
 * twice: by field path, and once more on the final string of every line, so that a key that
 * slipped into a free-text message is replaced too.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import { createRequire } from "node:module";
import type { PrettyOptions, PrettyStream } from "pino-pretty";
import { redact } from "./errors.js";

export type LogFormat = "json" | "pretty";
export type LogLevel = "error" | "warn" | "info" | "debug";

export interface LoggerOptions {
  format: LogFormat;
  level: LogLevel;
  /** Where lines go; stderr (fd 2, synchronous) when absent. */
  destination?: NodeJS.WritableStream;
  /** Colour for the pretty format. */
  color?: boolean;
}

/** Fields that may carry the key, wherever they sit in a log object. */
export const REDACT_PATHS = [
  "apiKey",
  "api_key",
  "token",
  "authorization",
  "headers.authorization",
  'headers["x-api-key"]',
  "*.apiKey",
  "*.api_key",
  "*.token",
  "*.authorization",
  "*.headers.authorization",
  '*.headers["x-api-key"]',
];

/** `-q` → warnings and errors only; `-v` → debug; otherwise info. */
export function levelFrom(opts: { quiet?: boolean; verbose?: boolean }): LogLevel {
  if (opts.quiet) return "warn";
  if (opts.verbose) return "debug";
  return "info";
}

/** Pretty by default on a TTY, JSON lines otherwise; an explicit `--log-format` wins. */
export function logFormatFrom(flag: string | undefined, isTTY: boolean): LogFormat {
  if (flag === "json" || flag === "pretty") return flag;
  return isTTY ? "pretty" : "json";
}

function destinationFor(opts: LoggerOptions): DestinationStream {
  if (opts.format === "pretty") {
    // Loaded only for the pretty format: JSON logs (CI, containers) start without it.
    const pretty = createRequire(import.meta.url)("pino-pretty") as (o: PrettyOptions) => PrettyStream;
    // A stream in this thread rather than a worker transport: it works in a minimal container
    // and everything is written before the process exits.
    return pretty({
      destination: opts.destination ?? 2,
      sync: true,
      colorize: opts.color ?? false,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
    });
  }
  if (opts.destination) return opts.destination as DestinationStream;
  return pino.destination({ dest: 2, sync: true });
}

/** Builds the program's logger. Every line passes through `redact()` before it is written. */
export function createLogger(opts: LoggerOptions): PinoLogger {
  return pino(
    {
      level: opts.level,
      base: { name: "bluejay-sync" },
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      hooks: { streamWrite: (line: string) => redact(line) },
    },
    destinationFor(opts),
  );
}
