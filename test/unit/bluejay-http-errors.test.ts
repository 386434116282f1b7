import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  validationItems,
  type CallKind,
  type Failure,
} from "../../src/bluejay/http-errors.js";

const status = (s: number, body: unknown = undefined, retryAfter?: string): Failure => ({
  type: "status",
  status: s,
  body,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});
const net = (code: string, connected: boolean): Failure => ({
  type: "network",
  code,
  message: code,
  connected,
});

describe("classifyFailure", () => {
  const cases: [string, CallKind, Failure, string, boolean][] = [
    ["401", "list", status(401, { detail: "Invalid API key" }), "auth", false],
    ["403", "create", status(403, { detail: "No organization" }), "auth", false],
    ["400", "create", status(400, { detail: "time out of range" }), "bad-request", false],
    ["404 schedule on get", "get", status(404, { detail: "Schedule not found" }), "not-found", false],
    ["404 route on get", "get", status(404, { detail: "Not Found" }), "not-supported", false],
    ["404 html on get", "get", status(404, "<html>nope</html>"), "not-supported", false],
    ["404 on list", "list", status(404, { detail: "Not Found" }), "not-supported", false],
    ["405 on list", "list", status(405, { detail: "Method Not Allowed" }), "not-supported", false],
    ["404 on delete", "delete", status(404, { detail: "Schedule not found" }), "not-found", false],
    ["404 schedule on update", "update", status(404, { detail: "Schedule not found" }), "not-found", false],
    ["404 route on update", "update", status(404, { detail: "Not Found" }), "not-supported", false],
    ["404 route on delete", "delete", status(404, { detail: "Not Found" }), "not-supported", false],
    ["404 html on update", "update", status(404, "<html>nope</html>"), "not-supported", false],
    ["404 empty on delete", "delete", status(404), "not-supported", false],
    [
      "404 other detail on delete",
      "delete",
      status(404, { detail: "No such thing" }),
      "not-supported",
      false,
    ],
    ["404 on create", "create", status(404, { detail: "Simulation not found" }), "not-found", false],
    ["408 on create", "create", status(408), "unknown-outcome", true],
    ["408 on update", "update", status(408), "network", true],
    ["408 on list", "list", status(408), "network", true],
    ["429 on create", "create", status(429), "rate-limited", true],
    ["500 on update", "update", status(500), "server", true],
    ["503 on list", "list", status(503), "server", true],
    ["500 on create", "create", status(500), "unknown-outcome", true],
    ["409", "update", status(409), "bad-request", false],
    ["302", "list", status(302), "protocol", false],
    ["reset on create", "create", net("ECONNRESET", true), "unknown-outcome", true],
    ["timeout after connect on create", "create", net("ETIMEDOUT", true), "unknown-outcome", true],
    ["timeout before connect on create", "create", net("ETIMEDOUT", false), "network", true],
    ["refused on create", "create", net("ECONNREFUSED", false), "network", true],
    ["dns failure on create", "create", net("ENOTFOUND", true), "network", true],
    ["reset on delete", "delete", net("ECONNRESET", true), "network", true],
  ];
  it.each(cases)("%s", (_name, call, failure, kind, retryable) => {
    const { error } = classifyFailure(call, failure, 0);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.code).toBe(`remote-${kind}`);
  });

  it("puts the detail text of 400 and 404 in the message", () => {
    expect(classifyFailure("create", status(400, { detail: "bad cron" }), 0).error.message).toContain(
      "bad cron",
    );
    expect(
      classifyFailure("update", status(404, { detail: "Schedule not found" }), 0).error.message,
    ).toContain("Schedule not found");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(classifyFailure("list", status(429, {}, "3"), 0).retryAfterMs).toBe(3000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    const at = "Wed, 01 Jan 2025 00:00:07 GMT";
    expect(classifyFailure("list", status(429, {}, at), now).retryAfterMs).toBe(7000);
    expect(classifyFailure("list", status(429, {}, "soon"), 0).retryAfterMs).toBeUndefined();
    expect(classifyFailure("list", status(429), 0).retryAfterMs).toBeUndefined();
  });

  it("parses a FastAPI 422 into items and names them in the message", () => {
    const body = {
      detail: [
        {
          loc: ["body", "schedule", "DailySchedule", "time"],
          msg: "String should match pattern",
          type: "string_pattern_mismatch",
          input: "2am",
        },
        { loc: ["body", 0], msg: "JSON decode error", type: "json_invalid" },
      ],
    };
    const { error } = classifyFailure("create", status(422, body), 0);
    expect(error.kind).toBe("validation");
    expect(error.retryable).toBe(false);
    expect(error.items).toEqual([
      {
        loc: ["body", "schedule", "DailySchedule", "time"],
        msg: "String should match pattern",
        type: "string_pattern_mismatch",
      },
      { loc: ["body", 0], msg: "JSON decode error", type: "json_invalid" },
    ]);
    expect(error.message).toContain("body.schedule.DailySchedule.time: String should match pattern");
  });

  it("yields no items from a 422 that is not FastAPI-shaped", () => {
    expect(validationItems({ detail: "oops" })).toEqual([]);
    expect(validationItems("oops")).toEqual([]);
    expect(validationItems({ detail: [null, { loc: "x" }] })).toEqual([
      { loc: [], msg: "invalid", type: "unknown" },
    ]);
  });
});
