/**
 * The crash suite, shorter than `npm run chaos`: the built CLI applies a file of 120 entries against
 * the emulator with latency, is killed with SIGKILL at seeded random moments six times (with entries
 * edited and schedules deleted elsewhere between runs), then runs once more without a kill. After
 * that there must be exactly one remote schedule per entry, every entry bound, nothing pending.
 * Needs `npm run build` first (the tool runs as a real process).
 */
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/server.js";
import { parseLock } from "../../src/lockfile/format.js";
import { runCrashLoop } from "../../scripts/lib/crash-loop.mjs";
import { CLI } from "../support/cli.js";

describe("crash suite (SIGKILL at random moments, then converge)", () => {
  it("120 entries, 6 kills: one remote schedule per entry, all bound, zero duplicates", async () => {
    const seed = Number(process.env.CHAOS_SEED ?? 20260);
    const result = await runCrashLoop({
      entries: 120,
      kills: 6,
      latencyMs: 20,
      seed,
      cli: CLI,
      startEmulator,
      parseLock,
    });
    expect(result.violations, `seed ${seed}`).toEqual([]);
    expect(result.kills).toBeGreaterThanOrEqual(6);
    // The kills must have hit runs that were sending changes, or nothing was proved.
    expect(result.killsMidApply).toBeGreaterThan(0);
    expect(result.duplicates).toBe(0);
    expect(result.remote).toBe(120);
  }, 120_000);
});
