/**
 * "Looks like an API key": the file must never hold one. Keys named like `api_key`, `apiKey`,
 * `x-api-key` or `token` anywhere, and string values shaped like a Bluejay key (`bj_` and 16 or
 * more key characters). The offending value is never echoed.
 */
import { isScalar, type Document } from "yaml";
import { issue, type ConfigIssue } from "./issue.js";
import { keyString, nodeOffset, pathOf } from "./source-map.js";
import { walkYaml } from "./yaml-walk.js";

const KEY_VALUE = /^bj_[A-Za-z0-9_-]{16,}/;

/** `x-api-key`, `API_KEY`, `apiKey`, `bluejay_api_key`, `token`, `access-token` are all secret-named. */
export function isSecretKeyName(key: string): boolean {
  const folded = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  return folded.endsWith("apikey") || folded.endsWith("token");
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_VALUE.test(value.trim());
}

const HINT =
  "remove it: the API key comes from BLUEJAY_API_KEY or BLUEJAY_API_KEY_FILE, never from this file; rotate it if it was committed";

/** A value that a `${VAR}` turned into something key-shaped (keys are never expanded). */
export function secretValueIssue(path: string[]): ConfigIssue {
  return issue("secret-in-file", path, "this value (from the environment) looks like an API key", {
    hint: HINT,
  });
}

/**
 * Every secret-named key and every key-shaped string value of the YAML tree as written (so that
 * one hidden in an entry that a later duplicate overrides is found too), with its node's offset.
 */
export function findSecretsInDocument(doc: Document.Parsed): { offset: number; issue: ConfigIssue }[] {
  const out: { offset: number; issue: ConfigIssue }[] = [];
  walkYaml(doc, {
    Pair(pair, ancestors) {
      const name = isScalar(pair.key) ? keyString(pair.key) : "";
      if (!isSecretKeyName(name)) return undefined;
      const path = pathOf(ancestors, pair);
      const message = `key '${name}' looks like it holds an API key`;
      const found = issue("secret-in-file", path, message, {
        hint: HINT,
        anchor: "key",
        shown: path.slice(0, -1),
      });
      out.push({ offset: nodeOffset(pair.key) ?? 0, issue: found });
      return "skip";
    },
    Scalar(node, ancestors) {
      if (typeof node.value !== "string" || !looksLikeApiKey(node.value)) return;
      const path = pathOf(ancestors, node);
      out.push({
        offset: nodeOffset(node) ?? 0,
        issue: issue("secret-in-file", path, "this value looks like an API key", { hint: HINT }),
      });
    },
  });
  return out;
}
