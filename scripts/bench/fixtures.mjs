/**
 * Inputs of the benchmarks: schedules files from scripts/gen-schedules.mjs, in a fresh folder
 * each, and the same entries as create-request bodies for the naive client.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { ROOT } from "./measure-cli.mjs";

const GENERATOR = path.join(ROOT, "scripts/gen-schedules.mjs");

/** Generated file text of `n` entries. */
export function generatedText(n) {
  const gen = spawnSync(process.execPath, [GENERATOR, String(n)], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (gen.status !== 0) throw new Error(`generator failed: ${gen.stderr}`);
  return gen.stdout;
}

/** A new folder holding bluejay.schedules.yaml of `n` entries; returns the folder and the file. */
export async function workspace(n, parent = tmpdir()) {
  const dir = await mkdtemp(path.join(parent, `bench-${n}-`));
  const file = path.join(dir, "bluejay.schedules.yaml");
  const text = generatedText(n);
  await writeFile(file, text);
  return { dir, file, bytes: Buffer.byteLength(text) };
}

/** The create-schedule bodies a hand-written client would send for the same file. */
export function createBodies(text) {
  const doc = parse(text);
  const enabledByDefault = doc.defaults?.enabled ?? true;
  return Object.values(doc.schedules ?? {}).map((e) => ({
    simulation_id: String(e.simulation_id),
    schedule: typeof e.schedule === "string" ? { frequency: "cron", expression: e.schedule } : e.schedule,
    enabled: e.enabled ?? enabledByDefault,
  }));
}
