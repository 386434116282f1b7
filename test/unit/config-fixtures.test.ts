/**
 * The corpus of invalid files (each names its expected code and position on its first line) and
 * every schedules file under examples/, which must validate.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseSchedules } from "../../src/config/load.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const INVALID = path.join(ROOT, "test/fixtures/invalid");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
}

const invalid = readdirSync(INVALID)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => {
    const text = readFileSync(path.join(INVALID, f), "utf8");
    const m = /^# expect: (\S+) (\d+):(\d+)/.exec(text);
    if (m === null) throw new Error(`${f}: first line must be "# expect: <code> <line>:<column>"`);
    return { f, text, code: m[1], line: Number(m[2]), column: Number(m[3]) };
  });

describe("invalid corpus", () => {
  it("holds at least 40 files", () => {
    expect(invalid.length).toBeGreaterThanOrEqual(40);
  });

  it.each(invalid)("$f → $code at $line:$column", ({ f, text, code, line, column }) => {
    const result = parseSchedules(text, f, {});
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toContain(`${code} ${line}:${column}`);
    for (const d of errors) {
      expect(d.file).toBe(f);
      expect(d.message.length).toBeGreaterThan(0);
    }
  });
});

// Every YAML file under examples/ that declares the schedules schema is a schedules file.
const examples = walk(path.join(ROOT, "examples"))
  .filter((f) => /\.ya?ml$/.test(f))
  .filter((f) => readFileSync(f, "utf8").includes("bluejay.schedules.schema.json"))
  .map((f) => ({ name: path.relative(ROOT, f), file: f }));

describe("examples", () => {
  it("include the demo file", () => {
    expect(examples.map((e) => e.name)).toContain(path.join("examples", "bluejay.schedules.yaml"));
  });

  it.each(examples)("$name validates with an empty environment", ({ name, file }) => {
    const result = parseSchedules(readFileSync(file, "utf8"), name, {});
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.state.entries.length).toBeGreaterThan(0);
  });

  it("the demo covers every variant and the cron shorthand, with simulations 30595..30597", () => {
    const text = readFileSync(path.join(ROOT, "examples/bluejay.schedules.yaml"), "utf8");
    const result = parseSchedules(text, "demo", {});
    if (!result.ok) throw new Error("demo file is invalid");
    const kinds = new Set(result.state.entries.map((e) => e.schedule.frequency));
    expect([...kinds].sort()).toEqual([
      "cron",
      "daily",
      "every_n_hours",
      "every_n_minutes",
      "monthly",
      "weekly",
    ]);
    expect(text).toMatch(/schedule: "[^"]+"/);
    for (const e of result.state.entries) expect(["30595", "30596", "30597"]).toContain(e.simulation_id);
  });
});
