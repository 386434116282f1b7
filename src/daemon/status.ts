/**
 * What the sidecar knows about itself, served as `/status`: the last run's document (the shape
 * of `--output json`) plus a `sidecar` object with the file's validity, the last error and the
 * next resync. No secret goes in here; messages pass through redact() once more.
 */
import type { Diagnostic } from "../core/types.js";
import { BluejaySyncError, redact } from "../errors.js";
import { emptySummary, type ReportError, type RunReport } from "../reconcile/report.js";

export type DaemonPhase = "starting" | "idle" | "running" | "backoff" | "stopping";

export interface LastError {
  code: string;
  message: string;
  at: string;
}

export interface FileStatus {
  path: string;
  /** null until the file was first read. */
  valid: boolean | null;
  /** Hash of the content last reconciled from (the last good file). */
  last_good_hash: string | null;
  /** Problems of the file as last read; the last good content stays in force meanwhile. */
  errors: ReportError[];
  checked_at: string | null;
}

export interface SidecarStatus {
  phase: DaemonPhase;
  started_at: string;
  ready: boolean;
  reconciles: number;
  consecutive_failures: number;
  last_attempt_at: string | null;
  last_success_at: string | null;
  next_resync: string | null;
  last_error: LastError | null;
  file: FileStatus;
}

export interface StatusStore {
  fileChecked(valid: boolean, diagnostics: Diagnostic[], goodHash?: string | null): void;
  runFinished(report: RunReport): void;
  runFailed(err: unknown): void;
  /** Marks the first reconcile as attempted, whatever its outcome: `/readyz` turns 200. */
  attempted(): void;
  readonly ready: boolean;
  readonly lastReport: RunReport | null;
  document(live: { phase: DaemonPhase; failures: number; nextResync: Date | null }): object;
}

export function diagnosticToError(d: Diagnostic): ReportError {
  return { file: d.file, line: d.line, column: d.column, message: redact(d.message), code: d.code };
}

function placeholderReport(file: string): Omit<RunReport, "exit_code" | "started_at"> & {
  exit_code: null;
  started_at: null;
} {
  return {
    ok: false,
    exit_code: null,
    mode: "apply",
    file,
    actions: [],
    summary: emptySummary(),
    errors: [],
    warnings: [],
    changes_pending: false,
    started_at: null,
    duration_ms: 0,
  };
}

export function createStatusStore(file: string, now: () => Date): StatusStore {
  const startedAt = now().toISOString();
  let ready = false;
  let reconciles = 0;
  let lastReport: RunReport | null = null;
  let lastError: LastError | null = null;
  let lastAttempt: string | null = null;
  let lastSuccess: string | null = null;
  const fileStatus: FileStatus = {
    path: file,
    valid: null,
    last_good_hash: null,
    errors: [],
    checked_at: null,
  };

  return {
    fileChecked(valid, diagnostics, goodHash) {
      fileStatus.valid = valid;
      fileStatus.errors = diagnostics.filter((d) => d.severity === "error").map(diagnosticToError);
      fileStatus.checked_at = now().toISOString();
      if (valid && goodHash !== undefined) fileStatus.last_good_hash = goodHash;
    },
    runFinished(report) {
      reconciles++;
      lastReport = report;
      lastAttempt = now().toISOString();
      if (report.ok) {
        lastSuccess = lastAttempt;
        lastError = null;
      }
    },
    runFailed(err) {
      reconciles++;
      lastAttempt = now().toISOString();
      const code = err instanceof BluejaySyncError ? err.code : "internal";
      const message = redact(err instanceof Error ? err.message : String(err));
      lastError = { code, message, at: lastAttempt };
    },
    attempted: () => void (ready = true),
    get ready() {
      return ready;
    },
    get lastReport() {
      return lastReport;
    },
    document(live) {
      const sidecar: SidecarStatus = {
        phase: live.phase,
        started_at: startedAt,
        ready,
        reconciles,
        consecutive_failures: live.failures,
        last_attempt_at: lastAttempt,
        last_success_at: lastSuccess,
        next_resync: live.nextResync?.toISOString() ?? null,
        last_error: lastError,
        file: { ...fileStatus, errors: [...fileStatus.errors] },
      };
      const base = lastReport ?? placeholderReport(file);
      // While the file is broken the sidecar is not doing what the file says: say so at the top,
      // with the file's errors, not only under `sidecar.file`.
      if (fileStatus.valid !== false) return { ...base, sidecar };
      return { ...base, ok: false, exit_code: 3, errors: [...fileStatus.errors, ...base.errors], sidecar };
    },
  };
}
