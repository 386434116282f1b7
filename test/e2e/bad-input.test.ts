/**
 * Bad input in every mode: each file of the invalid corpus and fuzzed files (random bytes, random
 * YAML, truncations of a valid file) in validate, plan and apply, and in the sidecar. Never a stack
 * trace, never a remote change; invalid is exit 3. A corrupted lockfile is exit 3 naming the
 * recovery. Every file goes through the commands in-process (the same functions the CLI calls,
 * which keeps the sweep fast); a fixed sample goes through the built CLI as real processes, and
 * the sidecar runs as a real process. Needs `npm run build` first.
 */
import fc from "fast-check";
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { PassThrough } from "node:stream";
import { runApplyCommand } from "../../src/cli/commands/apply.js";
import { runValidate } from "../../src/cli/commands/validate.js";
import { runReconcileCommand } from "../../src/cli/run-reconcile.js";
import { parseSchedules } from "../../src/config/load.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { distinctEntries } from "../support/chaos.js";
import { runCli, type CliResult } from "../support/cli.js";
import { crashMarks, inPool, killLeftovers, startCli, type LiveProcess } from "../support/process.js";
import { schedulesYaml } from "../support/world.js";

const KEY = "bj_bad_input_key_0123456789abc";
const INVALID = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/invalid");
const MODES = [["validate"], ["plan"], ["apply", "--yes"]];
const WIDTH = 3;
/** Every sixth file of the corpus also goes through the built CLI. */
const SAMPLE_EVERY = 6;

let emu: RunningEmulator;
let dir: string;
let env: Record<string, string>;
let corpus: string[];

const live: LiveProcess[] = [];

beforeAll(async () => {
  emu = await startEmulator({ apiKey: KEY, port: 0, simulations: [30595] });
  dir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-bad-input-"));
  env = { BLUEJAY_API_URL: emu.url, BLUEJAY_API_KEY: KEY };
  corpus = (await readdir(INVALID)).filter((f) => f.endsWith(".yaml")).sort();
});
afterAll(async () => {
  killLeftovers(live);
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

const changes = () => emu.requests().filter((r) => r.method !== "GET");

function expectNoCrash(r: CliResult, what: string): void {
  expect(crashMarks(r.stdout + r.stderr), `${what}\n${r.stderr}`).toEqual([]);
}

/** Runs `file` in every mode, as real processes, with the lockfile in the temporary folder. */
function everyMode(file: string, lockfile: string): (() => Promise<{ mode: string; r: CliResult }>)[] {
  return MODES.map((mode) => async () => ({
    mode: mode[0]!,
    r: await runCli([...mode, "-f", file, "--lockfile", lockfile], { env, cwd: dir }),
  }));
}

/** The same three commands in this process, through the functions the CLI's actions call. */
async function inProcess(mode: string, file: string, lockfile: string): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out = new PassThrough().on("data", (d: Buffer) => (stdout += d.toString()));
  const err = new PassThrough().on("data", (d: Buffer) => (stderr += d.toString()));
  const io = { stdout: out, stderr: err, env, cwd: dir, isTTY: false };
  const flags = { file, lockfile, output: "text" as const, maxDeletes: 10, concurrency: 8, rateLimit: 10 };
  const remote = { ...flags, lockTimeout: 60 };
  const code =
    mode === "validate"
      ? await runValidate(flags, io)
      : mode === "plan"
        ? await runReconcileCommand("plan", remote, io)
        : await runApplyCommand({ ...remote, yes: true }, io);
  return { code, stdout, stderr };
}

async function sweepInProcess(files: { what: string; file: string }[], lockfile: string) {
  const results: { what: string; mode: string; r: CliResult }[] = [];
  for (const { what, file } of files)
    for (const [mode] of MODES)
      results.push({ what, mode: mode!, r: await inProcess(mode!, file, lockfile) });
  return results;
}

describe("the invalid corpus in validate, plan and apply", () => {
  it("holds files", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  it("every file, in-process: exit 3, the file named, no stack trace, no remote change", async () => {
    const lockfile = path.join(dir, "corpus.lock.json");
    const files = corpus.map((f) => ({ what: f, file: path.join(INVALID, f) }));
    for (const { what, mode, r } of await sweepInProcess(files, lockfile)) {
      expect(r.code, `${mode} ${what}\n${r.stderr}`).toBe(3);
      expect(r.stderr + r.stdout, `${mode} ${what}`).toContain(what);
      expectNoCrash(r, `${mode} ${what}`);
    }
    expect(changes()).toEqual([]);
    await expect(readFile(lockfile, "utf8")).rejects.toThrow();
  }, 60_000);

  it("a sample, through the built CLI: the same", async () => {
    const lockfile = path.join(dir, "corpus-cli.lock.json");
    const sample = corpus.filter((_, i) => i % SAMPLE_EVERY === 0);
    const jobs = sample.flatMap((f) =>
      everyMode(path.join(INVALID, f), lockfile).map((job) => async () => ({ f, ...(await job()) })),
    );
    for (const { f, mode, r } of await inPool(jobs, WIDTH)) {
      expect(r.code, `${mode} ${f}\n${r.stderr}`).toBe(3);
      expect(r.stderr + r.stdout, `${mode} ${f}`).toContain(f);
      expectNoCrash(r, `${mode} ${f}`);
    }
    expect(changes()).toEqual([]);
    await expect(readFile(lockfile, "utf8")).rejects.toThrow();
  }, 60_000);
});

/** A valid file every value of which is quoted, so a cut inside a value leaves it unclosed. */
const BASE = schedulesYaml(
  Object.fromEntries(Object.entries(distinctEntries(5)).map(([k, v]) => [k, `${v}\nenabled: true`])),
);

function fuzzedFiles(): { kind: string; bytes: Uint8Array | string }[] {
  const bytes = fc.sample(fc.uint8Array({ maxLength: 300 }), { numRuns: 12, seed: 61 });
  const anyYaml = fc.sample(fc.jsonValue(), { numRuns: 10, seed: 62 }).map((v) => stringify(v));
  const underSchedules = fc
    .sample(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })), {
      numRuns: 10,
      seed: 63,
    })
    .map((schedules) => stringify({ version: 1, schedules }));
  const cuts = fc.sample(fc.integer({ min: 0, max: BASE.length - 2 }), { numRuns: 20, seed: 64 });
  return [
    ...bytes.map((b) => ({ kind: "random bytes", bytes: b })),
    ...anyYaml.map((t) => ({ kind: "random YAML", bytes: t })),
    ...underSchedules.map((t) => ({ kind: "random schedules", bytes: t })),
    ...cuts.map((n) => ({ kind: `truncated at ${n}`, bytes: BASE.slice(0, n) })),
  ];
}

describe("fuzzed files in validate, plan and apply", () => {
  it("never a stack trace, never a remote change; exit 3 unless the file happens to be valid", async () => {
    // The valid file is applied first: a valid truncation then only finds orphans (pruning is off).
    const base = path.join(dir, "base.yaml");
    const lockfile = path.join(dir, "fuzz.lock.json");
    await writeFile(base, BASE);
    const applied = await runCli(["apply", "--yes", "-f", base, "--lockfile", lockfile], { env, cwd: dir });
    expect(applied.code).toBe(0);
    const before = changes().length;
    const files = await Promise.all(
      fuzzedFiles().map(async (f, i) => {
        const file = path.join(dir, `fuzz-${i}.yaml`);
        await writeFile(file, f.bytes);
        return { what: `${f.kind} (fuzz-${i}.yaml)`, file };
      }),
    );
    const results = await sweepInProcess(files, lockfile);
    // Every third file through the built CLI too, in one mode each, in turn.
    const cli = files
      .filter((_, i) => i % 3 === 0)
      .map(({ what, file }, i) => async () => {
        const mode = MODES[i % MODES.length]!;
        return {
          what,
          mode: mode[0]!,
          r: await runCli([...mode, "-f", file, "--lockfile", lockfile], { env, cwd: dir }),
        };
      });
    results.push(...(await inPool(cli, WIDTH)));
    for (const { what, mode, r } of results) {
      expect([0, 3], `${mode} ${what}: ${r.stderr}`).toContain(r.code);
      expectNoCrash(r, `${mode} ${what}`);
    }
    expect(results.filter((x) => x.r.code === 3).length).toBeGreaterThan(results.length / 2);
    expect(changes().slice(before)).toEqual([]);
  }, 60_000);
});

describe("the sidecar with bad input", () => {
  it("starts with an invalid file, reports every invalid version, sends nothing, exits 0 on SIGTERM", async () => {
    const wdir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-bad-watch-"));
    const file = path.join(wdir, "bluejay.schedules.yaml");
    const texts = [
      ...(await Promise.all(corpus.map((f) => readFile(path.join(INVALID, f))))),
      ...fuzzedFiles()
        .filter((f) => !f.kind.startsWith("truncated"))
        .map((f) => f.bytes),
      "",
    ]
      // Only what is invalid (a fuzzed file may happen to be valid), and no two alike in a row.
      .filter((t) => !parseSchedules(Buffer.from(t).toString("utf8"), "f.yaml", {}).ok)
      .filter((t, i, all) => i === 0 || Buffer.compare(Buffer.from(t), Buffer.from(all[i - 1]!)) !== 0);
    expect(texts.length).toBeGreaterThan(corpus.length);
    await writeFile(file, texts[0]!);
    const before = emu.requests().length;
    const p = startCli(["watch", "--listen", "127.0.0.1:0", "--log-format", "json", "--debounce", "10"], {
      cwd: wdir,
      env,
    });
    live.push(p);
    try {
      const url = (await p.waitFor(/listening on (http:\/\/[^"\s]+)/))[1];
      await p.waitFor(/missing or invalid/);
      const status = (await (await fetch(`${url}/status`)).json()) as {
        ok: boolean;
        sidecar: { file: { valid: boolean; errors: unknown[] } };
      };
      expect(status.ok).toBe(false);
      expect(status.sidecar.file.valid).toBe(false);
      expect(status.sidecar.file.errors.length).toBeGreaterThan(0);
      for (let i = 1; i < texts.length; i++) {
        // Renamed into place, as editors save: the sidecar never sees a half-written file.
        await writeFile(`${file}.tmp`, texts[i]!);
        await rename(`${file}.tmp`, file);
        await p.waitForCount(/missing or invalid: nothing changes remotely/, i + 1);
      }
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(emu.requests().slice(before)).toEqual([]);
      p.child.kill("SIGTERM");
      expect((await p.exit).code).toBe(0);
      expect(crashMarks(p.stderr() + p.stdout())).toEqual([]);
    } finally {
      if (p.child.exitCode === null) p.child.kill("SIGKILL");
      await rm(wdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("a corrupted lockfile through the CLI", () => {
  it("plan and apply: exit 3, code lockfile-corrupt, the recovery named; the recovery adopts all", async () => {
    const cdir = await mkdtemp(path.join(tmpdir(), "bluejay-sync-bad-lock-"));
    const file = path.join(cdir, "bluejay.schedules.yaml");
    const lock = path.join(cdir, "bluejay.schedules.lock.json");
    const yaml = schedulesYaml(
      Object.fromEntries(Object.entries(distinctEntries(4)).map(([k, v]) => [`lock-${k}`, v])),
    );
    await writeFile(file, yaml);
    try {
      expect((await runCli(["apply", "--yes"], { env, cwd: cdir })).code).toBe(0);
      const good = await readFile(lock, "utf8");
      await writeFile(lock, good.slice(0, good.length / 2));
      const before = changes().length;
      for (const mode of [["plan"], ["apply", "--yes"], ["apply", "--yes", "--output", "json"]]) {
        const r = await runCli(mode, { env, cwd: cdir });
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr + r.stdout).toMatch(/lockfile-corrupt|truncated/);
        expect(r.stderr + r.stdout).toMatch(/mv .*bluejay\.schedules\.lock\.json\.broken/);
        expectNoCrash(r, mode.join(" "));
      }
      expect(changes().slice(before)).toEqual([]);
      await writeFile(`${lock}.broken`, await readFile(lock));
      await rm(lock);
      const recovered = await runCli(["apply", "--yes", "--output", "json"], { env, cwd: cdir });
      expect(recovered.code).toBe(0);
      const doc = JSON.parse(recovered.stdout) as { summary: { adopt: number; create: number } };
      expect(doc.summary).toMatchObject({ adopt: 4, create: 0 });
      expect(changes().slice(before)).toEqual([]);
    } finally {
      await rm(cdir, { recursive: true, force: true });
    }
  }, 60_000);
});
