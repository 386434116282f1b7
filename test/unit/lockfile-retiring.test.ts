/**
 * The `retiring` records of the lockfile: written sorted, omitted when empty, read back, checked.
 */
import { describe, expect, it } from "vitest";
import type { LockState } from "../../src/core/types.js";
import { LockfileError } from "../../src/errors.js";
import { parseLock, serializeLock } from "../../src/lockfile/format.js";

const base: LockState = { version: 1, api_url: "https://api.getbluejay.ai", schedules: {} };

describe("retiring", () => {
  it("round-trips, sorted by id, between pending and schedules", () => {
    const state: LockState = {
      ...base,
      retiring: {
        "b-2": { name: "nightly", simulation_id: "30595" },
        "a-1": { name: "smoke", simulation_id: "1" },
      },
    };
    const text = serializeLock(state);
    expect(text.indexOf('"a-1"')).toBeLessThan(text.indexOf('"b-2"'));
    expect(text.indexOf('"retiring"')).toBeLessThan(text.indexOf('"schedules"'));
    expect(parseLock(text, "f")).toEqual(state);
  });

  it("is omitted when empty", () => {
    expect(serializeLock({ ...base, retiring: {} })).toBe(serializeLock(base));
  });

  it.each([
    ['{"x": {"name": "n"}}', /simulation_id/],
    ['{"x": {"name": "bad name!", "simulation_id": "1"}}', /name/],
    ['{"": {"name": "n", "simulation_id": "1"}}', /empty/],
    ["[]", /not an object/],
  ])("refuses %s", (retiring, message) => {
    const text = `{"api_url": "u", "retiring": ${retiring}, "schedules": {}, "version": 1}`;
    expect(() => parseLock(text, "f")).toThrow(LockfileError);
    expect(() => parseLock(text, "f")).toThrow(message);
  });
});
