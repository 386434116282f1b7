/**
 * Usage, from the built CLI: a mistyped command, apply without --yes where nobody can be asked,
 * JSON output for usage errors, validate under GitHub Actions, and where a server error points.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { runCli } from "../support/cli.js";
import { schedulesYaml } from "../support/world.js";

const KEY = "bj_usage_key_abcdefghijklmnop";
let emu: RunningEmulator;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595] });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.reset();
  dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-usage-"));
  env = { BLUEJAY_API_URL: emu.url, BLUEJAY_API_KEY: KEY };
  return () => rm(dir, { recursive: true, force: true });
});

describe("the README's demo", () => {
  it("plans, applies, applies again in sync, and leaves someone else's schedule alone", async () => {
    const r = await runCli(["demo"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/= adopt +nightly-regression/);
    expect(r.stdout).toMatch(/^Applied: 7 changed/m);
    expect(r.stdout).toMatch(/^In sync: 0 changed; 0 orphaned, 7 unchanged; 1 request\.$/m);
    expect(r.stdout).toMatch(/was left alone\./);
  });
});

describe("usage", () => {
  it("names a mistyped command and suggests the right one", async () => {
    const r = await runCli(["plna"], { env, cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unknown command 'plna'; did you mean 'plan'\?/);
    expect(emu.requests()).toHaveLength(0);
  });

  it("refuses apply without --yes when it cannot ask, and sends nothing", async () => {
    await writeFile(
      path.join(dir, "bluejay.schedules.yaml"),
      schedulesYaml({ a: 'simulation_id: "30595"\nschedule: "0 1 * * *"' }),
    );
    const r = await runCli(["apply"], { env, cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--yes/);
    expect(emu.requests()).toHaveLength(0);
  });

  it("prints one JSON document for a usage error under --output json", async () => {
    const r = await runCli(["plan", "--output", "json", "--concurrency", "0"], { env, cwd: dir });
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, exit_code: 3 });
    expect(doc.errors[0].message).toMatch(/--concurrency/);
    expect(doc.errors[0].file).toBe(path.join(dir, "bluejay.schedules.yaml"));
  });

  it("validate appends a step summary under GitHub Actions", async () => {
    await writeFile(
      path.join(dir, "bluejay.schedules.yaml"),
      "version: 1\nschedules:\n  a:\n    simulaton_id: '1'\n",
    );
    const summary = path.join(dir, "summary.md");
    const r = await runCli(["validate"], {
      env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
      cwd: dir,
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^::error file=bluejay\.schedules\.yaml,line=4,/m);
    const md = await readFile(summary, "utf8");
    expect(md).toMatch(/bluejay-sync validate: ❌ `bluejay\.schedules\.yaml`/);
    expect(md).toMatch(/`bluejay\.schedules\.yaml:4:5`/);
  });

  it("puts file:line:column before a server error in text output", async () => {
    await writeFile(
      path.join(dir, "bluejay.schedules.yaml"),
      schedulesYaml({
        ok: 'simulation_id: "30595"\nschedule: "0 1 * * *"',
        ghost: 'simulation_id: "777"\nschedule: "0 2 * * *"',
      }),
    );
    const r = await runCli(["apply", "--yes"], { env, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bluejay\.schedules\.yaml:6:3: .*Simulation not found/);
  });
});
