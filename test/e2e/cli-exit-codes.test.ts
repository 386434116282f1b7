/**
 * Every exit code of the contract, from the built CLI, against the emulator over HTTP.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { runCli } from "../support/cli.js";
import { schedulesYaml } from "../support/world.js";

const KEY = "bj_e2e_key_abcdefghijklmnop";
let emu: RunningEmulator;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({
    apiKey: KEY,
    port: 0,
    simulations: [30595, 30596],
    forbiddenKeys: ["bj_forbidden_key_0123456789"],
  });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.reset();
  dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-e2e-"));
  env = { BLUEJAY_API_URL: emu.url, BLUEJAY_API_KEY: KEY };
  return () => rm(dir, { recursive: true, force: true });
});

const two = schedulesYaml({
  a: 'simulation_id: "30595"\nschedule: { frequency: daily, time: "02:00" }',
  b: 'simulation_id: 30596\nschedule: "*/15 * * * *"',
});

async function put(text: string, name = "bluejay.schedules.yaml"): Promise<string> {
  const f = path.join(dir, name);
  await writeFile(f, text);
  return f;
}

describe("exit codes", () => {
  it("0: applied, then in sync; the key appears nowhere", async () => {
    await put(two);
    const first = await runCli(["apply", "--yes"], { env, cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/create/);
    const again = await runCli(["--once"], { env, cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/In sync/);
    const lock = await readFile(path.join(dir, "bluejay.schedules.lock.json"), "utf8");
    for (const text of [first.stdout, first.stderr, again.stdout, again.stderr, lock])
      expect(text).not.toContain(KEY);
  });

  it("2: plan --detailed-exitcode with changes; 0 when in sync or only orphans", async () => {
    await put(two);
    expect((await runCli(["plan", "--detailed-exitcode"], { env, cwd: dir })).code).toBe(2);
    expect((await runCli(["plan"], { env, cwd: dir })).code).toBe(0);
    await runCli(["apply", "--yes"], { env, cwd: dir });
    expect((await runCli(["plan", "--detailed-exitcode"], { env, cwd: dir })).code).toBe(0);
    await put(schedulesYaml({ a: 'simulation_id: "30595"\nschedule: { frequency: daily, time: "02:00" }' }));
    const orphans = await runCli(["plan", "--detailed-exitcode"], { env, cwd: dir });
    expect(orphans.code).toBe(0);
    expect(orphans.stdout).toMatch(/orphan/);
  });

  it("1: an action failed (unknown simulation), with the entry's line", async () => {
    await put(schedulesYaml({ ghost: 'simulation_id: "424242"\nschedule: "0 1 * * *"' }));
    const r = await runCli(["apply", "--yes", "--output", "json"], { env, cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, exit_code: 1 });
    expect(doc.errors[0]).toMatchObject({ line: 3, column: 3 });
  });

  it("1: the server cannot be reached", async () => {
    await put(two);
    const r = await runCli(["plan"], { env: { ...env, BLUEJAY_API_URL: "http://127.0.0.1:9" }, cwd: dir });
    expect(r.code).toBe(1);
  }, 60_000);

  it("3: invalid file, missing file, bad usage, insecure URL, both key sources", async () => {
    await put(
      "version: 1\nschedules:\n  a:\n    simulation_id: '1'\n    schedule: { frequency: dayly, time: '02:00' }\n",
    );
    const invalid = await runCli(["apply", "--yes"], { env, cwd: dir });
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toMatch(/bluejay\.schedules\.yaml:5:/);
    expect((await runCli(["plan", "-f", "nope.yaml"], { env, cwd: dir })).code).toBe(3);
    expect((await runCli(["plan", "--no-such-flag"], { env, cwd: dir })).code).toBe(3);
    await put(two);
    const insecure = await runCli(["plan"], {
      env: { ...env, BLUEJAY_API_URL: "http://api.example.com" },
      cwd: dir,
    });
    expect(insecure.code).toBe(3);
    const keyFile = await put(KEY, "key.txt");
    const both = await runCli(["plan"], { env: { ...env, BLUEJAY_API_KEY_FILE: keyFile }, cwd: dir });
    expect(both.code).toBe(3);
    expect(emu.requests()).toHaveLength(0);
  });

  it("4: delete budget, and a lockfile made against another target", async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 3; i++) entries[`e${i}`] = `simulation_id: "30595"\nschedule: "${i} 3 * * *"`;
    await put(schedulesYaml(entries));
    await runCli(["apply", "--yes"], { env, cwd: dir });
    await put(
      "version: 1\nprune: true\nschedules:\n  e0:\n    simulation_id: '30595'\n    schedule: '0 3 * * *'\n",
    );
    const budget = await runCli(["apply", "--yes", "--max-deletes", "1"], { env, cwd: dir });
    expect(budget.code).toBe(4);
    expect(emu.schedules()).toHaveLength(3);
    const other = await runCli(["plan"], {
      env: { ...env, BLUEJAY_API_URL: emu.url.replace("127.0.0.1", "localhost") },
      cwd: dir,
    });
    expect(other.code).toBe(4);
    expect(other.stderr).toMatch(/--allow-target-change/);
  });

  it("5: the key is rejected (401) or has no organization (403)", async () => {
    await put(two);
    const wrong = await runCli(["apply", "--yes"], {
      env: { ...env, BLUEJAY_API_KEY: "bj_wrong_key_0000000000000000" },
      cwd: dir,
    });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).not.toContain("bj_wrong_key_0000000000000000");
    const forbidden = await runCli(["plan"], {
      env: { ...env, BLUEJAY_API_KEY: "bj_forbidden_key_0123456789" },
      cwd: dir,
    });
    expect(forbidden.code).toBe(5);
  });

  it("--output json prints exactly one JSON document", async () => {
    await put(two);
    const r = await runCli(["plan", "--output", "json"], { env, cwd: dir });
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, exit_code: 0, mode: "plan" });
    expect(doc.actions).toHaveLength(2);
    expect(doc.summary.create).toBe(2);
  });
});
