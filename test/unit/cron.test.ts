import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cronEquivalent, normalizeCron, parseCron } from "../../src/core/cron.js";

describe("parseCron", () => {
  it.each([
    ["* * * * *", { minute: 60, hour: 24, dayOfMonth: 31, month: 12, dayOfWeek: 7 }],
    ["*/15 * * * *", { minute: 4 }],
    ["0 2 * * *", { minute: 1, hour: 1 }],
    ["0-10/5 * * * *", { minute: 3 }],
    ["5/20 * * * *", { minute: 3 }],
    ["0 0 1,15 jan-mar mon-fri", { dayOfMonth: 2, month: 3, dayOfWeek: 5 }],
    ["0 0 * * 0,7", { dayOfWeek: 1 }],
    ["0 0 * * 5-7", { dayOfWeek: 3 }],
  ])("parses %s", (expr, sizes) => {
    const parsed = parseCron(expr);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    for (const [field, size] of Object.entries(sizes)) {
      expect((parsed.fields as unknown as Record<string, number[]>)[field]).toHaveLength(size);
    }
  });

  it("folds 7 to Sunday and sorts values", () => {
    const parsed = parseCron("30,10,20 * * * 7,1");
    expect(parsed).toEqual({
      ok: true,
      fields: expect.objectContaining({ minute: [10, 20, 30], dayOfWeek: [0, 1] }),
    });
  });

  it.each([
    ["* * * * *", true, true],
    ["0 0 */1 * *", true, true],
    ["0 0 1-31 * 0-7", true, true],
    ["0 0 1 * *", false, true],
    ["0 0 * * 1", true, false],
    ["0 0 1 * 1", false, false],
  ])("%s has domStar=%s dowStar=%s", (expr, domStar, dowStar) => {
    const parsed = parseCron(expr);
    expect(parsed.ok && parsed.fields.domStar).toBe(domStar);
    expect(parsed.ok && parsed.fields.dowStar).toBe(dowStar);
  });

  it.each([
    ["60 * * * *", "minute"],
    ["* 24 * * *", "hour"],
    ["* * 0 * *", "day of month"],
    ["* * 32 * *", "day of month"],
    ["* * * 13 *", "month"],
    ["* * * 0 *", "month"],
    ["* * * * 8", "day of week"],
    ["1,,2 * * * *", "empty"],
    ["*/0 * * * *", "step of 0"],
    ["10-5 * * * *", "reversed"],
    ["0 0 0 * * *", "5 fields"],
    ["0 0 * *", "5 fields"],
    ["", "5 fields"],
    ["hello world foo bar baz", "not a number"],
    ["* * * foo *", "month"],
    ["* * * * funday", "day of week"],
    ["1/2/3 * * * *", "minute"],
    ["1-2-3 * * * *", "minute"],
    ["-1 * * * *", "minute"],
    ["*/x * * * *", "step"],
    ["*/61 * * * *", "step"],
    ["? * * * *", "minute"],
    ["@daily", "5 fields"],
  ])("rejects %j (%s)", (expr, fragment) => {
    const parsed = parseCron(expr);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(fragment);
  });
});

describe("cronEquivalent", () => {
  it.each([
    ["0 2 * * *", "00 02 * * *", "0 vs 00"],
    ["* * * * *", "*/1 * * * *", "*/1 vs *"],
    ["0 0 * * 0", "0 0 * * 7", "7 vs 0"],
    ["0 0 * * sun", "0 0 * * 0", "day names vs numbers"],
    ["0 0 * * MON-FRI", "0 0 * * 1-5", "day names, upper case"],
    ["0 0 1 jan *", "0 0 1 1 *", "month names"],
    ["0 0 1 Dec *", "0 0 1 12 *", "month names, mixed case"],
    ["5,1,3 * * * *", "1,3,5 * * * *", "lists in different orders"],
    ["1-5 * * * *", "1,2,3,4,5 * * * *", "range vs list"],
    ["*/15 * * * *", "0,15,30,45 * * * *", "step vs list"],
    ["0-59/15 * * * *", "*/15 * * * *", "ranged step vs step"],
    ["0 0 1-31 * *", "0 0 * * *", "full day of month vs star"],
    ["0 0 * * 0-6", "0 0 * * *", "full day of week vs star"],
    ["  0   2 * *  * ", "0 2 * * *", "whitespace"],
    ["0 */12 * * *", "0 0,12 * * *", "hour step"],
  ])("%s ~ %s (%s)", (a, b) => {
    expect(cronEquivalent(a, b)).toBe(true);
    expect(cronEquivalent(b, a)).toBe(true);
  });

  it.each([
    ["0 2 * * *", "0 3 * * *"],
    ["*/15 * * * *", "*/20 * * * *"],
    ["0 0 1 * *", "0 0 1 * 1"],
    ["0 0 * * 1", "0 0 * * 2"],
    ["0 0 1 * *", "0 0 2 * *"],
    ["not a cron", "not  a cron x"],
    ["not a cron", "0 0 * * *"],
  ])("%s !~ %s", (a, b) => {
    expect(cronEquivalent(a, b)).toBe(false);
  });

  it("compares unparsable expressions as text after collapsing whitespace", () => {
    expect(cronEquivalent("  not   a cron ", "not a cron")).toBe(true);
  });
});

describe("normalizeCron", () => {
  it.each([
    ["00 02 * * *", "0 2 * * *"],
    ["*/1 */1 */1 */1 */1", "* * * * *"],
    ["0-59/15 * * * *", "*/15 * * * *"],
    ["1,2,3,5 * * * *", "1-3,5 * * * *"],
    ["0 9 * * mon-fri", "0 9 * * 1-5"],
    ["0 0 * * 7", "0 0 * * 0"],
    ["0 0 * * 6,7", "0 0 * * 0,6"],
    ["5/20 * * * *", "5,25,45 * * * *"],
    ["0 0 * * */2", "0 0 * * */2"],
    ["nope", null],
  ])("%s -> %s", (expr, want) => {
    expect(normalizeCron(expr)).toBe(want);
  });

  const field = (min: number, max: number) =>
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 8 });

  it("is idempotent and stable under reordering and zero padding", () => {
    fc.assert(
      fc.property(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 7), (mi, h, d, mo, w) => {
        const expr = [mi, h, d, mo, w].map((xs) => xs.join(",")).join(" ");
        const shuffled = [mi, h, d, mo, w]
          .map((xs) =>
            [...xs]
              .reverse()
              .map((x) => String(x).padStart(2, "0"))
              .join(","),
          )
          .join(" ");
        const canonical = normalizeCron(expr);
        expect(canonical).not.toBeNull();
        expect(normalizeCron(canonical ?? "")).toBe(canonical);
        expect(normalizeCron(shuffled)).toBe(canonical);
      }),
    );
  });
});
