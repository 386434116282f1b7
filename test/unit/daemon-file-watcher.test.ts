import { mkdtemp, mkdir, rename, rm, symlink, unlink, writeFile, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileWatcher, hashFile, type FileWatcher } from "../../src/daemon/file-watcher.js";

interface Harness {
  dir: string;
  file: string;
  watcher: FileWatcher;
  changes: (string | null)[];
  next(): Promise<string | null>;
}

let open: FileWatcher[] = [];
afterEach(async () => {
  await Promise.all(open.map((w) => w.close()));
  open = [];
});

async function harness(setup: (dir: string, file: string) => Promise<void>): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), "bjs-watch-"));
  const file = path.join(dir, "bluejay.schedules.yaml");
  await setup(dir, file);
  const changes: (string | null)[] = [];
  let wake: (() => void) | null = null;
  const watcher = createFileWatcher({
    file,
    debounceMs: 50,
    rehashIntervalMs: 60_000,
    onChange: (e) => {
      changes.push(e.hash);
      wake?.();
    },
  });
  open.push(watcher);
  await watcher.start();
  const next = async (): Promise<string | null> => {
    const seen = changes.length;
    while (changes.length === seen) await new Promise<void>((r) => (wake = r));
    return changes[seen] ?? null;
  };
  return { dir, file, watcher, changes, next };
}

const plain = (content: string) => async (_dir: string, file: string) => writeFile(file, content);

/** A ConfigMap volume: file → ..data/file, ..data → ..<ts>/ */
async function configMap(dir: string, content: string, stamp: string): Promise<void> {
  const ts = path.join(dir, `..${stamp}`);
  await mkdir(ts);
  await writeFile(path.join(ts, "bluejay.schedules.yaml"), content);
  await symlink(`..${stamp}`, path.join(dir, "..data_tmp"));
  await rename(path.join(dir, "..data_tmp"), path.join(dir, "..data"));
}

describe("file watcher", () => {
  const cases: {
    name: string;
    setup: (dir: string, file: string) => Promise<void>;
    change: (dir: string, file: string) => Promise<void>;
    expected: string | null;
  }[] = [
    {
      name: "an edit in place",
      setup: plain("a: 1\n"),
      change: (_d, f) => writeFile(f, "a: 2\n"),
      expected: "a: 2\n",
    },
    {
      name: "a rename-save (write a temp file, rename it over)",
      setup: plain("a: 1\n"),
      change: async (d, f) => {
        await writeFile(path.join(d, ".bluejay.schedules.yaml.tmp"), "a: 3\n");
        await rename(path.join(d, ".bluejay.schedules.yaml.tmp"), f);
      },
      expected: "a: 3\n",
    },
    {
      name: "a ConfigMap ..data symlink swap",
      setup: async (d, f) => {
        await configMap(d, "a: 1\n", "2024_01_01");
        await symlink("..data/bluejay.schedules.yaml", f);
      },
      change: async (d) => {
        await configMap(d, "a: 4\n", "2024_01_02");
        await rm(path.join(d, "..2024_01_01"), { recursive: true });
      },
      expected: "a: 4\n",
    },
    { name: "a delete", setup: plain("a: 1\n"), change: (_d, f) => unlink(f), expected: null },
    {
      name: "a file that appears",
      setup: async () => {},
      change: (_d, f) => writeFile(f, "a: 5\n"),
      expected: "a: 5\n",
    },
  ];

  it.each(cases)("sees $name", async ({ setup, change, expected }) => {
    const h = await harness(setup);
    const got = h.next();
    await change(h.dir, h.file);
    const hash = await got;
    if (expected === null) expect(hash).toBeNull();
    else {
      await writeFile(path.join(h.dir, "expected"), expected);
      expect(hash).toBe(await hashFile(path.join(h.dir, "expected")));
    }
  });

  it("sees a delete and a recreate with new content as two changes", async () => {
    const h = await harness(plain("a: 1\n"));
    const first = h.next();
    await unlink(h.file);
    expect(await first).toBeNull();
    const second = h.next();
    await writeFile(h.file, "a: 6\n");
    expect(await second).not.toBeNull();
    expect(h.watcher.hash).toBe(await second);
  });

  it("sees a second write that follows the first within a few milliseconds", async () => {
    const h = await harness(plain("a: 1\n"));
    const first = h.next();
    await writeFile(h.file, "a: 2\n");
    await first;
    const second = h.next();
    await writeFile(h.file, "a: 3\n");
    expect(await second).toBe(await hashFile(h.file));
  });

  it("reports nothing when the file is touched or rewritten with the same bytes", async () => {
    const h = await harness(plain("a: 1\n"));
    await writeFile(h.file, "a: 1\n");
    await utimes(h.file, new Date(), new Date());
    await writeFile(path.join(h.dir, "unrelated.txt"), "x");
    // A real change afterwards is the first one reported: the touches in between were not.
    const got = h.next();
    await writeFile(h.file, "a: 7\n");
    await got;
    expect(h.changes).toHaveLength(1);
  });

  it("re-hash finds a change the watcher was not told about", async () => {
    const h = await harness(plain("a: 1\n"));
    await h.watcher.close();
    const w2 = createFileWatcher({ file: h.file, debounceMs: 10, onChange: (e) => h.changes.push(e.hash) });
    // Not started: nothing watches the folder, only rehash() can see the edit.
    await writeFile(h.file, "a: 8\n");
    await w2.rehash();
    expect(h.changes).toEqual([await hashFile(h.file)]);
  });
});
