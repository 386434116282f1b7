/**
 * parseSchedules: the DesiredState it builds, and the rules of the file that are not single errors.
 */
import { describe, expect, it } from "vitest";
import { parseSchedules, type LoadResult } from "../../src/config/load.js";
import { STARTER_FILE } from "../../src/config/starter.js";

function ok(result: LoadResult) {
  if (!result.ok)
    throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n"));
  return result;
}

describe("parseSchedules: the desired state", () => {
  const text = [
    "version: 1", // 1
    "prune: true",
    "defaults: { enabled: false }",
    "schedules:",
    "  zeta:", // 5
    "    simulation_id: 30595",
    '    schedule: "*/15 * * * *"',
    "  '123':", // 8
    '    simulation_id: "30596"',
    '    schedule: { frequency: weekly, day_of_week: sunday, time: "06:30" }',
    "    enabled: true",
    "    description: numbers first in a plain object, not here",
  ].join("\n");
  const state = ok(parseSchedules(text, "f.yaml", {})).state;

  it("keeps file order, names and key positions", () => {
    expect(state.entries.map((e) => [e.name, e.position])).toEqual([
      ["zeta", { line: 5, column: 3 }],
      ["123", { line: 8, column: 3 }],
    ]);
  });

  it("normalises ids to strings, expands the shorthand, resolves enabled", () => {
    expect(state.entries[0]).toMatchObject({
      simulation_id: "30595",
      schedule: { frequency: "cron", expression: "*/15 * * * *" },
      enabled: false,
    });
    expect(state.entries[1]).toMatchObject({
      schedule: { frequency: "weekly", day_of_week: "sunday", time: "06:30" },
      enabled: true,
      description: "numbers first in a plain object, not here",
    });
    expect(state).toMatchObject({ file: "f.yaml", prune: true });
  });

  it.each([
    ["an empty file", ""],
    ["only comments", "# nothing yet\n# still nothing\n"],
    ["schedules: null", "version: 1\nschedules:\n"],
    ["schedules: {}", "version: 1\nschedules: {}\n"],
    ["no schedules key", "version: 1\n"],
  ])("%s is valid with zero schedules", (_name, text) => {
    const state = ok(parseSchedules(text, "f.yaml", {})).state;
    expect(state.entries).toEqual([]);
    expect(state.prune).toBe(false);
  });

  it("defaults to enabled and no pruning", () => {
    const state = ok(
      parseSchedules('version: 1\nschedules:\n  a: { simulation_id: "1", schedule: "0 0 * * *" }\n', "f", {}),
    ).state;
    expect(state.entries[0]?.enabled).toBe(true);
    expect(state.prune).toBe(false);
  });
});

describe("parseSchedules: environment values", () => {
  const text = [
    "version: 1",
    "schedules:",
    "  a:",
    "    simulation_id: ${SIM}",
    '    schedule: { frequency: daily, time: "${T:-02:00}" }',
    "    description: costs $${PRICE} and ${EMPTY:-fallback}",
  ].join("\n");

  it.each([
    [{ SIM: "30595" }, "30595", "02:00", "costs ${PRICE} and fallback"],
    [{ SIM: "7", T: "23:59", EMPTY: "" }, "7", "23:59", "costs ${PRICE} and fallback"],
    [{ SIM: "7", EMPTY: "set" }, "7", "02:00", "costs ${PRICE} and set"],
  ])("%o", (env, sim, time, description) => {
    const entry = ok(parseSchedules(text, "f", env)).state.entries[0];
    expect(entry).toMatchObject({ simulation_id: sim, schedule: { time }, description });
  });

  it("an unset variable is an error at its value, and a variable never changes the shape", () => {
    const result = parseSchedules(text, "f", { T: "02:00\nextra: key" });
    expect(result.ok).toBe(false);
    const codes = result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);
    expect(codes).toContain("unset-variable 4:20");
    expect(codes).toContain("invalid-time 5:41");
    expect(codes).not.toContain("unknown-key");
  });

  it("keys are never expanded", () => {
    const result = parseSchedules(
      'version: 1\nschedules:\n  ${NAME}: { simulation_id: "1", schedule: "* * * * *" }\n',
      "f",
      { NAME: "a" },
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(["invalid-name"]);
  });
});

describe("parseSchedules: warnings and secrets", () => {
  it("warns once for two entries with the same simulation and an equivalent schedule", () => {
    const text = [
      "version: 1",
      "schedules:",
      '  a: { simulation_id: "1", schedule: { frequency: daily, time: "02:00" } }',
      '  b: { simulation_id: 1, schedule: "00 2 * * *" }',
      '  c: { simulation_id: "2", schedule: "0 2 * * *" }',
      '  d: { simulation_id: "1", schedule: "0 3 * * *" }',
    ].join("\n");
    const result = ok(parseSchedules(text, "f", {}));
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ["duplicate-schedule", "warning", 4, 3],
    ]);
    expect(result.diagnostics[0]?.message).toContain("'a'");
  });

  it.each([
    ["a key-shaped value", "    description: bj_AbCdEfGhIjKlMnOpQrSt99\n", {}],
    [
      "a key-shaped value from the environment",
      "    description: ${KEY}\n",
      { KEY: "bj_AbCdEfGhIjKlMnOpQrSt99" },
    ],
    ["a secret-named key", "    apiKey: bj_AbCdEfGhIjKlMnOpQrSt99\n", {}],
  ])("refuses %s without printing it", (_name, line, env) => {
    const text = `version: 1\nschedules:\n  a:\n    simulation_id: "1"\n    schedule: "* * * * *"\n${line}`;
    const result = parseSchedules(text, "f", env);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["secret-in-file"]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("AbCdEfGhIjKlMnOpQrSt99");
  });

  it("a secret hidden in an entry that a duplicate overrides is still found", () => {
    const text =
      'version: 1\nschedules:\n  a: { token: x }\n  a: { simulation_id: "1", schedule: "* * * * *" }\n';
    const codes = parseSchedules(text, "f", {}).diagnostics.map((d) => d.code);
    expect(codes).toEqual(["secret-in-file", "duplicate-key"]);
  });
});

describe("parseSchedules: limits", () => {
  it("refuses text over 5 MiB", () => {
    const result = parseSchedules(`version: 1\n#${"x".repeat(5 * 1024 * 1024)}\n`, "big", {});
    expect(result.diagnostics.map((d) => d.code)).toEqual(["file-too-large"]);
  });

  it("reports every error at once, sorted by position", () => {
    const text =
      'version: 2\nschedules:\n  a: { simulation_id: "1", schedule: "* * *" }\n  b: { simulation_id: "1" }\n';
    const result = parseSchedules(text, "f", {});
    expect(result.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual([
      "unsupported-version 1",
      "invalid-cron 3",
      "missing-key 4",
    ]);
  });

  it("the starter file of init validates with an empty environment", () => {
    const result = ok(parseSchedules(STARTER_FILE, "bluejay.schedules.yaml", {}));
    expect(result.diagnostics).toEqual([]);
    expect(result.state.entries.length).toBeGreaterThan(0);
    expect(STARTER_FILE.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./node_modules/bluejay-sync/schemas/bluejay.schedules.schema.json",
    );
  });
});
