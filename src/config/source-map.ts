/**
 * From a key path back to where it stands in the YAML text. Lookups are indexed per mapping so
 * that placing many diagnostics in a 10,000-entry file stays linear.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { Position } from "../core/types.js";
import type { Anchor } from "./issue.js";

/** A map key as the plain value names it (`1` and `"1"` are the same key there). */
export function keyString(key: unknown): string {
  if (key === null || key === undefined) return "";
  if (isScalar(key)) return key.value === null ? "" : String(key.value);
  return String(key);
}

export function nodeOffset(node: unknown): number | undefined {
  if (node !== null && typeof node === "object" && "range" in node) {
    const range = (node as { range?: unknown }).range;
    if (Array.isArray(range) && typeof range[0] === "number") return range[0];
  }
  return undefined;
}

export interface SourceMap {
  /** Where the value at `path` (or, with `key`, the key holding it) stands; the nearest ancestor if absent. */
  locate(path: readonly string[], anchor: Anchor): Position;
  position(offset: number): Position;
  /** The pairs of the mapping at `path`, in file order (none when it is not a mapping). */
  pairsAt(path: readonly string[]): Pair[];
}

export function createSourceMap(doc: Document.Parsed, lineCounter: LineCounter): SourceMap {
  const index = new WeakMap<YAMLMap, Map<string, Pair>>();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const pairIn = (map: YAMLMap, key: string): Pair | undefined => {
    let byKey = index.get(map);
    if (byKey === undefined) {
      byKey = new Map();
      // Later pairs win, as they do in the plain value.
      for (const pair of map.items) byKey.set(keyString(pair.key), pair as Pair);
      index.set(map, byKey);
    }
    return byKey.get(key);
  };
  const walk = (path: readonly string[]) => {
    let node: unknown = doc.contents;
    let keyNode: unknown = undefined;
    let best = nodeOffset(node) ?? 0;
    for (const segment of path) {
      node = resolve(node);
      const next = step(node, segment, pairIn);
      if (next === undefined) return { found: false, offset: best, valueOffset: best };
      keyNode = next.key;
      node = next.value;
      best = nodeOffset(next.key) ?? nodeOffset(next.value) ?? best;
    }
    return { found: true, offset: nodeOffset(keyNode) ?? best, valueOffset: nodeOffset(node) ?? best };
  };
  return {
    position,
    locate(path, anchor) {
      const hit = walk(path);
      return position(anchor === "key" && path.length > 0 ? hit.offset : hit.valueOffset);
    },
    pairsAt(path) {
      let node: unknown = doc.contents;
      for (const segment of path) {
        const next = step(resolve(node), segment, pairIn);
        if (next === undefined) return [];
        node = next.value;
      }
      node = resolve(node);
      return isMap(node) ? (node.items as Pair[]) : [];
    },
  };
}

function step(
  node: unknown,
  segment: string,
  pairIn: (map: YAMLMap, key: string) => Pair | undefined,
): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = pairIn(node, segment);
    return pair === undefined ? undefined : { key: pair.key, value: pair.value };
  }
  if (isSeq(node)) {
    const item = node.items[Number(segment)];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}

/** The key path of a node from the ancestors `visit` hands over. */
export function pathOf(ancestors: readonly unknown[], node: unknown): string[] {
  const path: string[] = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length; i++) {
    const here = chain[i];
    if (isPair(here)) path.push(keyString(here.key));
    else if (isSeq(here)) path.push(String(here.items.indexOf(chain[i + 1] as never)));
  }
  return path;
}
