import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LockEntry, LockState, PendingIntent } from "../../src/core/types.js";
import { InternalError, LockfileError } from "../../src/errors.js";
import { parseLock, serializeLock } from "../../src/lockfile/format.js";

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
const text = fc.string({ unit: "grapheme", maxLength: 12 });
const entry: fc.Arbitrary<LockEntry> = fc.record({
  id: text.filter((s) => s !== ""),
  simulation_id: text,
  cron_expression: text,
  enabled: fc.boolean(),
  spec_hash: text,
});
const intent: fc.Arbitrary<PendingIntent> = fc.record({
  simulation_id: text,
  cron_expression: text,
  enabled: fc.boolean(),
  spec_hash: text,
});
const state: fc.Arbitrary<LockState> = fc
  .record({
    api_url: text,
    schedules: fc.dictionary(name, entry, { noNullPrototype: true, maxKeys: 12 }),
    pending: fc.dictionary(name, intent, { noNullPrototype: true, maxKeys: 4 }),
  })
  .map(({ api_url, schedules, pending }) => ({
    version: 1 as const,
    api_url,
    schedules,
    ...(Object.keys(pending).length > 0 ? { pending } : {}),
  }));

/** The same state built with keys inserted in another order, at every level. */
function reordered(s: LockState, order: number[]): LockState {
  const shuffle = <T extends object>(o: T): T => {
    const keys = Object.keys(o);
    const ranked = keys.map((k, i) => ({ k, r: order[i % order.length] ?? i }));
    ranked.sort((a, b) => a.r - b.r);
    return Object.fromEntries(ranked.map(({ k }) => [k, (o as Record<string, unknown>)[k]])) as T;
  };
  const deep = <T extends object>(rec: Record<string, T>) =>
    shuffle(Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, shuffle(v)])));
  return shuffle({
    ...s,
    schedules: deep(s.schedules),
    ...(s.pending ? { pending: deep(s.pending) } : {}),
  });
}

describe("serializeLock / parseLock", () => {
  it("gives the same bytes whatever the key insertion order, and round-trips", () => {
    fc.assert(
      fc.property(state, fc.array(fc.integer(), { minLength: 1, maxLength: 20 }), (s, order) => {
        const out = serializeLock(s);
        expect(serializeLock(reordered(s, order))).toBe(out);
        expect(parseLock(out, "x.lock.json")).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it("writes sorted keys (integer-like names too), 2-space indent, a trailing newline, no empty pending", () => {
    const s: LockState = {
      version: 1,
      api_url: "https://api.getbluejay.ai",
      schedules: {
        b: { spec_hash: "h", id: "2", simulation_id: "s", cron_expression: "0 2 * * *", enabled: true },
        "10": { id: "1", simulation_id: "s", cron_expression: "* * * * *", enabled: false, spec_hash: "h" },
        "9": { id: "3", simulation_id: "s", cron_expression: "* * * * *", enabled: false, spec_hash: "h" },
      },
      pending: {},
    };
    const out = serializeLock(s);
    expect(out.endsWith("}\n")).toBe(true);
    expect(out).not.toContain("pending");
    expect(out.split("\n")[1]).toBe('  "api_url": "https://api.getbluejay.ai",');
    const names = [...out.matchAll(/^ {4}"([^"]+)": \{$/gm)].map((m) => m[1]);
    expect(names).toEqual(["10", "9", "b"]);
    expect(out).toContain(
      '    "b": {\n      "cron_expression": "0 2 * * *",\n      "enabled": true,\n      "id": "2",\n',
    );
  });

  it("writes only the known fields of an entry", () => {
    const extra = {
      id: "1",
      simulation_id: "s",
      cron_expression: "c",
      enabled: true,
      spec_hash: "h",
      note: "x",
    };
    const out = serializeLock({ version: 1, api_url: "u", schedules: { a: extra } });
    expect(out).not.toContain("note");
  });

  it("refuses to serialize a state that would not read back", () => {
    const bad = { id: "1", simulation_id: "s", cron_expression: "c", enabled: "yes", spec_hash: "h" };
    const missing = { id: "1", simulation_id: "s", cron_expression: "c", enabled: true };
    for (const e of [bad, missing]) {
      const s = { version: 1, api_url: "u", schedules: { a: e } } as unknown as LockState;
      expect(() => serializeLock(s)).toThrow(InternalError);
    }
  });

  it("handles 10,000 entries as an ordinary file", () => {
    const schedules: Record<string, LockEntry> = {};
    for (let i = 0; i < 10_000; i++) {
      schedules[`entry-${i}`] = {
        id: `id-${i}`,
        simulation_id: String(i % 97),
        cron_expression: "*/5 * * * *",
        enabled: i % 2 === 0,
        spec_hash: `sha256:${i}`,
      };
    }
    const s: LockState = { version: 1, api_url: "https://api.getbluejay.ai", schedules };
    const out = serializeLock(s);
    expect(parseLock(out, "big.lock.json")).toEqual(s);
    expect(out.split("\n")).toHaveLength(10_000 * 7 + 7);
  });
});

const good = serializeLock({
  version: 1,
  api_url: "https://api.getbluejay.ai",
  schedules: { a: { id: "1", simulation_id: "s", cron_expression: "c", enabled: true, spec_hash: "h" } },
});

describe("parseLock of a bad file", () => {
  const cases: { what: string; text: string; says: RegExp }[] = [
    { what: "empty", text: "", says: /the file is empty/ },
    { what: "truncated", text: good.slice(0, 80), says: /x\.lock\.json:\d+:\d+: .*ends early \(truncated\)/ },
    {
      what: "not JSON",
      text: '{\n  "version": 1,\n  oops\n}\n',
      says: /x\.lock\.json:3:3: .*not valid JSON/,
    },
    {
      what: "merge conflict",
      text: `<<<<<<< HEAD\n${good}=======\n${good}>>>>>>> b\n`,
      says: /:1:1: .*merge conflict/,
    },
    { what: "array", text: "[]", says: /top level is not an object/ },
    {
      what: "unknown version",
      text: good.replace('"version": 1', '"version": 2'),
      says: /unknown version 2/,
    },
    {
      what: "no version",
      text: good.replace(/,\n {2}"version": 1/, ""),
      says: /unknown version \(missing\)/,
    },
    {
      what: "api_url",
      text: good.replace('"https://api.getbluejay.ai"', "7"),
      says: /"api_url" is not a string/,
    },
    {
      what: "wrong field type",
      text: good.replace('"enabled": true', '"enabled": "yes"'),
      says: /\/schedules\/a: "enabled" is not a boolean/,
    },
    {
      what: "missing field",
      text: good.replace('"spec_hash": "h"', '"x": "h"').replace('"id": "1",', '"id": "1",'),
      says: /"spec_hash" is missing/,
    },
    {
      what: "bad name",
      text: good.replace('"a": {', '"__proto__": {'),
      says: /"__proto__" is not a valid entry name/,
    },
    { what: "empty id", text: good.replace('"id": "1"', '"id": ""'), says: /"id" is empty/ },
    {
      what: "unknown top key",
      text: good.replace('"version": 1', '"version": 1, "extra": 1'),
      says: /unexpected key "extra"/,
    },
    {
      what: "bad pending",
      text: good.replace('"version": 1', '"version": 1, "pending": []'),
      says: /\/pending is not an object/,
    },
  ];
  it.each(cases)("$what: lockfile-corrupt with where, what and how to recover", ({ text, says }) => {
    let caught: unknown;
    try {
      parseLock(text, "x.lock.json");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LockfileError);
    const err = caught as LockfileError;
    expect(err.code).toBe("lockfile-corrupt");
    expect(err.message).toMatch(says);
    expect(err.message).toContain("mv x.lock.json x.lock.json.broken");
    expect(err.message).toContain("run `bluejay-sync apply`");
    expect(err.message).toContain("bound again to their remote schedules by adoption");
  });

  it("accepts the good file the cases were made from", () => {
    expect(parseLock(good, "x.lock.json").schedules.a?.id).toBe("1");
    expect(parseLock(`\uFEFF${good}`, "x.lock.json").schedules.a?.id).toBe("1");
  });
});
