import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../../src/bluejay/client.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { VERSION } from "../../src/version.js";
import {
  expectConformingRequests,
  fastClient,
  json,
  KEY,
  record,
  remoteError,
  startTinyServer,
  type TinyServer,
} from "./client-support.js";

describe("client against the emulator", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({
      apiKey: KEY,
      simulations: [30595, 30596],
      forbiddenKeys: ["bj_forbidden_0123456789"],
    });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.reset();
    emu.setFaults({ errorRate: 0, dropRate: 0, noList: false, rateLimit: 0 });
  });

  it("creates, reads, lists, updates and deletes a schedule", async () => {
    const api = fastClient(emu.url);
    await api.ping();
    const created = await api.createSchedule({
      simulation_id: "30595",
      schedule: { frequency: "daily", time: "02:00" },
    });
    expect(created).toMatchObject({ simulation_id: "30595", cron_expression: "0 2 * * *", enabled: true });
    expect(await api.getSchedule(created.id)).toMatchObject({ id: created.id, cron_expression: "0 2 * * *" });
    const updated = await api.updateSchedule(created.id, {
      schedule: { frequency: "every_n_hours", interval: 6 },
      enabled: false,
    });
    expect(updated).toMatchObject({ id: created.id, cron_expression: "0 */6 * * *", enabled: false });
    expect(updated.created_at).toEqual(expect.any(String));
    const partial = await api.updateSchedule(created.id, { enabled: true });
    expect(partial).toMatchObject({ cron_expression: "0 */6 * * *", enabled: true });
    expect(await api.listSchedules()).toEqual([expect.objectContaining({ id: created.id })]);
    await api.deleteSchedule(created.id);
    expect(await api.getSchedule(created.id)).toBeNull();
    expect(await api.listSchedules()).toEqual([]);
    expect(api.stats()).toEqual({ requests: 9, retries: 0 });
    expectConformingRequests(emu.requests());
  });

  it("sends every variant in a body that Bluejay's document accepts", async () => {
    const api = fastClient(emu.url);
    const schedules = [
      { frequency: "every_n_minutes", interval: 15 },
      { frequency: "every_n_hours", interval: 2 },
      { frequency: "daily", time: "23:59" },
      { frequency: "weekly", day_of_week: "sunday", time: "06:30" },
      { frequency: "monthly", day_of_month: 31, time: "00:00" },
      { frequency: "cron", expression: "5 4 * * 1-5" },
    ] as const;
    for (const schedule of schedules) {
      const s = await api.createSchedule({ simulation_id: "30596", schedule, enabled: false });
      await api.updateSchedule(s.id, { schedule });
    }
    expect(emu.schedules()).toHaveLength(6);
    expect(emu.requests()).toHaveLength(12);
    expectConformingRequests(emu.requests());
  });

  it("reports get and list as not supported when the server has no such endpoint", async () => {
    emu.setFaults({ noList: true });
    const api = fastClient(emu.url);
    expect(await api.listSchedules()).toBe("not-supported");
    expect(await api.getSchedule("anything")).toBe("not-supported");
    expect(emu.requests()).toHaveLength(2);
  });

  it.each([
    ["a wrong key", "bj_wrong_key_0123456789", 401],
    ["a key without organization", "bj_forbidden_0123456789", 403],
  ])("stops on %s with an auth error, without retrying", async (_n, apiKey, status) => {
    const api = createClient({ apiUrl: emu.url, apiKey, backoff: { baseMs: 1, maxMs: 1 } });
    const err = await remoteError(api.listSchedules());
    expect(err).toMatchObject({ kind: "auth", status, retryable: false, code: "remote-auth" });
    expect(emu.requests()).toHaveLength(1);
  });

  it("does not retry a 422 and parses its items", async () => {
    const api = fastClient(emu.url);
    const bad = { simulation_id: "30595", schedule: { frequency: "daily", time: "2am" } } as never;
    const err = await remoteError(api.createSchedule(bad));
    expect(err.kind).toBe("validation");
    expect(err.items.length).toBeGreaterThan(0);
    expect(err.items).toContainEqual(
      expect.objectContaining({
        loc: ["body", "schedule", "DailySchedule", "time"],
        type: "string_pattern_mismatch",
      }),
    );
    expect(emu.requests()).toHaveLength(1);
  });

  it.each([
    [
      "a 400 for a time out of range",
      { simulation_id: "30595", schedule: { frequency: "daily", time: "25:00" } },
      "bad-request",
    ],
    [
      "a 404 for an unknown simulation",
      { simulation_id: "99999", schedule: { frequency: "daily", time: "01:00" } },
      "not-found",
    ],
  ] as const)("does not retry %s and keeps the server's detail", async (_n, req, kind) => {
    const api = fastClient(emu.url);
    const err = await remoteError(api.createSchedule(req));
    expect(err.kind).toBe(kind);
    expect(err.message.length).toBeGreaterThan(20);
    expect(emu.requests()).toHaveLength(1);
  });

  it("reports a missing schedule on update and delete as not-found", async () => {
    const api = fastClient(emu.url);
    expect((await remoteError(api.updateSchedule("nope", { enabled: false }))).kind).toBe("not-found");
    const err = await remoteError(api.deleteSchedule("nope"));
    expect(err).toMatchObject({ kind: "not-found", status: 404 });
    expect(err.message).toContain("Schedule not found");
    expect(emu.requests()).toHaveLength(2);
  });
});

describe("client against answers the emulator does not give", () => {
  let server: TinyServer;
  afterAll(() => server?.close());

  it("reads enabled null as true, sends the key and the user agent", async () => {
    server = await startTinyServer((hit, res) =>
      json(res, 200, { schedules: [{ ...record, enabled: null }] }),
    );
    const api = fastClient(server.url);
    expect(await api.listSchedules()).toEqual([{ ...record, enabled: true }]);
    expect(server.hits[0]?.headers["x-api-key"]).toBe(KEY);
    expect(server.hits[0]?.headers["user-agent"]).toBe(`bluejay-sync/${VERSION}`);
    await server.close();
  });

  it.each([
    ["a 200 error status on delete", "delete", 200, { status: "error", message: "busy" }, "delete-failed"],
    ["a 405 on list", "list", 405, { detail: "Method Not Allowed" }, "not-supported"],
    ["a 405 on get", "get", 405, { detail: "Method Not Allowed" }, "not-supported"],
    ["a record without an id", "get", 200, { simulation_id: "1", cron_expression: "* * * * *" }, "protocol"],
    ["a list without schedules", "list", 200, { items: [] }, "protocol"],
    ["a redirect", "list", 302, {}, "protocol"],
  ] as const)("turns %s into %s, in one request", async (_n, call, status, body, expected) => {
    server = await startTinyServer((hit, res) =>
      json(res, status, body, status === 302 ? { location: "http://example.com/" } : {}),
    );
    const api = fastClient(server.url);
    const run = {
      delete: () => api.deleteSchedule("s1"),
      list: () => api.listSchedules(),
      get: () => api.getSchedule("s1"),
    }[call];
    if (expected === "not-supported") expect(await run()).toBe("not-supported");
    else expect((await remoteError(run())).kind).toBe(expected);
    expect(server.hits).toHaveLength(1);
    await server.close();
  });

  it("encodes ids in the path", async () => {
    server = await startTinyServer((hit, res) => json(res, 200, record));
    await fastClient(server.url).getSchedule("a/b c");
    expect(server.hits[0]?.path).toBe("/v1/schedule/a%2Fb%20c");
    await server.close();
  });
});
