/**
 * A progress line on a terminal for long applies: `[120/1000] create nightly-42 ✓`.
 */
import type { ActionEvent } from "../../reconcile/deps.js";
import type { CliIo } from "../io.js";

export interface Progress {
  tick(e: ActionEvent): void;
  done(): void;
}

const MIN_INTERVAL_MS = 100;

export function createProgress(io: CliIo, enabled: boolean): Progress {
  const tty = enabled && io.isTTY && (io.stderr as NodeJS.WriteStream).isTTY === true;
  let n = 0;
  let last = 0;
  let drawn = false;
  return {
    tick(e) {
      n += 1;
      if (!tty) return;
      const now = performance.now();
      if (now - last < MIN_INTERVAL_MS) return;
      last = now;
      drawn = true;
      io.stderr.write(`\r\u001b[2K[${n} done] ${e.action} ${e.name} ${e.result === "ok" ? "✓" : "✗"}`);
    },
    done() {
      if (drawn) io.stderr.write("\r\u001b[2K");
    },
  };
}
