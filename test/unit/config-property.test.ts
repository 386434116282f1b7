/**
 * Whatever the text, loading returns diagnostics and never throws: random YAML-ish documents,
 * random values serialised as YAML, and random single-character mutations of valid files.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { parseSchedules, type LoadResult } from "../../src/config/load.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const VALID = [
  "examples/bluejay.schedules.yaml",
  "examples/all-variants.yaml",
  "examples/env-interpolation.yaml",
].map((f) => readFileSync(path.join(ROOT, f), "utf8"));

/** The contract of a result: errors iff not ok, every diagnostic placed inside the text. */
function checkResult(result: LoadResult, text: string): void {
  const lines = text.split("\n").length;
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  expect(result.ok).toBe(errors.length === 0);
  for (const d of result.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(typeof d.code).toBe("string");
  }
}

const fragments = fc.constantFrom(
  "version: 1\n",
  "schedules:\n",
  "  a:\n",
  "    simulation_id: ",
  '"30595"',
  "30595",
  "\n",
  "    schedule: ",
  '{ frequency: daily, time: "02:00" }',
  '"*/5 * * * *"',
  "&x ",
  "*x",
  "- ",
  "? ",
  "${VAR}",
  "$${",
  "${X:-1}",
  "bj_0123456789abcdefXYZ",
  "token: ",
  "'",
  '"',
  "{",
  "}",
  "[",
  "]",
  ":",
  "#",
  "\t",
  "  ",
  "---\n",
  "<<: *x\n",
  "!!binary ",
  "~",
  "null",
  "__proto__: ",
  "constructor: ",
);

const yamlValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom("version", "schedules", "schedule", "frequency", "time", "__proto__"),
      ),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;

describe("loading never throws", () => {
  it("random texts", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
        checkResult(parseSchedules(text, "f.yaml", {}), text);
      }),
      { numRuns: 300 },
    );
  });

  it("random YAML-shaped texts", () => {
    fc.assert(
      fc.property(
        fc.array(fragments, { maxLength: 40 }),
        fc.dictionary(fc.string(), fc.string()),
        (parts, env) => {
          const text = parts.join("");
          checkResult(parseSchedules(text, "f.yaml", env), text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("random values, serialised, with and without a schedules wrapper", () => {
    fc.assert(
      fc.property(yamlValue, fc.boolean(), (value, wrap) => {
        const text = stringify(wrap ? { version: 1, schedules: { a: value } } : value);
        checkResult(parseSchedules(text, "f.yaml", {}), text);
      }),
      { numRuns: 300 },
    );
  });

  it("random edits of valid files", () => {
    const edit = fc.record({
      file: fc.integer({ min: 0, max: VALID.length - 1 }),
      at: fc.nat(),
      remove: fc.integer({ min: 0, max: 5 }),
      insert: fc.oneof(fc.string({ maxLength: 5 }), fragments),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = VALID[edits[0]?.file ?? 0] ?? "";
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        checkResult(parseSchedules(text, "f.yaml", {}), text);
      }),
      { numRuns: 500 },
    );
  });
});
