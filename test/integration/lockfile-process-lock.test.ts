// One writer across processes, with real child processes. The children (lockfile-child.mjs) import
// the BUILT modules from dist/: run `npm run build` before these tests. In-process cases use the
// TypeScript sources.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LockEntry } from "../../src/core/types.js";
import { writeFileDurably } from "../../src/lockfile/atomic-write.js";
import { serializeLock } from "../../src/lockfile/format.js";
import { acquireProcessLock } from "../../src/lockfile/process-lock.js";
import { lockPathFor, openLockStore, readLockFile } from "../../src/lockfile/store.js";
import { caught } from "../support/rejection.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, "lockfile-child.mjs");
const BUILT = path.join(here, "..", "..", "dist", "lockfile", "store.js");
const API = "https://api.getbluejay.ai";

let dir: string;
let file: string;
let lock: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` before these tests`);
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "bj-proclock-"));
  file = path.join(dir, "bluejay.schedules.lock.json");
  lock = lockPathFor(file);
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(...args: string[]): Running {
  const child = spawn(process.execPath, [CHILD, ...args]);
  children.push(child);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, exited };
}

/** Resolves once the child has printed `line`; rejects if it exits first. */
function printed(r: Running, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (r.out().split("\n").includes(line)) resolve();
    };
    r.child.stdout.on("data", check);
    void r.exited.then(() => {
      check();
      reject(new Error(`child exited before printing "${line}": ${r.out()}`));
    });
    check();
  });
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ["-e", ""]).pid;
  if (!pid) throw new Error("could not start a process");
  return pid;
}

/** Leaves a lock behind as a killed run would: the holder is SIGKILLed while holding it. */
async function killedHolder(): Promise<number> {
  const holder = run("hold", lock);
  await printed(holder, "acquired");
  holder.child.kill("SIGKILL");
  await holder.exited;
  expect(existsSync(lock)).toBe(true);
  return holder.child.pid ?? 0;
}

function entry(i: number): LockEntry {
  return { id: `id-${i}`, simulation_id: "1", cron_expression: "* * * * *", enabled: true, spec_hash: "h" };
}

describe("one writer across processes", () => {
  it("a second process waits while the first holds the lock, then proceeds", async () => {
    const holder = run("hold", lock);
    await printed(holder, "acquired");
    const opener = run("open", file, API, "20000", "second");
    // Give it ample time to finish if the lock did not hold it back.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(opener.child.exitCode).toBeNull();
    expect(existsSync(file)).toBe(false);
    holder.child.stdin.end();
    await printed(holder, "released");
    expect(await opener.exited).toEqual({ code: 0, signal: null });
    expect((await readLockFile(file))?.schedules.second?.id).toBe("id-second");
    expect(existsSync(lock)).toBe(false);
  });

  it("gives up after --lock-timeout with lock-timeout, naming the lock path and the holder's pid", async () => {
    const holder = run("hold", lock);
    await printed(holder, "acquired");
    const opener = run("open", file, API, "300", "second");
    expect((await opener.exited).code).toBe(1);
    const result = JSON.parse(opener.out()) as { code: string; message: string };
    expect(result.code).toBe("lock-timeout");
    expect(result.message).toContain(lock);
    expect(result.message).toContain(`pid ${holder.child.pid} on host ${os.hostname()}`);
    expect(result.message).toContain("--lock-timeout");
    holder.child.stdin.end();
    await holder.exited;
  });

  it("takes over at once a lock whose holder was killed", async () => {
    const pid = await killedHolder();
    expect(JSON.parse(await readFile(lock, "utf8")).pid).toBe(pid);
    const store = await openLockStore({
      path: file,
      apiUrl: API,
      allowTargetChange: false,
      lockTimeoutMs: 2000,
    });
    store.bind("a", entry(1));
    await store.close();
    expect((await readLockFile(file))?.schedules.a).toEqual(entry(1));
  });

  it("lets exactly one of several waiters at a time take over a dead holder's lock", async () => {
    for (let round = 0; round < 5; round++) {
      await killedHolder();
      const log = path.join(dir, `critical-${round}.log`);
      const go = path.join(dir, `go-${round}`);
      const waiters = Array.from({ length: 6 }, () => run("critical", lock, log, "20", go));
      await Promise.all(waiters.map((w) => printed(w, "ready")));
      await writeFile(go, "");
      const exits = await Promise.all(waiters.map((w) => w.exited));
      expect(exits.map((e, i) => (e.code === 0 ? "ok" : waiters[i]?.out()))).toEqual(Array(6).fill("ok"));
      const lines = (await readFile(log, "utf8")).trim().split("\n");
      expect(lines).toHaveLength(12);
      for (let i = 0; i < lines.length; i += 2) {
        const pid = lines[i]?.split(" ")[1];
        expect([lines[i], lines[i + 1]]).toEqual([`enter ${pid}`, `exit ${pid}`]);
      }
      expect(existsSync(lock)).toBe(false);
      await rm(go);
    }
  });

  it("a reader in another process never sees a partial lockfile while a 10k-entry file is rewritten", async () => {
    const schedules: Record<string, LockEntry> = {};
    for (let i = 0; i < 10_000; i++) schedules[`entry-${i}`] = entry(i);
    await writeFileDurably(file, serializeLock({ version: 1, api_url: API, schedules }));
    const stop = path.join(dir, "stop");
    const reader = run("read-loop", file, stop);
    for (let round = 0; round < 25; round++) {
      schedules[`entry-${round}`] = { ...entry(round), enabled: round % 2 === 0 };
      await writeFileDurably(file, serializeLock({ version: 1, api_url: `${API}/r${round}`, schedules }));
    }
    await writeFile(stop, "");
    await reader.exited;
    const counts = JSON.parse(reader.out()) as { reads: number; partial: number; missing: number };
    expect(counts.reads).toBeGreaterThan(0);
    expect(counts).toMatchObject({ partial: 0, missing: 0 });
    expect((await readdir(dir)).sort()).toEqual(["bluejay.schedules.lock.json", "stop"]);
  });
});

describe("stale locks judged in this process", () => {
  const foreign = (mtime?: Date) =>
    writeFile(
      lock,
      JSON.stringify({ pid: 4242, hostname: "some-other-host", token: "abc", acquired_at: "" }),
    ).then(() => mtime && utimes(lock, mtime, mtime));

  it("waits for a holder on another host while it is fresh", async () => {
    await foreign();
    const err = await caught(acquireProcessLock({ path: lock, timeoutMs: 300, staleMs: 60_000 }));
    expect(err.code).toBe("lock-timeout");
    expect(err.message).toContain("pid 4242 on host some-other-host");
  });

  it("takes over a holder on another host that stopped refreshing the lock", async () => {
    await foreign(new Date(Date.now() - 120_000));
    const held = await acquireProcessLock({ path: lock, timeoutMs: 300, staleMs: 60_000 });
    expect(JSON.parse(await readFile(lock, "utf8")).pid).toBe(process.pid);
    await held.release();
  });

  it("a live holder keeps the lock past the stale age by refreshing it", async () => {
    const held = await acquireProcessLock({ path: lock, timeoutMs: 0, staleMs: 300, refreshMs: 50 });
    const elsewhere = { pid: 1, hostname: "some-other-host" };
    const err = await caught(
      acquireProcessLock({ path: lock, timeoutMs: 1200, staleMs: 300, host: elsewhere }),
    );
    expect(err.code).toBe("lock-timeout");
    expect(await held.isHeld()).toBe(true);
    await held.release();
    await held.release();
    expect(existsSync(lock)).toBe(false);
  });

  it("gets past a takeover left half done by a killed waiter, and clears what it left", async () => {
    const dead = { pid: deadPid(), hostname: os.hostname(), token: "stale1", acquired_at: "" };
    await writeFile(lock, JSON.stringify(dead));
    await writeFile(`${lock}.takeover-stale1.0`, JSON.stringify({ ...dead, token: "taker1" }));
    await writeFile(`${lock}.takeover-old.0`, "{}");
    const held = await acquireProcessLock({ path: lock, timeoutMs: 2000 });
    expect((await readdir(dir)).sort()).toEqual([path.basename(lock)]);
    await held.release();
  });

  it("treats a holder on this host whose pid is gone as stale", async () => {
    await writeFile(
      lock,
      JSON.stringify({ pid: deadPid(), hostname: os.hostname(), token: "t", acquired_at: "" }),
    );
    const held = await acquireProcessLock({ path: lock, timeoutMs: 0 });
    expect((await stat(lock)).isFile()).toBe(true);
    await held.release();
  });
});
