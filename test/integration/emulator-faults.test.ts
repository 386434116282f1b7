import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { call, create, daily, start } from "./emulator-helpers.js";

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** A `random` that hands out the given draws in order and counts them. */
function draws(...values: number[]): { random: () => number; used: () => number } {
  let i = 0;
  return {
    random: () => {
      const v = values[i++];
      if (v === undefined) throw new Error("more random draws than the test expected");
      return v;
    },
    used: () => i,
  };
}

const createBody = { simulation_id: "30595", schedule: daily("03:00") };

describe("error rate", () => {
  it.each([
    [0.1, 500, "text/plain"],
    [0.2, 502, "text/html"],
    [0.4, 503, "text/html"],
  ])("a draw of %s under rate 0.5 answers %i without changing state", async (draw, status, type) => {
    const d = draws(draw);
    emu = await start({ errorRate: 0.5, random: d.random });
    const r = await call(emu, "POST", "/v1/create-schedule", createBody);
    expect(r.status).toBe(status);
    expect(r.headers.get("content-type")).toContain(type);
    expect(emu.schedules()).toEqual([]);
    expect(emu.requests()).toMatchObject([{ status, dropped: false }]);
  });

  it("lets a draw at or above the rate through", async () => {
    const d = draws(0.5);
    emu = await start({ errorRate: 0.5, random: d.random });
    expect((await call(emu, "POST", "/v1/create-schedule", createBody)).status).toBe(200);
    expect(emu.schedules()).toHaveLength(1);
  });
});

describe("drop rate", () => {
  it("commits a create, then drops the connection without an answer", async () => {
    const d = draws(0.1);
    emu = await start({ dropRate: 0.5, random: d.random });
    await expect(call(emu, "POST", "/v1/create-schedule", createBody)).rejects.toThrow();
    expect(emu.schedules()).toHaveLength(1);
    expect(emu.requests()).toMatchObject([{ method: "POST", status: 200, dropped: true }]);
  });

  it.each([
    ["PUT", { enabled: false }, (e: RunningEmulator) => expect(e.schedules()[0]?.enabled).toBe(false)],
    ["DELETE", undefined, (e: RunningEmulator) => expect(e.schedules()).toEqual([])],
  ])("commits a %s before dropping", async (method, body, check) => {
    emu = await start({ random: draws(0).random });
    const made = await create(emu);
    emu.setFaults({ dropRate: 1 });
    const path = method === "PUT" ? `/v1/update-schedule/${made.id}` : `/v1/delete-schedule/${made.id}`;
    await expect(call(emu, method, path, body)).rejects.toThrow();
    check(emu);
  });

  it("never drops reads, and draws no random number for them", async () => {
    const d = draws();
    emu = await start({ dropRate: 1, random: d.random });
    expect((await call(emu, "GET", "/v1/schedules")).status).toBe(200);
    expect(d.used()).toBe(0);
  });

  it("answers when the draw is at or above the rate", async () => {
    emu = await start({ dropRate: 0.5, random: draws(0.5).random });
    expect((await call(emu, "POST", "/v1/create-schedule", createBody)).status).toBe(200);
  });
});

describe("rate limit", () => {
  it("answers 429 with a whole-second Retry-After beyond the rate, before the error rate", async () => {
    const d = draws(0.9);
    // One request per 5 s: the second request comes well within that.
    emu = await start({ rateLimit: 0.2, errorRate: 0.5, random: d.random });
    expect((await call(emu, "GET", "/v1/schedules")).status).toBe(200);
    const r = await call(emu, "POST", "/v1/create-schedule", createBody);
    expect(r.status).toBe(429);
    expect(r.json).toEqual({ detail: "Too Many Requests" });
    const retryAfter = r.headers.get("retry-after") ?? "";
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(5);
    expect(d.used()).toBe(1);
    expect(emu.schedules()).toEqual([]);
  });

  it("is lifted by setFaults", async () => {
    emu = await start({ rateLimit: 0.2 });
    await call(emu, "GET", "/v1/schedules");
    expect((await call(emu, "GET", "/v1/schedules")).status).toBe(429);
    emu.setFaults({ rateLimit: undefined });
    expect((await call(emu, "GET", "/v1/schedules")).status).toBe(200);
  });

  it("does not count the admin endpoints", async () => {
    emu = await start({ rateLimit: 0.2 });
    await call(emu, "GET", "/__emulator/state");
    await call(emu, "GET", "/__emulator/requests");
    expect((await call(emu, "GET", "/v1/schedules")).status).toBe(200);
  });
});

describe("no list endpoints", () => {
  it("answers 404 Not Found on list and get, and still creates", async () => {
    emu = await start({ noList: true });
    const made = await create(emu);
    for (const path of ["/v1/schedules", `/v1/schedule/${made.id}`]) {
      const r = await call(emu, "GET", path);
      expect([r.status, r.json]).toEqual([404, { detail: "Not Found" }]);
    }
    emu.setFaults({ noList: false });
    expect((await call(emu, "GET", "/v1/schedules")).status).toBe(200);
  });
});

describe("latency", () => {
  it("holds each answer back by at least the latency", async () => {
    emu = await start({ latencyMs: 60 });
    const t0 = performance.now();
    await call(emu, "GET", "/v1/ping");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });
});
