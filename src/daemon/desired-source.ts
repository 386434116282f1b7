/**
 * The file as the sidecar sees it: every read is validated, and the last good content is kept.
 * A broken or missing file changes nothing remotely: the new content is never reconciled, and only
 * drift repair (resyncs and retries) may go on reconciling the last good state.
 */
import type { LoadResult } from "../config/load.js";
import type { DesiredState, Diagnostic } from "../core/types.js";
import { ConfigError, redact } from "../errors.js";
import type { Logger } from "../reconcile/deps.js";
import type { TriggerReason } from "./trigger-loop.js";

export type { LoadResult };

export type LoadFile = (
  file: string,
  env: Record<string, string | undefined>,
) => LoadResult | Promise<LoadResult>;

export interface FileCheck {
  valid: boolean;
  diagnostics: Diagnostic[];
}

export interface DesiredSource {
  /** What to reconcile for this trigger, or null for nothing. */
  next(reason: TriggerReason, hash: string | null): Promise<DesiredState | null>;
  readonly lastGood: DesiredState | null;
}

export interface DesiredSourceOptions {
  file: string;
  env: Record<string, string | undefined>;
  load: LoadFile;
  logger: Logger;
  onCheck(check: FileCheck, hash: string | null): void;
}

function unreadable(file: string, err: unknown): Diagnostic[] {
  if (err instanceof ConfigError && err.diagnostics.length > 0) return err.diagnostics;
  const message = redact(err instanceof Error ? err.message : String(err));
  return [{ code: "file-unreadable", severity: "error", message, file, line: 1, column: 1, path: "" }];
}

async function safeLoad(opts: DesiredSourceOptions): Promise<LoadResult> {
  try {
    const loaded = await opts.load(opts.file, opts.env);
    // A file emptied in place (a truncating save, a half-written ConfigMap) is treated as broken:
    // the sidecar keeps the last good one rather than reconcile "no schedules".
    if (loaded.ok && loaded.state.empty) {
      const message = "the file is empty (no YAML document); keeping the last good one";
      return {
        ok: false,
        diagnostics: [
          { code: "file-empty", severity: "error", message, file: opts.file, line: 1, column: 1, path: "" },
        ],
      };
    }
    return loaded;
  } catch (err) {
    return { ok: false, diagnostics: unreadable(opts.file, err) };
  }
}

export function createDesiredSource(opts: DesiredSourceOptions): DesiredSource {
  let lastGood: DesiredState | null = null;
  // Invalid content is logged once per distinct content, not on every resync.
  let reportedBad: string | null | undefined;

  const reportInvalid = (diagnostics: Diagnostic[], hash: string | null): void => {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const meta = {
      file: opts.file,
      errors: errors.slice(0, 20).map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`),
      error_count: errors.length,
      keeping_last_good: lastGood !== null,
    };
    if (reportedBad === hash) opts.logger.debug(meta, "schedules file still invalid");
    else
      opts.logger.error(
        meta,
        "schedules file is missing or invalid: nothing changes remotely until it is fixed",
      );
    reportedBad = hash;
  };

  return {
    async next(reason, hash) {
      const loaded = await safeLoad(opts);
      opts.onCheck({ valid: loaded.ok, diagnostics: loaded.diagnostics }, hash);
      if (loaded.ok) {
        if (reportedBad !== undefined) opts.logger.info({ file: opts.file }, "schedules file is valid again");
        reportedBad = undefined;
        lastGood = loaded.state;
        return lastGood;
      }
      reportInvalid(loaded.diagnostics, hash);
      return reason === "resync" || reason === "retry" ? lastGood : null;
    },
    get lastGood() {
      return lastGood;
    },
  };
}
