/**
 * `${VAR}`, `${VAR:-default}` and the `$${` escape, expanded in string values of the parsed file
 * (never in keys, never as text substitution, so a variable can never change the file's shape).
 */
import { issue, type ConfigIssue } from "./issue.js";

export type Env = Record<string, string | undefined>;

type Expanded =
  | { ok: true; value: string }
  | { ok: false; code: "unset-variable" | "invalid-variable"; message: string; hint: string };

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([^]*))?$/;

/** Expands one string; the first bad reference stops it. */
export function interpolateString(text: string, env: Env): Expanded {
  if (!text.includes("$")) return { ok: true, value: text };
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      out += "${";
      i += 3;
    } else if (text.startsWith("${", i)) {
      const end = text.indexOf("}", i + 2);
      if (end < 0) return invalid(`unterminated '\${' (no closing '}')`);
      const expanded = expandReference(text.slice(i + 2, end), env);
      if (!expanded.ok) return expanded;
      out += expanded.value;
      i = end + 1;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return { ok: true, value: out };
}

function expandReference(inner: string, env: Env): Expanded {
  const match = REFERENCE.exec(inner);
  if (match === null) return invalid(`'\${${inner}}' is not a variable reference`);
  const [, name = "", fallback] = match;
  const value = env[name];
  // As in the shell, `:-` also covers a variable that is set but empty.
  if (fallback !== undefined && (value === undefined || value === "")) return { ok: true, value: fallback };
  if (value === undefined) {
    return {
      ok: false,
      code: "unset-variable",
      message: `environment variable ${name} is not set`,
      hint: `set ${name}, or give a default: \${${name}:-value}`,
    };
  }
  return { ok: true, value };
}

function invalid(message: string): Expanded {
  return {
    ok: false,
    code: "invalid-variable",
    message,
    hint: "write ${NAME} or ${NAME:-default} (letters, digits, _), or $${ for a literal '${'",
  };
}

export interface ExpandedValue {
  path: string[];
  value: string;
}

/**
 * Expands every string value of a plain value; a value that cannot be expanded is kept as written.
 * `expanded` lists the values a variable changed, for the checks that must see them (secrets).
 */
export function interpolateTree(
  value: unknown,
  env: Env,
): { value: unknown; issues: ConfigIssue[]; expanded: ExpandedValue[] } {
  const issues: ConfigIssue[] = [];
  const expanded: ExpandedValue[] = [];
  const walk = (v: unknown, path: string[]): unknown => {
    if (typeof v === "string") {
      const result = interpolateString(v, env);
      if (!result.ok) {
        issues.push(issue(result.code, path, result.message, { hint: result.hint }));
        return v;
      }
      if (result.value !== v) expanded.push({ path, value: result.value });
      return result.value;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, String(i)]));
    if (v !== null && typeof v === "object") {
      // fromEntries defines own properties, so a key named __proto__ stays a plain key.
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...path, k])]));
    }
    return v;
  };
  return { value: walk(value, []), issues, expanded };
}
