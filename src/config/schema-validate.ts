/**
 * The file checked against schemas/bluejay.schedules.schema.json, the single source of truth for
 * its shape. ajv's raw errors are turned into one clear issue per problem, anchored for placement.
 */
import { createRequire } from "node:module";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { ConfigIssue } from "./issue.js";
import { fromPointer } from "./issue.js";
import { mapSchemaError } from "./schema-errors.js";

/** Where the schema sits relative to this module, in src/config and in dist/config alike. */
const SCHEMA_FROM_HERE = "../../schemas/bluejay.schedules.schema.json";

let compiled: ValidateFunction | undefined;

/** The compiled validator. Compiling costs far more than validating, so it is done once per process. */
export function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const schema = createRequire(import.meta.url)(SCHEMA_FROM_HERE) as object;
    // The shipped schema is checked against the 2020-12 meta-schema by a unit test; compiling the
    // meta-schema on every start cost a third of the compile for nothing.
    const ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      allowUnionTypes: true,
      validateSchema: false,
    });
    // Editor-only annotations: known to the schema's readers, meaningless to validation.
    ajv.addVocabulary(["markdownDescription"]);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Every schema violation of `value`, one issue per problem, in document order. */
export function validateAgainstSchema(value: unknown): ConfigIssue[] {
  const validate = schemaValidator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  return dedupe(errors.flatMap((e) => mapSchemaError(e as ErrorObject, fromPointer(e.instancePath))));
}

/** ajv reports one failure several ways (a type error per union branch): keep the first per place. */
function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const i of issues) {
    const id = `${i.code}\u0000${i.path.join("\u0000")}\u0000${i.anchor}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(i);
  }
  return out;
}
