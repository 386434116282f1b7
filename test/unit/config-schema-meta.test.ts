/**
 * The loader compiles the shipped schema without checking it against the meta-schema (to start
 * faster), so the check happens here: a broken schema fails this test, not a user's run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCHEMA = path.join(ROOT, "schemas/bluejay.schedules.schema.json");

function metaErrors(schema: unknown): unknown[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addVocabulary(["markdownDescription"]);
  return ajv.validateSchema(schema as object) ? [] : (ajv.errors ?? []);
}

describe("schemas/bluejay.schedules.schema.json against the 2020-12 meta-schema", () => {
  it("is a valid schema", () => {
    expect(metaErrors(JSON.parse(readFileSync(SCHEMA, "utf8")))).toEqual([]);
  });

  it.each([
    ["a type that does not exist", { type: "strnig" }],
    ["required that is not a list", { type: "object", required: "name" }],
    ["a negative minLength", { type: "string", minLength: -1 }],
  ])("would catch %s", (_what, broken) => {
    expect(metaErrors(broken)).not.toEqual([]);
  });
});
