/**
 * Bluejay's own OpenAPI document (a copy of the shared one, loaded from beside this file) as
 * validators: tests bind both the emulator's responses and the client's requests to it.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export interface SchemaCheck {
  ok: boolean;
  errors: string[];
}

type JsonObject = Record<string, unknown>;

const DOC_ID = "https://bluejay.test/openapi.json";
const doc = JSON.parse(readFileSync(new URL("./bluejay-openapi.json", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, JsonObject>>;
};

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: DOC_ID } as JsonObject);

/** Responses the document does not list (400/401/403/404/405/429) carry FastAPI's HTTPException body. */
const DETAIL_SCHEMA = {
  type: "object",
  required: ["detail"],
  properties: { detail: { type: "string" } },
};

const cache = new Map<string, ValidateFunction>();

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

function compiled(ref: string): ValidateFunction {
  let fn = cache.get(ref);
  if (!fn) {
    fn = ref === "detail" ? ajv.compile(DETAIL_SCHEMA) : ajv.compile({ $ref: `${DOC_ID}#/${ref}` });
    cache.set(ref, fn);
  }
  return fn;
}

/** The document's path template for a concrete path: `/v1/schedule/abc` → `/v1/schedule/{schedule_id}`. */
export function templateFor(method: string, path: string): string | undefined {
  const clean = path.split("?")[0] ?? path;
  const m = method.toLowerCase();
  for (const [template, ops] of Object.entries(doc.paths)) {
    if (!ops[m]) continue;
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (re.test(clean)) return template;
  }
  return undefined;
}

function run(fn: ValidateFunction, value: unknown): SchemaCheck {
  if (fn(value)) return { ok: true, errors: [] };
  return {
    ok: false,
    errors: (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`),
  };
}

/** Checks a response body against the document's schema for that operation and status. */
export function validateResponse(method: string, path: string, status: number, body: unknown): SchemaCheck {
  const template = templateFor(method, path);
  if (!template) return { ok: false, errors: [`${method} ${path} is not in the document`] };
  const op = doc.paths[template]?.[method.toLowerCase()] as { responses?: Record<string, JsonObject> };
  const response = op.responses?.[String(status)];
  if (!response) {
    if (status >= 400 && status < 500) return run(compiled("detail"), body);
    return { ok: false, errors: [`${method} ${template} documents no ${status} response`] };
  }
  const content = response.content as Record<string, unknown> | undefined;
  if (!content?.["application/json"]) return { ok: true, errors: [] };
  const ref = pointer("paths", template, method.toLowerCase(), "responses", String(status));
  return run(compiled(`${ref}/content/application~1json/schema`), body);
}

/** Checks a request body against the document's request schema for that operation. */
export function validateRequest(method: string, path: string, body: unknown): SchemaCheck {
  const template = templateFor(method, path);
  if (!template) return { ok: false, errors: [`${method} ${path} is not in the document`] };
  const op = doc.paths[template]?.[method.toLowerCase()] as { requestBody?: JsonObject };
  if (!op.requestBody) {
    return body === undefined
      ? { ok: true, errors: [] }
      : { ok: false, errors: [`${method} ${template} takes no body`] };
  }
  const ref = pointer("paths", template, method.toLowerCase(), "requestBody");
  return run(compiled(`${ref}/content/application~1json/schema`), body);
}
