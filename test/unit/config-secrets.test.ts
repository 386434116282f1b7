import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { findSecretsInDocument, isSecretKeyName, looksLikeApiKey } from "../../src/config/secrets.js";

describe("secret-looking keys and values", () => {
  it.each([
    ["api_key", true],
    ["apiKey", true],
    ["API-KEY", true],
    ["x-api-key", true],
    ["bluejay_api_key", true],
    ["token", true],
    ["access_token", true],
    ["simulation_id", false],
    ["description", false],
    ["tokens_used", false],
    ["key", false],
  ])("key %s → %s", (key, expected) => {
    expect(isSecretKeyName(key)).toBe(expected);
  });

  it.each([
    ["bj_0123456789abcdef", true],
    ["bj_AbCd-EfGh_IjKlMnOp", true],
    ["  bj_0123456789abcdefXYZ  ", true],
    ["bj_0123456789abcde", false],
    ["bj_short", false],
    ["xbj_0123456789abcdef", false],
    ["30595", false],
  ])("value %s → %s", (value, expected) => {
    expect(looksLikeApiKey(value)).toBe(expected);
  });

  it("finds both anywhere, by path, without quoting the value", () => {
    const text = "a:\n  deep:\n    - token: x\nb: bj_0123456789abcdefXYZ\n";
    const found = findSecretsInDocument(parseDocument(text));
    expect(found.map((f) => [f.issue.path.join("/"), f.issue.anchor, f.offset])).toEqual([
      ["a/deep/0/token", "key", text.indexOf("token")],
      ["b", "value", text.indexOf("bj_")],
    ]);
    const issues = found.map((f) => f.issue);
    expect(JSON.stringify(issues)).not.toContain("0123456789abcdef");
  });
});
