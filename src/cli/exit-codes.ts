/**
 * The one table of exit codes, and the one place errors become them.
 */
import {
  BluejaySyncError,
  ConfigError,
  GuardError,
  RemoteError,
  UsageError,
  type ExitCode,
} from "../errors.js";

export const EXIT_CODES_HELP = `Exit codes:
  0  success: in sync, or everything applied
  1  failure: an action failed, the network or server gave out, lock timeout, internal error
  2  plan --detailed-exitcode only: changes are pending
  3  invalid file or usage
  4  blocked by a safety guard (delete budget, empty file with pruning, other target)
  5  the API key was rejected (401/403)`;

export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof ConfigError || err instanceof UsageError) return 3;
  if (err instanceof GuardError) return 4;
  if (err instanceof RemoteError && err.kind === "auth") return 5;
  if (err instanceof BluejaySyncError && err.code === "target-changed") return 4;
  // A lockfile that does not parse is an invalid file, like a schedules file that does not.
  if (err instanceof BluejaySyncError && err.code === "lockfile-corrupt") return 3;
  return 1;
}
