/**
 * The built CLI as a real process with real signals: `bluejay-sync watch` against the emulator
 * (run in this process). Needs `npm run build` first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { CLI, runCli } from "../support/cli.js";

const KEY = "bj_e2e_watch_key_0123456789abcd";

interface Proc {
  child: ChildProcess;
  stderr(): string;
  url: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir = "";
let emulator: RunningEmulator | null = null;
let procs: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-e2e-watch-"));
});
afterEach(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  procs = [];
  await emulator?.close();
  emulator = null;
  await rm(dir, { recursive: true, force: true });
});

function entries(n: number): string {
  const lines = ["version: 1", "schedules:"];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  job-${i}:`,
      `    simulation_id: "30595"`,
      `    schedule: "${i % 60} ${Math.floor(i / 60)} * * *"`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function spawnWatch(args: string[]): Proc {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("BLUEJAY_")) env[k] = v;
  Object.assign(env, { BLUEJAY_API_KEY: KEY, BLUEJAY_API_URL: emulator!.url });
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  procs.push(child);
  let err = "";
  let found: (u: string) => void = () => {};
  const url = new Promise<string>((r) => (found = r));
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    const m = /listening on (http:\/\/[^"\s]+)/.exec(err);
    if (m?.[1]) found(m[1]);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("exit", (code, signal) => r({ code, signal })),
  );
  return { child, stderr: () => err, url, exit };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 25));
}

const BASE = ["watch", "--listen", "127.0.0.1:0", "--log-format", "json", "--debounce", "50"];

describe("bluejay-sync watch (process)", () => {
  it("on SIGTERM in the middle of an apply: lets requests finish, writes the lockfile, exits 0, loses no id", async () => {
    emulator = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595], latencyMs: 200 });
    await writeFile(path.join(dir, "bluejay.schedules.yaml"), entries(500));
    const p = spawnWatch([...BASE, "--rate-limit", "200", "--concurrency", "8"]);
    await until(() => emulator!.schedules().length >= 40);
    p.child.kill("SIGTERM");
    const { code } = await p.exit;
    expect(code).toBe(0);
    const created = emulator.schedules();
    expect(created.length).toBeLessThan(500);
    const lock = JSON.parse(await readFile(path.join(dir, "bluejay.schedules.lock.json"), "utf8"));
    const bound = new Set(Object.values(lock.schedules as Record<string, { id: string }>).map((e) => e.id));
    expect(created.filter((s) => !bound.has(s.id))).toEqual([]);
    expect(p.stderr()).toContain("signal received");
    expect(p.stderr()).not.toContain(KEY);
  });

  it("exits at once on a second signal", async () => {
    emulator = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595], latencyMs: 5_000 });
    await writeFile(path.join(dir, "bluejay.schedules.yaml"), entries(3));
    const p = spawnWatch(BASE);
    await p.url;
    await until(() => emulator!.requests().length > 0 || p.stderr().includes("reconcile"));
    p.child.kill("SIGINT");
    await until(() => p.stderr().includes("signal received"));
    p.child.kill("SIGINT");
    expect((await p.exit).code).toBe(130);
  });

  it("serves the endpoints on the logged address and writes JSON log lines without the key", async () => {
    emulator = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595] });
    await writeFile(path.join(dir, "bluejay.schedules.yaml"), entries(2));
    const p = spawnWatch(BASE);
    const url = await p.url;
    await until(async () => (await fetch(`${url}/readyz`)).status === 200);
    // Ready comes when the first reconcile starts; its metrics once it ends.
    await until(async () =>
      /^bluejay_sync_reconciles_total/m.test(await (await fetch(`${url}/metrics`)).text()),
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^bluejay_sync_reconciles_total\{result="ok"\} 1$/m);
    const status = (await (await fetch(`${url}/status`)).json()) as { summary: { create: number } };
    expect(status.summary.create).toBe(2);
    p.child.kill("SIGTERM");
    expect((await p.exit).code).toBe(0);
    const lines = p.stderr().trim().split("\n");
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(p.stderr()).not.toContain(KEY);
  });

  it.each([
    [["--resync", "every five minutes"], /--resync/],
    [["--listen", "nowhere"], /--listen/],
  ])("refuses bad flags %j with exit 3", async (flags, message) => {
    emulator = await startEmulator({ apiKey: KEY, port: 0 });
    const r = await runCli(["watch", ...flags], {
      cwd: dir,
      env: { BLUEJAY_API_KEY: KEY, BLUEJAY_API_URL: emulator.url },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
  });

  it("--once (the default command) applies and exits", async () => {
    emulator = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595] });
    await writeFile(path.join(dir, "bluejay.schedules.yaml"), entries(3));
    const r = await runCli(["--once"], {
      cwd: dir,
      env: { BLUEJAY_API_KEY: KEY, BLUEJAY_API_URL: emulator.url },
    });
    expect(r.code).toBe(0);
    expect(emulator.schedules()).toHaveLength(3);
  });
});
