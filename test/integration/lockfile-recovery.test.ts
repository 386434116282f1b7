/**
 * Truncated and corrupted lockfiles: every command refuses them with a clear error (code
 * lockfile-corrupt, exit 3) that names the recovery, sends no change and leaves the bytes alone;
 * following the recovery (move the file aside, apply) binds every entry again by adoption, with
 * zero creates and zero duplicates.
 */
import fc from "fast-check";
import { readFile, rename, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/cli/exit-codes.js";
import { BluejaySyncError } from "../../src/errors.js";
import { bindingProblems, distinctEntries, duplicatesOf } from "../support/chaos.js";
import { createWorld, schedulesYaml, type World } from "../support/world.js";

const N = 12;
const ENTRIES = distinctEntries(N);
const NAMES = Object.keys(ENTRIES);
let w: World;
let good = "";

beforeAll(async () => {
  w = await createWorld({ simulations: [30595] });
  await w.writeFile(schedulesYaml(ENTRIES));
  const first = await w.run("apply");
  expect(first.exit_code).toBe(0);
  good = await readFile(w.lockfile, "utf8");
});
afterAll(async () => {
  await w.close();
});
beforeEach(async () => {
  await writeFile(w.lockfile, good);
});

const changes = () => w.emulator.requests().filter((r) => r.method !== "GET").length;

/** The run must throw lockfile-corrupt (exit 3) with the recovery, change nothing, keep the bytes. */
async function expectRefused(text: string, mode: "plan" | "apply"): Promise<void> {
  await writeFile(w.lockfile, text);
  const before = changes();
  const err = await w.run(mode).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BluejaySyncError);
  expect((err as BluejaySyncError).code).toBe("lockfile-corrupt");
  expect(exitCodeFor(err)).toBe(3);
  const message = (err as Error).message;
  expect(message).toContain(w.lockfile);
  expect(message).toMatch(/mv .*\.broken/);
  expect(message).toMatch(/bluejay-sync apply/);
  expect(changes()).toBe(before);
  expect(await readFile(w.lockfile, "utf8")).toBe(text);
}

const corruptions: [string, (t: string) => string][] = [
  ["empty", () => ""],
  ["truncated to a tenth", (t) => t.slice(0, Math.floor(t.length / 10))],
  ["truncated in the middle", (t) => t.slice(0, Math.floor(t.length / 2))],
  ["missing its last brace", (t) => t.trimEnd().slice(0, -1)],
  ["zero bytes after a crash", (t) => "\0".repeat(t.length)],
  ["random bytes in the middle", (t) => `${t.slice(0, 80)}\u0007\u00ff}{${t.slice(84)}`],
  ["merge conflict markers", (t) => `<<<<<<< ours\n${t}=======\n${t}>>>>>>> theirs\n`],
  ["a list at the top", () => "[]\n"],
  ["an unknown version", (t) => t.replace('"version": 1', '"version": 7')],
  ["an id that is not a string", (t) => t.replace(/"id": "[^"]+"/, '"id": 42')],
];

describe("a corrupted lockfile is refused with the recovery named", () => {
  it.each(corruptions)("%s (plan and apply)", async (_name, corrupt) => {
    await expectRefused(corrupt(good), "plan");
    await expectRefused(corrupt(good), "apply");
  });

  it("every truncation of a valid lockfile is refused, never half-used", async () => {
    const end = good.trimEnd().length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: end - 1 }), async (cut) => {
        await expectRefused(good.slice(0, cut), "apply");
      }),
      { numRuns: 25, seed: 6 },
    );
  });
});

describe("the documented recovery", () => {
  it.each(corruptions.slice(0, 4))(
    "%s: move it aside and apply: every entry adopted, zero creates, zero duplicates",
    async (_name, corrupt) => {
      await writeFile(w.lockfile, corrupt(good));
      await rename(w.lockfile, `${w.lockfile}.broken`);
      const posts = w.emulator.requests().filter((r) => r.method === "POST").length;
      const report = await w.run("apply");
      expect(report.exit_code).toBe(0);
      expect(report.summary.adopt).toBe(N);
      expect(report.summary.create).toBe(0);
      expect(w.emulator.requests().filter((r) => r.method === "POST").length).toBe(posts);
      const remote = w.emulator.schedules();
      expect(remote).toHaveLength(N);
      expect(duplicatesOf(remote)).toEqual([]);
      expect(bindingProblems(await w.readLock(), NAMES, remote)).toEqual([]);
      expect((await w.run("plan")).changes_pending).toBe(false);
    },
  );
});
