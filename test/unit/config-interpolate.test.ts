import { describe, expect, it } from "vitest";
import { interpolateString, interpolateTree } from "../../src/config/interpolate.js";

describe("interpolateString", () => {
  const env = { A: "alpha", EMPTY: "", N: "30595" };
  it.each([
    ["plain", "plain"],
    ["${A}", "alpha"],
    ["x-${A}-${N}", "x-alpha-30595"],
    ["${MISSING:-fallback}", "fallback"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${A:-fallback}", "alpha"],
    ["${MISSING:-}", ""],
    ["${EMPTY}", ""],
    ["${MISSING:-a:-b}", "a:-b"],
    ["$${A}", "${A}"],
    // Read left to right: a lone "$", then the escape "$${".
    ["$$${A}", "$${A}"],
    ["$A and $ alone", "$A and $ alone"],
    ["cost: 5$", "cost: 5$"],
  ])("%s → %s", (text, expected) => {
    expect(interpolateString(text, env)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["${MISSING}", "unset-variable", "MISSING"],
    ["${A}${MISSING}", "unset-variable", "MISSING"],
    ["${", "invalid-variable", "unterminated"],
    ["${A", "invalid-variable", "unterminated"],
    ["${}", "invalid-variable", "not a variable"],
    ["${1A}", "invalid-variable", "not a variable"],
    ["${A-default}", "invalid-variable", "not a variable"],
  ])("%s → %s", (text, code, words) => {
    const r = interpolateString(text, env);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message).toContain(words);
    }
  });
});

describe("interpolateTree", () => {
  it("expands string values only, never keys, and names the path of a failure", () => {
    const value = { "${A}": "${A}", n: 5, list: ["${A}", "${NOPE}"], b: true };
    const { value: out, issues } = interpolateTree(value, { A: "x" });
    expect(out).toEqual({ "${A}": "x", n: 5, list: ["x", "${NOPE}"], b: true });
    expect(issues.map((i) => [i.code, i.path])).toEqual([["unset-variable", ["list", "1"]]]);
  });

  it("keeps a key named __proto__ a plain key", () => {
    const value = JSON.parse('{"__proto__": {"polluted": "${A}"}}') as unknown;
    const { value: out } = interpolateTree(value, { A: "x" });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
