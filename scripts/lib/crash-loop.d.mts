/** Types of crash-loop.mjs, for the test that runs the shorter crash suite. */
export interface CrashLoopOptions {
  entries: number;
  kills: number;
  latencyMs: number;
  seed: number;
  concurrency?: number;
  /** The path of the built CLI (dist/cli/main.js). */
  cli: string;
  startEmulator(opts: { apiKey: string; port: number; simulations: number[]; latencyMs: number }): Promise<{
    url: string;
    close(): Promise<void>;
    schedules(): { id: string; simulation_id: string; cron_expression: string; enabled: boolean }[];
    requests(): { method: string }[];
    remove(id: string): void;
    mutate(id: string, patch: { enabled?: boolean }): void;
  }>;
  parseLock(text: string, file: string): unknown;
  log?(line: string): void;
}

export interface CrashLoopResult {
  entries: number;
  kills: number;
  /** Kills that landed after the run had sent at least one change. */
  killsMidApply: number;
  runs: number;
  completed: number;
  edits: number;
  removals: number;
  drifts: number;
  requests: number;
  creates: number;
  remote: number;
  duplicates: number;
  convergeMs: number;
  violations: string[];
}

export function runCrashLoop(o: CrashLoopOptions): Promise<CrashLoopResult>;
