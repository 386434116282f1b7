/**
 * The sidecar's view of the file: an emptied file is broken, not "no schedules".
 */
import { describe, expect, it } from "vitest";
import type { DesiredState } from "../../src/core/types.js";
import { createDesiredSource, type LoadFile } from "../../src/daemon/desired-source.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

const good: DesiredState = {
  file: "f.yaml",
  prune: true,
  entries: [
    {
      name: "a",
      simulation_id: "1",
      schedule: { frequency: "cron", expression: "* * * * *" },
      enabled: true,
      position: { line: 3, column: 3 },
    },
  ],
};

describe("desired source", () => {
  it("keeps the last good file when the file is emptied in place", async () => {
    let next: DesiredState = good;
    const load: LoadFile = () => ({ ok: true, state: next, diagnostics: [] });
    const checks: boolean[] = [];
    const source = createDesiredSource({
      file: "f.yaml",
      env: {},
      load,
      logger: silent,
      onCheck: (c) => checks.push(c.valid),
    });
    expect(await source.next("start", "h1")).toBe(good);
    next = { file: "f.yaml", prune: false, entries: [], empty: true };
    expect(await source.next("file", "h2")).toBeNull();
    expect(await source.next("resync", "h2")).toBe(good);
    expect(checks).toEqual([true, false, false]);
  });
});
