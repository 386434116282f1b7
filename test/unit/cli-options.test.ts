/**
 * Colour and paths from flags and the environment.
 */
import { describe, expect, it } from "vitest";
import { lockfileNameFor, resolvePaths, useColor } from "../../src/cli/options.js";

describe("useColor", () => {
  it.each([
    [{}, {}, true, true],
    [{}, {}, false, false],
    [{ color: false }, {}, true, false],
    [{}, { NO_COLOR: "1" }, true, false],
    // An empty NO_COLOR does not count.
    [{}, { NO_COLOR: "" }, true, true],
  ])("flags %j, env %j, tty %s -> %s", (flags, env, tty, want) => {
    expect(useColor(flags, env, tty)).toBe(want);
  });
});

describe("paths", () => {
  it("puts the lockfile beside the file as given", () => {
    expect(resolvePaths({ file: "conf/team.yml" }, {}, "/w")).toEqual({
      file: "/w/conf/team.yml",
      lockfile: "/w/conf/team.lock.json",
    });
    expect(resolvePaths({}, { BLUEJAY_SCHEDULES_FILE: "/etc/s.yaml" }, "/w").lockfile).toBe(
      "/etc/s.lock.json",
    );
    expect(lockfileNameFor("bluejay.schedules.yaml")).toBe("bluejay.schedules.lock.json");
  });
});
