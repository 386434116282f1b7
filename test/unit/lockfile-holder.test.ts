import { describe, expect, it } from "vitest";
import {
  describeHolder,
  holderLiveness,
  isStale,
  parseHolder,
  type HostIdentity,
  type LockHolder,
  type Liveness,
} from "../../src/lockfile/lock-holder.js";

const self: HostIdentity = { pid: 10, hostname: "ci-7", pidns: "pid:[1]" };
const holder = (over: Partial<LockHolder> = {}): LockHolder => ({
  pid: 20,
  hostname: "ci-7",
  pidns: "pid:[1]",
  token: "t1",
  acquired_at: "2025-01-01T00:00:00.000Z",
  ...over,
});
const running = new Set([10, 20]);
const exists = (pid: number) => running.has(pid);

describe("holderLiveness", () => {
  const cases: { what: string; h: LockHolder | null; want: Liveness }[] = [
    { what: "same host, pid running", h: holder(), want: "alive" },
    { what: "same host, pid gone", h: holder({ pid: 30 }), want: "dead" },
    { what: "same host, no namespace recorded", h: holder({ pid: 30, pidns: undefined }), want: "dead" },
    {
      what: "same hostname, another pid namespace",
      h: holder({ pid: 30, pidns: "pid:[2]" }),
      want: "unknown",
    },
    { what: "another host", h: holder({ pid: 30, hostname: "ci-8" }), want: "unknown" },
    { what: "unreadable holder", h: null, want: "unknown" },
  ];
  it.each(cases)("$what: $want", ({ h, want }) => {
    expect(holderLiveness(h, self, exists)).toBe(want);
  });
});

describe("isStale", () => {
  it.each([
    ["dead", 0, true],
    ["alive", 10 ** 9, false],
    ["unknown", 999, false],
    ["unknown", 1001, true],
  ] as const)("%s holder, %d ms since refresh: %s", (liveness, age, want) => {
    expect(isStale(liveness, age, 1000)).toBe(want);
  });
});

describe("parseHolder", () => {
  it.each([
    ["not JSON", "{"],
    ["empty", ""],
    ["pid 0 (a process group)", JSON.stringify(holder({ pid: 0 }))],
    ["negative pid", JSON.stringify(holder({ pid: -1 }))],
    ["token with a path", JSON.stringify(holder({ token: "../x" }))],
    ["no hostname", JSON.stringify({ pid: 3, token: "t" })],
  ])("rejects %s", (_what, text) => {
    expect(parseHolder(text)).toBeNull();
  });

  it("reads what a holder writes", () => {
    expect(parseHolder(JSON.stringify(holder()))).toEqual(holder());
  });

  it("describes a holder for messages", () => {
    expect(describeHolder(holder())).toBe("pid 20 on host ci-7 (since 2025-01-01T00:00:00.000Z)");
    expect(describeHolder(null)).toBe("an unknown process");
  });
});
