import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { specHash } from "../../src/core/spec-hash.js";
import type { ScheduleVariant } from "../../src/core/types.js";

const daily: ScheduleVariant = { frequency: "daily", time: "02:00" };

describe("specHash", () => {
  it("is sha256 of the sorted-key JSON of simulation_id, schedule and enabled", () => {
    const canonical =
      '{"enabled":true,"schedule":{"frequency":"daily","time":"02:00"},"simulation_id":"30595"}';
    const want = `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
    expect(specHash({ simulation_id: "30595", schedule: daily, enabled: true })).toBe(want);
  });

  it("does not depend on key order", () => {
    const a = specHash({
      simulation_id: "1",
      schedule: { frequency: "weekly", day_of_week: "monday", time: "01:00" },
      enabled: true,
    });
    const b = specHash({
      enabled: true,
      schedule: { time: "01:00", day_of_week: "monday", frequency: "weekly" },
      simulation_id: "1",
    } as never);
    expect(a).toBe(b);
  });

  it("ignores fields other than the three", () => {
    const entry = { name: "x", description: "d", simulation_id: "1", schedule: daily, enabled: true };
    expect(specHash(entry)).toBe(specHash({ simulation_id: "1", schedule: daily, enabled: true }));
  });

  it.each([
    ["simulation_id", { simulation_id: "2", schedule: daily, enabled: true }],
    ["schedule", { simulation_id: "1", schedule: { frequency: "daily", time: "03:00" }, enabled: true }],
    ["enabled", { simulation_id: "1", schedule: daily, enabled: false }],
    [
      "variant",
      { simulation_id: "1", schedule: { frequency: "cron", expression: "0 2 * * *" }, enabled: true },
    ],
  ] as const)("changes when %s changes", (_field, other) => {
    const base = specHash({ simulation_id: "1", schedule: daily, enabled: true });
    expect(specHash(other as never)).not.toBe(base);
    expect(specHash(other as never)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
