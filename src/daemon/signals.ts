/**
 * SIGTERM and SIGINT: the first asks the daemon to stop gracefully (exit code 0 once it has);
 * a second one exits at once with 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
 */
import type { Logger } from "../reconcile/deps.js";

export type ShutdownSignal = "SIGTERM" | "SIGINT";

const SIGNAL_EXIT: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** The part of `process` this needs; tests pass their own. */
export interface SignalSource {
  on(event: ShutdownSignal, fn: () => void): unknown;
  off(event: ShutdownSignal, fn: () => void): unknown;
  exit(code: number): void;
}

export interface Stoppable {
  stop(reason: string): Promise<void>;
}

/** Installs the handlers; returns a function that removes them. */
export function handleShutdownSignals(proc: SignalSource, daemon: Stoppable, logger: Logger): () => void {
  let received: ShutdownSignal | null = null;
  const handlers = new Map<ShutdownSignal, () => void>();
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    const fn = (): void => {
      if (received) {
        logger.warn({ signal: sig, first: received }, "second signal: exiting at once");
        proc.exit(SIGNAL_EXIT[sig]);
        return;
      }
      received = sig;
      logger.info({ signal: sig }, "signal received: shutting down gracefully (send again to exit at once)");
      void daemon.stop(sig);
    };
    handlers.set(sig, fn);
    proc.on(sig, fn);
  }
  return () => {
    for (const [sig, fn] of handlers) proc.off(sig, fn);
  };
}
