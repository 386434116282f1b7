import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCronKeys } from "../../src/core/cron-keys.js";
import { cronEquivalent } from "../../src/core/cron.js";

const POOL = [
  "0 2 * * *",
  "00 02 * * *",
  "0 3 * * *",
  "*/1 * * * *",
  "* * * * *",
  "0 0 * * 7",
  "0 0 * * sun",
  "bad",
  " bad ",
  "b ad",
  "0 0 0 0 0 0",
];

describe("createCronKeys", () => {
  it("agrees with cronEquivalent on every pair", () => {
    fc.assert(
      fc.property(fc.constantFrom(...POOL), fc.constantFrom(...POOL), (a, b) => {
        const keys = createCronKeys();
        expect(keys.equivalent(a, b)).toBe(cronEquivalent(a, b));
        expect(keys.key(a) === keys.key(b)).toBe(cronEquivalent(a, b));
      }),
    );
  });

  it.each([
    ["00 02 * * *", "0 2 * * *"],
    ["  bad   cron ", "raw:bad cron"],
  ])("keys %j as %j", (expr, want) => {
    expect(createCronKeys().key(expr)).toBe(want);
  });
});
