import { describe, expect, it } from "vitest";
import { readDeleteResult, readSchedule, readScheduleList } from "../../src/bluejay/response-shape.js";
import { RemoteError } from "../../src/errors.js";

const base = { id: "a1", simulation_id: "30595", cron_expression: "0 2 * * *" };

describe("readSchedule", () => {
  it.each([
    ["enabled true", { ...base, enabled: true }, true],
    ["enabled false", { ...base, enabled: false }, false],
    ["enabled null means true", { ...base, enabled: null }, true],
    ["enabled absent means true", { ...base }, true],
  ])("%s", (_n, raw, enabled) => {
    expect(readSchedule("get", raw)).toEqual({ ...base, enabled });
  });

  it("keeps created_at when present and drops unknown fields", () => {
    const got = readSchedule("update", {
      ...base,
      enabled: true,
      created_at: "2025-01-01T00:00:00Z",
      extra: 1,
    });
    expect(got).toEqual({ ...base, enabled: true, created_at: "2025-01-01T00:00:00Z" });
  });

  it.each([
    ["not an object", "hello"],
    ["array", [base]],
    ["numeric id", { ...base, id: 7 }],
    ["numeric simulation_id", { ...base, simulation_id: 30595 }],
    ["missing cron", { id: "a", simulation_id: "1" }],
    ["enabled as string", { ...base, enabled: "yes" }],
  ])("refuses %s as a protocol error", (_n, raw) => {
    const err = catchError(() => readSchedule("get", raw));
    expect(err.kind).toBe("protocol");
  });
});

describe("readScheduleList", () => {
  it("reads every record", () => {
    expect(readScheduleList({ schedules: [base, { ...base, id: "b" }] }).map((s) => s.id)).toEqual([
      "a1",
      "b",
    ]);
  });
  it.each([[{}], [{ schedules: "x" }], [{ schedules: [{ id: 1 }] }]])("refuses %j", (raw) => {
    expect(catchError(() => readScheduleList(raw)).kind).toBe("protocol");
  });
});

describe("readDeleteResult", () => {
  it("accepts success", () => {
    expect(() => readDeleteResult("a1", { status: "success", message: "deleted" })).not.toThrow();
  });
  it("turns a 200 error status into delete-failed with the server's message", () => {
    const err = catchError(() => readDeleteResult("a1", { status: "error", message: "scheduler busy" }));
    expect(err.kind).toBe("delete-failed");
    expect(err.message).toContain("scheduler busy");
  });
  it("refuses another status", () => {
    expect(catchError(() => readDeleteResult("a1", { status: "maybe" })).kind).toBe("protocol");
  });
});

function catchError(fn: () => unknown): RemoteError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RemoteError) return err;
    throw err;
  }
  throw new Error("expected a RemoteError");
}
