/**
 * `validate` and `init` through the built CLI (`npm run build` first): exit codes, where output
 * goes, the JSON document, GitHub annotations, and the starter file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, runCli } from "../support/cli.js";

const ROOT = path.resolve(path.dirname(CLI), "../..");
const dir = mkdtempSync(path.join(tmpdir(), "bluejay-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in `cwd`, with no BLUEJAY_* or GITHUB_* variable but those the test passes. */
function cli(args: string[], env: Record<string, string> = {}, cwd = dir) {
  return runCli(args, { env: { NO_COLOR: "1", ...env }, cwd });
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const INVALID = [
  "version: 1",
  "schedules:",
  "  nightly:",
  '    simulation_id: "30595"',
  '    schedule: { frequency: dayly, time: "02:00" }',
  "  smoke:",
  "    simulation_id: ${SMOKE_ID}",
  '    schedule: "*/15 * * *"',
  "",
].join("\n");

describe("validate", () => {
  it("a valid file: exit 0, verdict on stdout, nothing on stderr", async () => {
    const r = await cli(["validate", "-f", path.join(ROOT, "examples/bluejay.schedules.yaml")]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^✓ .*bluejay\.schedules\.yaml: \d+ schedules valid\n$/);
  });

  it("an invalid file: exit 3, every error on stderr with file:line:column, verdict on stdout", async () => {
    write("bad.yaml", INVALID);
    const r = await cli(["validate", "-f", "bad.yaml"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("✗ bad.yaml: 3 errors\n");
    expect(r.stderr).toContain(
      "bad.yaml:5:28: error[unknown-frequency]: schedules.nightly.schedule: unknown frequency 'dayly'; did you mean 'daily'?",
    );
    expect(r.stderr).toContain("bad.yaml:7:20: error[unset-variable]");
    expect(r.stderr).toContain("bad.yaml:8:15: error[invalid-cron]");
    expect(r.stderr).toContain("  hint: ");
  });

  it("reads the file named by BLUEJAY_SCHEDULES_FILE, and the environment for ${VAR}", async () => {
    write("env.yaml", INVALID.replace("dayly", "daily").replace("*/15 * * *", "*/15 * * * *"));
    const r = await cli(["validate"], { BLUEJAY_SCHEDULES_FILE: "env.yaml", SMOKE_ID: "30596" });
    expect(r).toMatchObject({ code: 0, stdout: "✓ env.yaml: 2 schedules valid\n" });
  });

  it("a missing file: exit 3 naming the path", async () => {
    const r = await cli(["validate", "-f", "nope.yaml"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("nope.yaml:1:1: error[file-missing]");
    expect(r.stderr).toContain(path.join(dir, "nope.yaml"));
  });

  it("--output json: exactly one document on stdout, in the report shape", async () => {
    write("bad.yaml", INVALID);
    const r = await cli(["validate", "-f", "bad.yaml", "--output", "json"]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ ok: false, exit_code: 3, mode: "validate", actions: [], file: "bad.yaml" });
    expect(doc.errors).toEqual([
      expect.objectContaining({ file: "bad.yaml", line: 5, column: 28, code: "unknown-frequency" }),
      expect.objectContaining({ line: 7, column: 20, code: "unset-variable" }),
      expect.objectContaining({ line: 8, column: 15, code: "invalid-cron" }),
    ]);
  });

  it("under GitHub Actions: escaped ::error annotations on stdout", async () => {
    write("bad.yaml", INVALID);
    const r = await cli(["validate", "-f", "bad.yaml"], { GITHUB_ACTIONS: "true" });
    expect(r.code).toBe(3);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^::error file=bad\.yaml,line=5,col=28,title=bluejay-sync unknown-frequency::.*%0A/,
    );
  });

  it("never prints a key-shaped value from the file", async () => {
    write(
      "secret.yaml",
      'version: 1\nschedules:\n  a:\n    simulation_id: "1"\n    schedule: bj_SuperSecretValue1234567\n',
    );
    const r = await cli(["validate", "-f", "secret.yaml", "--output", "json"]);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).not.toContain("SuperSecretValue");
    expect(r.stdout).toContain("secret-in-file");
  });
});

describe("init", () => {
  it("writes a starter file that validates, and refuses to overwrite it without --force", async () => {
    const first = await cli(["init"]);
    expect(first.code).toBe(0);
    const written = readFileSync(path.join(dir, "bluejay.schedules.yaml"), "utf8");
    expect(written).toMatch(/^# yaml-language-server: \$schema=\.\/node_modules\/bluejay-sync\/schemas\//);
    expect((await cli(["validate"])).code).toBe(0);

    writeFileSync(path.join(dir, "bluejay.schedules.yaml"), "# mine\n");
    const again = await cli(["init"]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain("--force");
    expect(readFileSync(path.join(dir, "bluejay.schedules.yaml"), "utf8")).toBe("# mine\n");

    const forced = await cli(["init", "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "bluejay.schedules.yaml"), "utf8")).toBe(written);
  });
});
