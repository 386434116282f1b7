/**
 * The `X-API-Key` check. A missing or wrong key is 401 (FastAPI itself would answer a missing
 * required header with 422; clients only need "key rejected"); a key of no organization is 403.
 */
import { timingSafeEqual } from "node:crypto";
import { DETAIL, detail } from "./assumed.js";
import type { RouteResult } from "./types.js";

export type AuthOutcome = "ok" | "missing" | "invalid" | "forbidden";

function sameKey(given: string, key: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function authorize(
  header: string | string[] | undefined,
  apiKey: string,
  forbidden: string[],
): AuthOutcome {
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined || given === "") return "missing";
  if (sameKey(given, apiKey)) return "ok";
  return forbidden.some((k) => sameKey(given, k)) ? "forbidden" : "invalid";
}

export function authFailure(outcome: Exclude<AuthOutcome, "ok">): RouteResult {
  if (outcome === "forbidden") return detail(403, DETAIL.noOrganization);
  return detail(401, outcome === "missing" ? DETAIL.missingKey : DETAIL.invalidKey);
}
