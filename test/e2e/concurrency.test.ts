/**
 * Several processes on one folder at once: three `apply --yes` runs and a `watch` sidecar, all
 * built CLIs against one emulator. One writer at a time (the lock), so every entry is created
 * exactly once; the lockfile parses whenever it is read; a run that cannot get the lock within
 * --lock-timeout fails with exit 1 and says why. Needs `npm run build` first.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { parseLock } from "../../src/lockfile/format.js";
import { bindingProblems, distinctEntries, duplicatesOf } from "../support/chaos.js";
import { runCli } from "../support/cli.js";
import { crashMarks, startCli, type LiveProcess } from "../support/process.js";
import { schedulesYaml } from "../support/world.js";

const KEY = "bj_concurrency_key_0123456789ab";
let emu: RunningEmulator;
let dir: string;
let env: Record<string, string>;
let procs: LiveProcess[] = [];

beforeEach(async () => {
  emu = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595], latencyMs: 15 });
  dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-concurrency-"));
  env = { BLUEJAY_API_URL: emu.url, BLUEJAY_API_KEY: KEY };
});
afterEach(async () => {
  for (const p of procs)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  procs = [];
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

const lockfile = () => path.join(dir, "bluejay.schedules.lock.json");
const posts = () => emu.requests().filter((r) => r.method === "POST").length;

/**
 * Reads the lockfile and its lock until `done` resolves: every read of the lockfile must parse,
 * and the holders seen in turn are recorded.
 */
async function watchFolder(done: Promise<unknown>) {
  let finished = false;
  void done.finally(() => (finished = true));
  const holders = new Set<number>();
  const torn: string[] = [];
  let reads = 0;
  while (!finished) {
    const text = await readFile(lockfile(), "utf8").catch(() => null);
    if (text !== null) {
      reads++;
      try {
        parseLock(text, lockfile());
      } catch (err) {
        torn.push((err as Error).message);
      }
    }
    const holder = await readFile(`${lockfile()}.lock`, "utf8").catch(() => null);
    if (holder) holders.add((JSON.parse(holder) as { pid: number }).pid);
    await sleep(5);
  }
  return { holders, torn, reads };
}

describe("several processes on one folder", () => {
  it("3 applies and a sidecar at once: one writer at a time, each entry created once", async () => {
    const N = 80;
    const entries = distinctEntries(N);
    await writeFile(path.join(dir, "bluejay.schedules.yaml"), schedulesYaml(entries));
    const fast = ["--rate-limit", "1000"];
    const sidecar = startCli(
      ["watch", "--listen", "127.0.0.1:0", "--log-format", "json", "--debounce", "20", ...fast],
      { cwd: dir, env },
    );
    procs.push(sidecar);
    const applies = Promise.all([1, 2, 3].map(() => runCli(["apply", "--yes", ...fast], { env, cwd: dir })));
    const seen = await watchFolder(Promise.all([applies, sidecar.waitFor(/"msg":"reconciled/)]));
    for (const r of await applies) {
      expect(r.code, r.stderr).toBe(0);
      expect(crashMarks(r.stdout + r.stderr)).toEqual([]);
    }
    sidecar.child.kill("SIGTERM");
    expect((await sidecar.exit).code).toBe(0);
    expect(crashMarks(sidecar.stderr())).toEqual([]);

    expect(posts()).toBe(N);
    expect(seen.torn).toEqual([]);
    expect(seen.reads).toBeGreaterThan(0);
    // They took turns: more than one process held the lock while the folder was watched.
    expect(seen.holders.size).toBeGreaterThan(1);
    const remote = emu.schedules();
    expect(duplicatesOf(remote)).toEqual([]);
    const text = await readFile(lockfile(), "utf8");
    expect(() => parseLock(text, lockfile())).not.toThrow();
    expect(bindingProblems(JSON.parse(text), Object.keys(entries), remote)).toEqual([]);
    await expect(readFile(`${lockfile()}.lock`, "utf8")).rejects.toThrow();
  }, 90_000);

  it("a run that cannot get the lock within --lock-timeout fails with exit 1 and changes nothing", async () => {
    const N = 24;
    const entries = distinctEntries(N);
    await writeFile(path.join(dir, "bluejay.schedules.yaml"), schedulesYaml(entries));
    emu.setFaults({ latencyMs: 300 });
    let firstDone = false;
    const first = runCli(["apply", "--yes", "--rate-limit", "1000", "--concurrency", "2"], { env, cwd: dir });
    void first.finally(() => (firstDone = true));
    const locked = async () => (await readFile(`${lockfile()}.lock`, "utf8").catch(() => null)) !== null;
    while (!firstDone && !(await locked())) await sleep(10);
    expect(firstDone, "the first run ended before its lock was seen").toBe(false);
    const sentBefore = emu.requests().length;
    const waiter = await runCli(["apply", "--yes", "--lock-timeout", "1"], { env, cwd: dir });
    expect(waiter.code).toBe(1);
    expect(waiter.stderr).toMatch(/timed out after 1 s waiting for the lock/);
    expect(waiter.stderr).toMatch(/--lock-timeout/);
    expect(crashMarks(waiter.stderr)).toEqual([]);
    expect((await first).code).toBe(0);
    // The waiter sent nothing: what came after the lock appeared is the first run's list and creates.
    expect(posts()).toBe(N);
    expect(emu.requests().length - sentBefore).toBeLessThanOrEqual(N + 1);
    emu.setFaults({ latencyMs: 0 });
    const after = await runCli(["plan", "--detailed-exitcode"], { env, cwd: dir });
    expect(after.code).toBe(0);
    expect(duplicatesOf(emu.schedules())).toEqual([]);
  }, 90_000);
});
