import { describe, expect, it } from "vitest";
import { resolveApiUrl } from "../../src/bluejay/target.js";
import { DEFAULT_API_URL } from "../../src/core/api-url.js";
import { UsageError } from "../../src/errors.js";

describe("resolveApiUrl", () => {
  it.each([
    ["the default", {}, undefined, DEFAULT_API_URL],
    ["the environment", { BLUEJAY_API_URL: "https://eu.example.com" }, undefined, "https://eu.example.com"],
    [
      "the flag over the environment",
      { BLUEJAY_API_URL: "https://eu.example.com" },
      "https://us.example.com",
      "https://us.example.com",
    ],
    ["http on localhost", {}, "http://localhost:8787", "http://localhost:8787"],
    ["http on 127.0.0.1", {}, "http://127.0.0.1:8787", "http://127.0.0.1:8787"],
    ["http on 127.5.0.1", {}, "http://127.5.0.1", "http://127.5.0.1"],
    ["http on ::1", {}, "http://[::1]:8787", "http://[::1]:8787"],
  ])("takes %s", (_n, env, flag, url) => {
    expect(resolveApiUrl({ flag, env })).toBe(url);
  });

  it.each([
    ["plain http to a remote host", "http://api.getbluejay.ai", "insecure-http"],
    ["plain http to a private address", "http://10.0.0.5:8787", "insecure-http"],
    ["a host that only starts like loopback", "http://localhost.example.com", "insecure-http"],
    ["another scheme", "ftp://api.getbluejay.ai", "api-url-invalid"],
    ["not a URL", "api.getbluejay.ai", "api-url-invalid"],
    ["credentials in the URL", "https://user:hunter2@api.getbluejay.ai", "api-url-invalid"],
    ["a key as the URL's username", "https://bj_hunter2@api.getbluejay.ai", "api-url-invalid"],
    ["a key as username and password", "https://bj_hunter2:x@api.getbluejay.ai", "api-url-invalid"],
    ["a key before a host without a scheme", "bj_hunter2@api.getbluejay.ai", "api-url-invalid"],
    ["a key in a URL missing its colon", "https//bj_hunter2@api.getbluejay.ai", "api-url-invalid"],
  ])("refuses %s", (_n, flag, code) => {
    let err: unknown;
    try {
      resolveApiUrl({ flag, env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe(code);
    expect((err as UsageError).message).not.toContain("hunter2");
  });

  it("masks a URL's username and password as ***, keeping the host", () => {
    expect(() => resolveApiUrl({ flag: "https://bj_hunter2:pw@api.getbluejay.ai", env: {} })).toThrow(
      /: https:\/\/\*\*\*@api\.getbluejay\.ai\/$/,
    );
  });

  it("permits plain http to a remote host with allowInsecureHttp", () => {
    expect(resolveApiUrl({ flag: "http://10.0.0.5:8787", env: {}, allowInsecureHttp: true })).toBe(
      "http://10.0.0.5:8787",
    );
  });
});
