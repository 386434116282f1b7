/**
 * loadSchedulesFile against real files in a temporary folder.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadSchedulesFile } from "../../src/config/load.js";
import { MAX_FILE_BYTES } from "../../src/config/read-file.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(path.join(tmpdir(), "bluejay-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe("loadSchedulesFile", () => {
  it.each([
    ["missing", () => path.join(dir, "absent.yaml"), "file-missing"],
    [
      "a directory",
      () => (mkdirSync(path.join(dir, "folder"), { recursive: true }), path.join(dir, "folder")),
      "file-unreadable",
    ],
    [
      "not UTF-8",
      () => file("latin1.yaml", Buffer.from([0x76, 0x3a, 0x20, 0xe9, 0xff, 0x0a])),
      "file-unreadable",
    ],
    ["over the limit", () => file("big.yaml", `#${"x".repeat(MAX_FILE_BYTES)}\n`), "file-too-large"],
  ])("%s → %s at 1:1, naming the path", async (_name, make, code) => {
    const target = make();
    const result = await loadSchedulesFile(target, {});
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code, line: 1, column: 1, file: target })]);
    expect(result.diagnostics[0]?.message).toContain(target);
  });

  it.runIf(process.getuid?.() !== 0)("unreadable for permissions → file-unreadable", async () => {
    const target = file("locked.yaml", "version: 1\n");
    chmodSync(target, 0o000);
    const result = await loadSchedulesFile(target, {});
    expect(result.diagnostics.map((d) => d.code)).toEqual(["file-unreadable"]);
  });

  it("an empty file is valid with no schedules", async () => {
    const result = await loadSchedulesFile(file("empty.yaml", ""), {});
    expect(result.ok && result.state.entries).toEqual([]);
  });

  it("a generated 10,000-entry file fits well under the limit and validates", async () => {
    const text = execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-schedules.mjs"), "10000"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_FILE_BYTES / 2);
    const result = await loadSchedulesFile(file("10k.yaml", text), {});
    expect(result.diagnostics).toEqual([]);
    expect(result.ok && result.state.entries.length).toBe(10000);
    expect(result.ok && new Set(result.state.entries.map((e) => e.schedule.frequency)).size).toBe(6);
  });
});
