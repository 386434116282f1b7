/**
 * Turns a failed call into the text a user reads next to the entry.
 */
import { BluejaySyncError, RemoteError, redact } from "../errors.js";

export function describeFailure(err: unknown): { message: string; code: string } {
  // The client's messages already name the call, the status and the server's detail.
  if (err instanceof BluejaySyncError) return { message: err.message, code: err.code };
  const message = err instanceof Error ? err.message : String(err);
  return { message: redact(message), code: "internal" };
}

/** Errors that stop the whole run at once, whatever entry they came from. */
export function stopsRun(err: unknown): boolean {
  return err instanceof RemoteError && (err.kind === "auth" || err.kind === "aborted");
}

export function isUnknownOutcome(err: unknown): boolean {
  return err instanceof RemoteError && err.kind === "unknown-outcome";
}

export function isNotFound(err: unknown): boolean {
  return err instanceof RemoteError && err.kind === "not-found";
}
