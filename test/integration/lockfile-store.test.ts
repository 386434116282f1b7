// The lockfile store against real files in a temporary folder, in this process. Cross-process
// behaviour is in lockfile-process-lock.test.ts.
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LockEntry } from "../../src/core/types.js";
import { InternalError } from "../../src/errors.js";
import { writeFileDurably } from "../../src/lockfile/atomic-write.js";
import { serializeLock } from "../../src/lockfile/format.js";
import { lockPathFor, openLockStore, readLockFile, type OpenLockOptions } from "../../src/lockfile/store.js";
import { caught } from "../support/rejection.js";

const API = "https://api.getbluejay.ai";
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "bj-lockstore-"));
  file = path.join(dir, "bluejay.schedules.lock.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(i: number | string): LockEntry {
  return {
    id: `id-${i}`,
    simulation_id: "30595",
    cron_expression: "0 2 * * *",
    enabled: true,
    spec_hash: `h${i}`,
  };
}

function open(extra: Partial<OpenLockOptions> = {}) {
  return openLockStore({ path: file, apiUrl: API, allowTargetChange: false, lockTimeoutMs: 1000, ...extra });
}

/** A write function whose calls are counted and finish only when the test says so. */
function gatedWriter() {
  const calls: { text: string; finish: (err?: Error) => void }[] = [];
  const write = (f: string, text: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ text, finish: (err) => (err ? reject(err) : resolve(writeFileDurably(f, text))) });
    });
  return { calls, write };
}

/** Waits (without a clock) until the store has called the write function `n` times. */
async function writesStarted(calls: unknown[], n: number): Promise<void> {
  while (calls.length < n) await new Promise((resolve) => setImmediate(resolve));
}

describe("openLockStore: reading and writing", () => {
  it("starts empty when the file is missing and does not create it until there is something to write", async () => {
    const store = await open();
    expect(store.state).toEqual({ version: 1, api_url: API, schedules: {} });
    await store.flush();
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
    store.bind("a", entry(1));
    await store.close();
    expect(await readLockFile(file)).toEqual({ version: 1, api_url: API, schedules: { a: entry(1) } });
  });

  it("leaves the file untouched (same bytes, same mtime) when nothing changed", async () => {
    const text = serializeLock({ version: 1, api_url: API, schedules: { a: entry(1) } });
    await writeFile(file, text);
    const old = new Date("2001-01-01T00:00:00Z");
    await utimes(file, old, old);
    const store = await open();
    store.bind("a", entry(1));
    store.addPending("b", {
      simulation_id: "1",
      cron_expression: "* * * * *",
      enabled: true,
      spec_hash: "x",
    });
    store.removePending("b");
    await store.flush();
    await store.close();
    expect((await stat(file)).mtimeMs).toBe(old.getTime());
    expect(await readFile(file, "utf8")).toBe(text);
  });

  it("writes pending intents and drops them when the entry is bound", async () => {
    const store = await open();
    store.addPending("a", {
      simulation_id: "1",
      cron_expression: "* * * * *",
      enabled: true,
      spec_hash: "x",
    });
    await store.flush();
    expect(JSON.parse(await readFile(file, "utf8")).pending).toEqual({
      a: { simulation_id: "1", cron_expression: "* * * * *", enabled: true, spec_hash: "x" },
    });
    store.bind("a", entry(1));
    await store.close();
    const text = await readFile(file, "utf8");
    expect(text).not.toContain("pending");
    expect(JSON.parse(text).schedules.a).toEqual(entry(1));
  });

  it("refuses to record a value that could not be read back", async () => {
    const store = await open();
    expect(() => store.bind("no spaces", entry(1))).toThrow(InternalError);
    expect(() => store.bind("a", { ...entry(1), id: "" })).toThrow(InternalError);
    await store.close();
    expect(() => store.bind("a", entry(1))).toThrow(/closed/);
  });

  it("writes through a symlinked lockfile and keeps the link", async () => {
    const real = path.join(dir, "elsewhere", "real.lock.json");
    await mkdir(path.dirname(real));
    await writeFile(real, serializeLock({ version: 1, api_url: API, schedules: {} }));
    await symlink(real, file);
    const store = await open();
    store.bind("a", entry(1));
    await store.close();
    expect((await readLockFile(real))?.schedules.a).toEqual(entry(1));
    expect(await readdir(dir)).toEqual(["bluejay.schedules.lock.json", "elsewhere"]);
  });

  it("removes temporary files a killed writer left beside the lockfile", async () => {
    await writeFile(`${file}.123456789`, "{ half");
    await writeFile(path.join(dir, "keep.txt"), "x");
    const store = await open();
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(["keep.txt"]);
  });
});

describe("openLockStore: coalesced writes", () => {
  it("turns 100 binds and flushes during a write into one more write", async () => {
    const gate = gatedWriter();
    const store = await open({ writeFile: gate.write });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      store.bind(`e${i}`, entry(i));
      flushes.push(store.flush());
    }
    await writesStarted(gate.calls, 1);
    gate.calls[0]?.finish();
    await flushes[0];
    await writesStarted(gate.calls, 2);
    gate.calls[1]?.finish();
    await Promise.all(flushes);
    await store.close();
    expect(gate.calls).toHaveLength(2);
    expect(Object.keys((await readLockFile(file))?.schedules ?? {})).toHaveLength(100);
  });

  it("resolves a flush only when a write holding its change is done", async () => {
    const gate = gatedWriter();
    const store = await open({ writeFile: gate.write });
    store.bind("a", entry("a"));
    const first = store.flush();
    store.bind("b", entry("b"));
    let secondDone = false;
    const second = store.flush().then(() => (secondDone = true));
    await writesStarted(gate.calls, 1);
    gate.calls[0]?.finish();
    await first;
    expect(gate.calls[0]?.text).not.toContain('"b"');
    expect(secondDone).toBe(false);
    await writesStarted(gate.calls, 2);
    expect(gate.calls[1]?.text).toContain('"b"');
    gate.calls[1]?.finish();
    await second;
    expect(secondDone).toBe(true);
    await store.close();
  });

  it("rejects the flushes a failed write covered, and writes again on the next flush", async () => {
    const gate = gatedWriter();
    const store = await open({ writeFile: gate.write });
    store.bind("a", entry(1));
    const first = store.flush();
    const outcome = first.then(
      () => "resolved",
      (e: Error) => e.message,
    );
    await writesStarted(gate.calls, 1);
    gate.calls[0]?.finish(new Error("disk full"));
    expect(await outcome).toBe("disk full");
    const retry = store.flush();
    await writesStarted(gate.calls, 2);
    gate.calls[1]?.finish();
    await retry;
    await store.close();
    expect((await readLockFile(file))?.schedules.a).toEqual(entry(1));
  });
});

describe("openLockStore: target, read-only, lock", () => {
  it("refuses a lockfile made against another api_url, naming both and the flag", async () => {
    await writeFile(file, serializeLock({ version: 1, api_url: "http://localhost:8080", schedules: {} }));
    const err = await caught(open());
    expect(err.code).toBe("target-changed");
    expect(err.message).toContain("http://localhost:8080");
    expect(err.message).toContain(API);
    expect(err.message).toContain("--allow-target-change");
    // The lock was released: a second open is not kept waiting.
    const store = await open({ apiUrl: "http://localhost:8080", lockTimeoutMs: 0 });
    await store.close();
  });

  it.each([
    ["HTTPS://API.getbluejay.ai:443/", API],
    ["http://127.0.0.1:8080/", "http://127.0.0.1:8080"],
  ])("compares api_url normalised: %s is %s", async (recorded, wanted) => {
    await writeFile(file, serializeLock({ version: 1, api_url: recorded, schedules: {} }));
    const store = await open({ apiUrl: wanted });
    await store.close();
    expect((await readLockFile(file))?.api_url).toBe(recorded);
  });

  it("with allowTargetChange records the new api_url at the next flush", async () => {
    await writeFile(
      file,
      serializeLock({ version: 1, api_url: "http://localhost:8080", schedules: { a: entry(1) } }),
    );
    const store = await open({ allowTargetChange: true });
    expect(store.state.api_url).toBe(API);
    await store.close();
    expect((await readLockFile(file))?.api_url).toBe(API);
  });

  it("read-only: takes no lock and never writes", async () => {
    const holder = await open();
    let writes = 0;
    const store = await open({
      readOnly: true,
      lockTimeoutMs: 0,
      writeFile: async () => {
        writes++;
      },
    });
    store.bind("a", entry(1));
    await store.flush();
    await store.close();
    await holder.close();
    expect(writes).toBe(0);
    await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a second opener waits, then fails with lock-timeout naming the lock, the holder and the flag", async () => {
    const holder = await open();
    const err = await caught(open({ lockTimeoutMs: 300 }));
    expect(err.code).toBe("lock-timeout");
    expect(err.message).toContain(lockPathFor(file));
    expect(err.message).toContain(`pid ${process.pid} on host ${os.hostname()}`);
    expect(err.message).toContain("--lock-timeout");
    await holder.close();
    await holder.close();
    await expect(stat(lockPathFor(file))).rejects.toMatchObject({ code: "ENOENT" });
    const next = await open({ lockTimeoutMs: 0 });
    await next.close();
  });

  it("a corrupt lockfile is reported and the lock released", async () => {
    await writeFile(file, '{"version": 1, "api_url": "x", "schedules": {');
    const err = await caught(open());
    expect(err.code).toBe("lockfile-corrupt");
    expect(err.message).toContain(`mv ${file} ${file}.broken`);
    await expect(stat(lockPathFor(file))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readLockFile(file)).rejects.toMatchObject({ code: "lockfile-corrupt" });
  });

  it("a lockfile in a folder that does not exist is a clear lock-failed error", async () => {
    const err = await caught(open({ path: path.join(dir, "missing", "x.lock.json") }));
    expect(err.code).toBe("lock-failed");
    expect(err.message).toContain(`the folder ${path.join(dir, "missing")} does not exist`);
  });

  it("readLockFile gives null when the file is missing", async () => {
    expect(await readLockFile(file)).toBeNull();
  });
});

describe("writeFileDurably", () => {
  it("leaves no temporary file behind when the write fails", async () => {
    await mkdir(file);
    await expect(writeFileDurably(file, "{}\n")).rejects.toBeTruthy();
    expect(await readdir(dir)).toEqual(["bluejay.schedules.lock.json"]);
  });
});
