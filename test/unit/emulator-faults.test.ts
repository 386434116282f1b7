import { describe, expect, it } from "vitest";
import { pickServerError, semanticProblem } from "../../src/emulator/assumed.js";
import { parseCron } from "../../src/core/cron.js";
import { RateLimiter } from "../../src/emulator/rate-limit.js";
import { RequestLog } from "../../src/emulator/request-log.js";

describe("rate limiter", () => {
  it("allows a burst of `rate`, then refuses with whole seconds to wait, then refills", () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect([limiter.take(), limiter.take()]).toEqual([{ ok: true }, { ok: true }]);
    expect(limiter.take()).toEqual({ ok: false, retryAfterSeconds: 1 });
    now = 500;
    expect(limiter.take()).toEqual({ ok: true });
    expect(limiter.take()).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it.each([
    [0.25, 4],
    [0.1, 10],
  ])("below one per second (%s) asks for %i seconds", (rate, seconds) => {
    const limiter = new RateLimiter(rate, () => 0);
    expect(limiter.take()).toEqual({ ok: true });
    expect(limiter.take()).toEqual({ ok: false, retryAfterSeconds: seconds });
  });
});

describe("injected server errors", () => {
  it.each([
    [0, 0.3, 500],
    [0.09, 0.3, 500],
    [0.1, 0.3, 502],
    [0.2, 0.3, 503],
    [0.999, 1, 503],
  ])("draw %s under rate %s is %i", (draw, rate, status) => {
    expect(pickServerError(draw, rate)).toBe(status);
  });
});

describe("values the schema lets through", () => {
  it.each([
    [{ frequency: "daily", time: "23:59" }, "59 23 * * *", null],
    [{ frequency: "daily", time: "24:00" }, "0 24 * * *", "Invalid time '24:00'"],
    [{ frequency: "daily", time: "12:60" }, "60 12 * * *", "Invalid time '12:60'"],
    [{ frequency: "cron", expression: "* * * *" }, "* * * *", "Invalid cron expression '* * * *'"],
    [{ frequency: "cron", expression: "0 0 * * 7" }, "0 0 * * 7", null],
  ])("%j → %s", (variant, cron, problem) => {
    const found = semanticProblem(variant, cron, parseCron);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe("request log", () => {
  it("keeps the newest entries and scrubs the key from paths and bodies", () => {
    const log = new RequestLog(["bj_secret_value_123"], 3);
    for (let i = 0; i < 10; i++)
      log.add({
        method: "POST",
        path: `/v1/x?i=${i}&k=bj_secret_value_123`,
        status: 200,
        dropped: false,
        at: "t",
        body: { kind: "json", value: { note: "bj_secret_value_123", i } },
      });
    const entries = log.list();
    expect(entries.map((e) => e.path)).toEqual([7, 8, 9].map((i) => `/v1/x?i=${i}&k=[REDACTED]`));
    expect(entries[0]?.body).toEqual({ note: "[REDACTED]", i: 7 });
  });
});
