/**
 * Secret hygiene: every command of the built CLI, run with a recognisable key given through the
 * environment and through BLUEJAY_API_KEY_FILE, in success and in failure (rejected key, bad and
 * unreachable URLs, both sources at once, the key pasted into the file or the URL), in text and
 * JSON, verbose, under GitHub Actions with a step summary, and the sidecar with its endpoints. The
 * key must appear in no stdout, stderr, log, lockfile, step summary, JSON document or any other
 * file the tool wrote. Needs `npm run build` first.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { distinctEntries } from "../support/chaos.js";
import { runCli, type CliResult } from "../support/cli.js";
import { crashMarks, inPool, killLeftovers, startCli, type LiveProcess } from "../support/process.js";
import { schedulesYaml } from "../support/world.js";

const SECRET = "bj_SECRETSECRETSECRET123456";
/** Parts of the key long enough to identify it, in case something prints it cut or re-encoded. */
const SHAPES = [
  SECRET,
  "SECRETSECRETSECRET",
  Buffer.from(SECRET).toString("base64"),
  encodeURIComponent(SECRET),
];

let emu: RunningEmulator;
let other: RunningEmulator;
const dirs: string[] = [];

const live: LiveProcess[] = [];

beforeAll(async () => {
  emu = await startEmulator({ apiKey: SECRET, port: 0, simulations: [30595] });
  other = await startEmulator({ apiKey: "bj_some_other_key_0123456789", port: 0, simulations: [30595] });
});
afterAll(async () => {
  killLeftovers(live);
  await emu.close();
  await other.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function leaks(text: string): string[] {
  return SHAPES.filter((s) => text.includes(s));
}

/** The inputs that hold the key on purpose: the key file and a schedules file it was pasted into. */
const INPUTS = new Set(["bluejay.key", "leaky.yaml"]);

/** Every file under `dir` the tool may have written (all but the inputs), as text. */
async function filesIn(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const rel = path.relative(dir, path.join(e.parentPath, e.name));
    if (e.isFile() && !INPUTS.has(rel)) out[rel] = await readFile(path.join(dir, rel), "utf8");
  }
  return out;
}

type Source = "env" | "file";
interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** The exit codes this case may end with. */
  exit: number[];
}

function cases(keyFile: string, summary: string, source: Source): Case[] {
  const gha = { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary };
  // Another target needs its own lockfile (the shared one would refuse it, exit 4).
  const own = (name: string) => ["--lockfile", `${name}.lock.json`];
  return [
    { name: "validate", args: ["validate"], exit: [0] },
    { name: "validate json", args: ["validate", "--output", "json", "-v"], exit: [0] },
    { name: "plan", args: ["plan"], exit: [0] },
    { name: "plan json -v", args: ["plan", "--output", "json", "-v"], exit: [0] },
    { name: "apply -v", args: ["apply", "--yes", "-v"], exit: [0] },
    { name: "apply json", args: ["apply", "--yes", "--output", "json"], exit: [0] },
    { name: "--once", args: ["--once"], exit: [0] },
    { name: "plan under GitHub Actions", args: ["plan", "-v"], env: gha, exit: [0] },
    {
      name: "apply json under GitHub Actions",
      args: ["apply", "--yes", "--output", "json"],
      env: gha,
      exit: [0],
    },
    {
      name: "rejected key",
      args: ["apply", "--yes", "-v", ...own("other")],
      env: { BLUEJAY_API_URL: other.url },
      exit: [5],
    },
    {
      name: "rejected key, json, GitHub Actions",
      args: ["plan", "--output", "json", ...own("other")],
      env: { ...gha, BLUEJAY_API_URL: other.url },
      exit: [5],
    },
    // Unreachable: retried with real backoff for seconds, so once (the key source does not matter here).
    ...(source === "env"
      ? [
          {
            name: "unreachable URL",
            args: ["plan", "-v", ...own("unreachable")],
            env: { BLUEJAY_API_URL: "http://127.0.0.1:9" },
            exit: [1],
          },
        ]
      : []),
    { name: "not a URL", args: ["plan"], env: { BLUEJAY_API_URL: "::not a url::" }, exit: [3] },
    { name: "insecure URL", args: ["plan"], env: { BLUEJAY_API_URL: "http://api.example.com" }, exit: [3] },
    {
      name: "the key pasted into the URL",
      args: ["plan", "-v", "--output", "json", ...own("pasted")],
      env: { BLUEJAY_API_URL: `${emu.url}/${SECRET}?key=${SECRET}` },
      exit: [0, 1, 3],
    },
    {
      name: "both key sources",
      args: ["plan"],
      env: { BLUEJAY_API_KEY: SECRET, BLUEJAY_API_KEY_FILE: keyFile },
      exit: [3],
    },
    {
      name: "the key pasted into the file",
      args: ["validate", "-f", "leaky.yaml", "-v"],
      env: gha,
      exit: [3],
    },
    { name: "the key pasted into the file, apply", args: ["apply", "--yes", "-f", "leaky.yaml"], exit: [3] },
  ];
}

async function folder(source: Source) {
  const dir = await mkdtemp(path.join(tmpdir(), `bluejay-sync-secrets-${source}-`));
  dirs.push(dir);
  const keyFile = path.join(dir, "bluejay.key");
  await writeFile(keyFile, `${SECRET}\n`);
  await writeFile(path.join(dir, "bluejay.schedules.yaml"), schedulesYaml(distinctEntries(4)));
  await writeFile(
    path.join(dir, "leaky.yaml"),
    `version: 1\nschedules:\n  a:\n    simulation_id: "30595"\n    schedule: "0 1 * * *"\n    description: ${SECRET}\n`,
  );
  const keyEnv: Record<string, string> =
    source === "env" ? { BLUEJAY_API_KEY: SECRET } : { BLUEJAY_API_KEY_FILE: keyFile };
  return {
    dir,
    keyFile,
    env: { BLUEJAY_API_URL: emu.url, ...keyEnv },
    summary: path.join(dir, "summary.md"),
  };
}

describe.each<Source>(["env", "file"])("the key from %s", (source) => {
  it("appears in no output and no file of any command", async () => {
    const f = await folder(source);
    const results: { name: string; r: CliResult; exit: number[] }[] = [];
    // One after another: they share the folder and its lockfile, as runs in one repository do.
    for (const c of cases(f.keyFile, f.summary, source)) {
      const env = { ...f.env, ...c.env };
      if (c.name === "both key sources")
        Object.assign(env, { BLUEJAY_API_KEY: SECRET, BLUEJAY_API_KEY_FILE: f.keyFile });
      results.push({ name: c.name, r: await runCli(c.args, { env, cwd: f.dir }), exit: c.exit });
    }
    for (const { name, r, exit } of results) {
      expect(exit, `${name}: exit ${r.code}\n${r.stderr}\n${r.stdout}`).toContain(r.code);
      expect(leaks(r.stdout), `${name} stdout`).toEqual([]);
      expect(leaks(r.stderr), `${name} stderr`).toEqual([]);
      expect(crashMarks(r.stdout + r.stderr), name).toEqual([]);
      if (name.includes("json")) expect(() => JSON.parse(r.stdout), name).not.toThrow();
    }
    const written = await filesIn(f.dir);
    expect(Object.keys(written)).toEqual(
      expect.arrayContaining(["bluejay.schedules.lock.json", "summary.md"]),
    );
    for (const [file, text] of Object.entries(written)) expect(leaks(text), file).toEqual([]);
    // The checks above looked at real output: the runs did talk to Bluejay with the key.
    expect(emu.schedules().length).toBeGreaterThan(0);
  }, 120_000);

  it("the sidecar: logs (json and pretty, verbose), /status, /metrics", async () => {
    const f = await folder(source);
    for (const format of ["json", "pretty"]) {
      const p = startCli(["watch", "--listen", "127.0.0.1:0", "--log-format", format, "-v"], {
        cwd: f.dir,
        env: f.env,
      });
      live.push(p);
      try {
        const url = (await p.waitFor(/listening on (http:\/\/[^"\s]+)/))[1]!;
        await p.waitFor(/reconciled/);
        const bodies = await Promise.all(
          ["/status", "/metrics", "/healthz", "/readyz"].map(async (e) => (await fetch(url + e)).text()),
        );
        for (const body of bodies) expect(leaks(body)).toEqual([]);
        expect(() => JSON.parse(bodies[0]!)).not.toThrow();
        p.child.kill("SIGTERM");
        expect((await p.exit).code).toBe(0);
        expect(leaks(p.stderr() + p.stdout())).toEqual([]);
      } finally {
        if (p.child.exitCode === null) p.child.kill("SIGKILL");
      }
    }
    for (const [file, text] of Object.entries(await filesIn(f.dir))) expect(leaks(text), file).toEqual([]);
  }, 60_000);
});

describe("commands that need no key, run with one", () => {
  it("emulator (key by flag, env and file), init, demo, --help, --version", async () => {
    const f = await folder("file");
    const oneShots: [string, string[]][] = [
      ["init", ["init"]],
      ["demo", ["demo"]],
      ["--help", ["--help"]],
      ["apply --help", ["apply", "--help"]],
      ["watch --help", ["watch", "--help"]],
      ["--version", ["--version"]],
      ["emulator with a bad flag", ["emulator", "--port", "nope", "--api-key", SECRET]],
    ];
    const env = { BLUEJAY_API_KEY: SECRET };
    const results = await inPool(
      oneShots.map(([name, args]) => async () => ({ name, r: await runCli(args, { env, cwd: f.dir }) })),
      3,
    );
    for (const { name, r } of results) {
      expect(leaks(r.stdout + r.stderr), name).toEqual([]);
      expect(crashMarks(r.stdout + r.stderr), name).toEqual([]);
    }
    const emulatorRuns: [string, string[], Record<string, string>][] = [
      ["--api-key", ["--api-key", SECRET], {}],
      ["env", [], { BLUEJAY_API_KEY: SECRET }],
      ["file", [], { BLUEJAY_API_KEY_FILE: f.keyFile }],
    ];
    for (const [name, args, keyEnv] of emulatorRuns) {
      const p = startCli(["emulator", "--port", "0", ...args], { cwd: f.dir, env: keyEnv });
      live.push(p);
      try {
        while (!/listening on (http:\/\/\S+)/.test(p.stdout())) await new Promise((r) => setTimeout(r, 20));
        const url = /listening on (http:\/\/\S+)/.exec(p.stdout())![1]!;
        // A request carrying the key, then the emulator's own documents about it.
        await fetch(`${url}/v1/schedules?api_key=${SECRET}`, { headers: { "X-API-Key": SECRET } });
        for (const doc of ["/__emulator/requests", "/__emulator/state"])
          expect(leaks(await (await fetch(url + doc)).text()), `${name} ${doc}`).toEqual([]);
        p.child.kill("SIGTERM");
        expect((await p.exit).code).toBe(0);
        expect(leaks(p.stdout() + p.stderr()), name).toEqual([]);
      } finally {
        if (p.child.exitCode === null) p.child.kill("SIGKILL");
      }
    }
    for (const [file, text] of Object.entries(await filesIn(f.dir))) expect(leaks(text), file).toEqual([]);
  }, 90_000);
});
