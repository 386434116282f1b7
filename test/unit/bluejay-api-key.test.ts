import { describe, expect, it } from "vitest";
import { resolveApiKey } from "../../src/bluejay/api-key.js";
import { redact, UsageError } from "../../src/errors.js";

const files: Record<string, string> = {
  "/keys/ok": "  bj_fromfile_0123456789abcdef\n",
  "/keys/empty": " \n",
};
const read = (p: string): string => {
  const text = files[p];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
  return text;
};

describe("resolveApiKey", () => {
  it.each([
    ["from the environment", { BLUEJAY_API_KEY: "bj_env_0123456789abcdef" }, "bj_env_0123456789abcdef"],
    ["from a file, trimmed", { BLUEJAY_API_KEY_FILE: "/keys/ok" }, "bj_fromfile_0123456789abcdef"],
    [
      "an empty variable counts as unset",
      { BLUEJAY_API_KEY: "", BLUEJAY_API_KEY_FILE: "/keys/ok" },
      "bj_fromfile_0123456789abcdef",
    ],
  ])("%s", (_n, env, key) => {
    expect(resolveApiKey(env, read)).toBe(key);
    expect(redact(`key=${key}`)).toBe("key=[REDACTED]");
  });

  it.each([
    [
      "both set",
      { BLUEJAY_API_KEY: "bj_a_0123456789", BLUEJAY_API_KEY_FILE: "/keys/ok" },
      "api-key-conflict",
      /only one/,
    ],
    ["none set", {}, "api-key-missing", /BLUEJAY_API_KEY_FILE/],
    ["missing file", { BLUEJAY_API_KEY_FILE: "/keys/nope" }, "api-key-file", /ENOENT/],
    ["empty file", { BLUEJAY_API_KEY_FILE: "/keys/empty" }, "api-key-file", /empty/],
  ])("%s is a usage error", (_n, env, code, message) => {
    let err: unknown;
    try {
      resolveApiKey(env, read);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe(code);
    expect((err as UsageError).message).toMatch(message);
  });
});
