/**
 * YAML text to a plain value, keeping the node tree and a line counter so that every later
 * problem can be placed at `line:column`. Syntax errors, duplicate keys and alias bombs are
 * reported here, never thrown.
 */
import { LineCounter, parseDocument, type Document, type Pair } from "yaml";
import { issue, type ConfigIssue } from "./issue.js";
import { keyString, nodeOffset, pathOf } from "./source-map.js";
import { walkYaml } from "./yaml-walk.js";

/** Aliases a document may expand; far above any honest file, far below a billion laughs. */
export const MAX_ALIAS_COUNT = 1000;

/** An issue whose position is already known as an offset into the text. */
export interface PlacedIssue {
  offset: number;
  issue: ConfigIssue;
}

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain value, or undefined when the text could not be turned into one. */
  value: unknown;
  placed: PlacedIssue[];
}

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // logLevel "error": the parser must not print warnings of its own (they may quote the file).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: "error" });
  const placed: PlacedIssue[] = [];
  for (const e of doc.errors) {
    placed.push({
      offset: e.pos[0],
      issue: issue("yaml-syntax", [], yamlMessage(e.message), syntaxHint(e.code)),
    });
  }
  for (const w of doc.warnings) {
    placed.push({
      offset: w.pos[0],
      issue: issue("yaml-warning", [], yamlMessage(w.message), { severity: "warning" }),
    });
  }
  // A tree with syntax errors is partial: checking it further would only add confusing errors.
  if (doc.errors.length > 0) return { doc, lineCounter, value: undefined, placed };
  placed.push(...duplicateKeys(doc, lineCounter));
  const unresolved = unresolvedAliases(doc);
  if (unresolved.length > 0)
    return { doc, lineCounter, value: undefined, placed: [...placed, ...unresolved] };
  const converted = toValue(doc);
  if (!converted.ok) placed.push({ offset: nodeOffset(doc.contents) ?? 0, issue: converted.issue });
  return { doc, lineCounter, value: converted.ok ? converted.value : undefined, placed };
}

function yamlMessage(message: string): string {
  // The parser's own first line: its context excerpt is replaced by our position.
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

function syntaxHint(code: string): { hint: string } {
  if (code === "TAB_AS_INDENT") return { hint: "indent with spaces, not tabs" };
  if (code === "MULTIPLE_DOCS") return { hint: "keep one YAML document in the file (no second ---)" };
  if (code === "BAD_INDENT" || code === "MISSING_CHAR" || code === "MULTILINE_IMPLICIT_KEY")
    return { hint: "check the indentation and quoting of this line and the one above" };
  return { hint: "fix the YAML syntax at this position" };
}

type Converted = { ok: true; value: unknown } | { ok: false; issue: ConfigIssue };

function toValue(doc: Document.Parsed): Converted {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/excessive alias count/i.test(message)) {
      const hint = `write the values out instead of aliasing them (at most ${MAX_ALIAS_COUNT} alias expansions)`;
      return { ok: false, issue: issue("alias-limit", [], "too many alias expansions", { hint }) };
    }
    const hint = "define each &anchor before the *alias that uses it";
    return { ok: false, issue: issue("yaml-syntax", [], yamlMessage(message), { hint }) };
  }
}

/** Every map key that repeats an earlier key of the same map, naming both positions. */
function duplicateKeys(doc: Document.Parsed, lineCounter: LineCounter): PlacedIssue[] {
  const out: PlacedIssue[] = [];
  walkYaml(doc, {
    Map(map, ancestors) {
      const seen = new Map<string, Pair>();
      for (const pair of map.items) {
        const name = keyString(pair.key);
        const first = seen.get(name);
        if (first === undefined) seen.set(name, pair);
        else out.push(duplicateIssue(name, first, pair, [...pathOf(ancestors, map), name], lineCounter));
      }
    },
  });
  return out;
}

function duplicateIssue(
  name: string,
  first: Pair,
  second: Pair,
  path: string[],
  lc: LineCounter,
): PlacedIssue {
  const firstOffset = nodeOffset(first.key) ?? 0;
  const { line, col } = lc.linePos(firstOffset);
  const message = `duplicate key '${name}' (first at line ${line}, column ${col})`;
  const hint = "remove or rename one of them: a key may appear once in a mapping";
  return {
    offset: nodeOffset(second.key) ?? 0,
    issue: issue("duplicate-key", path, message, { hint, anchor: "key", shown: path.slice(0, -1) }),
  };
}

/** Aliases naming no earlier anchor: placed at the alias, before conversion would fail on them. */
function unresolvedAliases(doc: Document.Parsed): PlacedIssue[] {
  const out: PlacedIssue[] = [];
  walkYaml(doc, {
    Alias(alias, ancestors) {
      if (alias.resolve(doc) !== undefined) return;
      const message = `*${alias.source} names no anchor defined before it`;
      const hint = `define &${alias.source} before this alias, or write the value out`;
      out.push({
        offset: nodeOffset(alias) ?? 0,
        issue: issue("yaml-syntax", pathOf(ancestors, alias), message, { hint }),
      });
    },
  });
  return out;
}
