/**
 * A depth-first walk over a parsed YAML tree, for the checks that look at every node (duplicate
 * keys, aliases, secrets). The parser's own `visit` freezes a fresh ancestor array at every node;
 * on a 10,000-entry file that cost more than the checks themselves, so this walk keeps one
 * ancestor stack and lets a visitor copy it (`pathOf`) only when it reports something.
 */
import {
  isAlias,
  isDocument,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Alias,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from "yaml";

/** `ancestors` is live: copy it (e.g. with `pathOf`) before keeping it. */
export interface YamlVisitor {
  Map?(map: YAMLMap, ancestors: readonly unknown[]): void;
  /** Return "skip" to leave the pair's key and value unvisited. */
  Pair?(pair: Pair, ancestors: readonly unknown[]): "skip" | void;
  Scalar?(scalar: Scalar, ancestors: readonly unknown[]): void;
  Alias?(alias: Alias, ancestors: readonly unknown[]): void;
}

/** Visits `root` (a document or a node) and everything below it, in document order. */
export function walkYaml(root: unknown, visitor: YamlVisitor): void {
  const stack: unknown[] = [];
  if (isDocument(root)) {
    stack.push(root);
    walkNode(root.contents, visitor, stack);
    return;
  }
  walkNode(root, visitor, stack);
}

function walkNode(node: unknown, v: YamlVisitor, stack: unknown[]): void {
  if (isScalar(node)) v.Scalar?.(node, stack);
  else if (isAlias(node)) v.Alias?.(node, stack);
  else if (isPair(node)) walkPair(node, v, stack);
  else if (isMap(node) || isSeq(node)) {
    if (isMap(node)) v.Map?.(node, stack);
    stack.push(node);
    for (const item of node.items as Node[]) walkNode(item, v, stack);
    stack.pop();
  }
}

function walkPair(pair: Pair, v: YamlVisitor, stack: unknown[]): void {
  if (v.Pair?.(pair, stack) === "skip") return;
  stack.push(pair);
  walkNode(pair.key, v, stack);
  walkNode(pair.value, v, stack);
  stack.pop();
}
