import { describe, expect, it } from "vitest";
import { isMap, isPair, isScalar, parseDocument, visit, type Node } from "yaml";
import { pathOf } from "../../src/config/source-map.js";
import { walkYaml } from "../../src/config/yaml-walk.js";

const FILES = {
  flat: "a: 1\nb: two\n",
  nested:
    "schedules:\n  x:\n    schedule: { frequency: daily, time: '02:00' }\n    list: [1, [2, 3], {k: v}]\n",
  aliases: "base: &b { enabled: true }\nother: *b\nlist: [*b, &c 3, *c]\n",
  complexKey: "? [a, b]\n: value\n",
  empty: "",
};

/** What the parser's own visit reports: kind, path and scalar value of every node, in order. */
function viaVisit(text: string): string[] {
  const out: string[] = [];
  visit(parseDocument(text), {
    Map: (_k, n, a) => void out.push(`map ${pathOf(a, n).join("/")}`),
    Pair: (_k, n, a) => void out.push(`pair ${pathOf(a, n).join("/")}`),
    Scalar: (_k, n, a) => void out.push(`scalar ${pathOf(a, n).join("/")} ${String(n.value)}`),
    Alias: (_k, n, a) => void out.push(`alias ${pathOf(a, n).join("/")} ${n.source}`),
  });
  return out;
}

function viaWalk(text: string): string[] {
  const out: string[] = [];
  walkYaml(parseDocument(text), {
    Map: (n, a) => void out.push(`map ${pathOf(a, n).join("/")}`),
    Pair: (n, a) => void out.push(`pair ${pathOf(a, n).join("/")}`),
    Scalar: (n, a) => void out.push(`scalar ${pathOf(a, n).join("/")} ${String(n.value)}`),
    Alias: (n, a) => void out.push(`alias ${pathOf(a, n).join("/")} ${n.source}`),
  });
  return out;
}

describe("walkYaml", () => {
  it.each(Object.entries(FILES))(
    "visits the same nodes, paths and order as the parser's visit: %s",
    (_name, text) => {
      const expected = viaVisit(text);
      expect(viaWalk(text)).toEqual(expected);
    },
  );

  it("leaves a pair's key and value unvisited when its visitor answers skip", () => {
    const seen: string[] = [];
    walkYaml(parseDocument("keep: 1\ndrop: { inner: 2 }\nlast: 3\n"), {
      Pair: (p) => (isScalar(p.key) && p.key.value === "drop" ? "skip" : undefined),
      Scalar: (s) => void seen.push(String(s.value)),
    });
    expect(seen).toEqual(["keep", "1", "last", "3"]);
  });

  it("hands over ancestors from the document down, without the node itself", () => {
    const chains: string[] = [];
    walkYaml(parseDocument("a: { b: 1 }\n"), {
      Scalar: (s, ancestors) => {
        const kinds = ancestors.map((n) => (isMap(n) ? "map" : isPair(n) ? "pair" : "doc"));
        chains.push(`${String((s as Node & { value: unknown }).value)}: ${kinds.join(">")}`);
      },
    });
    expect(chains).toEqual(["a: doc>map>pair", "b: doc>map>pair>map>pair", "1: doc>map>pair>map>pair"]);
  });
});
