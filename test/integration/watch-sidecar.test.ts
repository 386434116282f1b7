/**
 * The sidecar against the emulator: the first reconcile, file changes of every kind, an invalid
 * file (nothing sent), drift repaired by a resync, the endpoints, and the key kept out of the logs.
 */
import { mkdir, rename, rm, symlink, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KEY, startSidecar, TWO_ENTRIES, until, type Sidecar } from "./watch-support.js";

let sc: Sidecar | null = null;
afterEach(async () => {
  await sc?.close();
  sc = null;
});

const cronOf = (s: Sidecar, sim: string) =>
  s.emulator.schedules().find((x) => x.simulation_id === sim)?.cron_expression;
const mutating = (s: Sidecar) => s.emulator.requests().filter((r) => r.method !== "GET");

describe("watch against the emulator", () => {
  it("reconciles at start, serves the endpoints, and never logs the key", async () => {
    sc = await startSidecar(TWO_ENTRIES);
    await until(async () => (await sc!.readLock())?.schedules.smoke !== undefined);
    await sc.daemon.idle();
    expect(sc.emulator.schedules()).toHaveLength(2);
    expect((await sc.get("/healthz")).status).toBe(200);
    expect((await sc.get("/readyz")).status).toBe(200);
    const status = JSON.parse((await sc.get("/status")).body);
    expect(status.ok).toBe(true);
    expect(status.actions.map((a: { action: string }) => a.action)).toEqual(["create", "create"]);
    expect(status.sidecar.file.valid).toBe(true);
    const metrics = (await sc.get("/metrics")).body;
    expect(metrics).toMatch(/^bluejay_sync_managed_schedules 2$/m);
    expect(metrics).toMatch(/^bluejay_sync_actions_total\{kind="create",result="ok"\} 2$/m);
    expect(metrics).toMatch(/^bluejay_sync_api_requests_total\{endpoint="[^"]+",status="200"\} \d+$/m);
    expect(metrics).toMatch(/^bluejay_sync_process_resident_memory_bytes \d+/m);
    expect(sc.logs()).toContain('"msg":"reconciled: changes applied"');
    expect(sc.logs()).not.toContain(KEY);
    expect(JSON.stringify(status)).not.toContain(KEY);
    // A resync in sync sends one list; the summary counts this run's requests, not the client's life.
    sc.tick();
    await until(async () => JSON.parse((await sc!.get("/status")).body).sidecar.reconciles === 2);
    expect(JSON.parse((await sc.get("/status")).body).summary.requests).toBe(1);
  });

  const edits: { name: string; apply: (s: Sidecar, yaml: string) => Promise<void> }[] = [
    { name: "an edit in place", apply: (s, yaml) => writeFile(s.file, yaml) },
    {
      name: "a rename-save",
      apply: async (s, yaml) => {
        const tmp = path.join(s.dir, ".bluejay.schedules.yaml.swp");
        await writeFile(tmp, yaml);
        await rename(tmp, s.file);
      },
    },
    {
      name: "a delete and recreate",
      apply: async (s, yaml) => {
        await unlink(s.file);
        await new Promise((r) => setTimeout(r, 100));
        await writeFile(s.file, yaml);
      },
    },
  ];

  it.each(edits)("applies $name of the file", async ({ apply }) => {
    sc = await startSidecar(TWO_ENTRIES);
    await until(() => cronOf(sc!, "30595") === "0 2 * * *");
    await apply(sc, TWO_ENTRIES.replace('"02:00"', '"03:30"'));
    await until(() => cronOf(sc!, "30595") === "30 3 * * *");
    expect(sc.emulator.schedules()).toHaveLength(2);
  });

  it("follows a ConfigMap-style ..data symlink swap", async () => {
    sc = await startSidecar(TWO_ENTRIES);
    await until(() => cronOf(sc!, "30595") === "0 2 * * *");
    // Turn the plain file into the layout kubelet makes, then swap ..data atomically.
    const swap = async (stamp: string, yaml: string) => {
      await mkdir(path.join(sc!.dir, `..${stamp}`));
      await writeFile(path.join(sc!.dir, `..${stamp}`, "bluejay.schedules.yaml"), yaml);
      await symlink(`..${stamp}`, path.join(sc!.dir, "..data_tmp"));
      await rename(path.join(sc!.dir, "..data_tmp"), path.join(sc!.dir, "..data"));
    };
    await swap("2024_01_01_00_00_00.1", TWO_ENTRIES);
    await unlink(sc.file);
    await symlink("..data/bluejay.schedules.yaml", sc.file);
    await new Promise((r) => setTimeout(r, 150));
    await sc.daemon.idle();
    await swap("2024_01_01_00_01_00.2", TWO_ENTRIES.replace('"02:00"', '"04:15"'));
    await rm(path.join(sc.dir, "..2024_01_01_00_00_00.1"), { recursive: true });
    await until(() => cronOf(sc!, "30595") === "15 4 * * *");
  });

  it("keeps the last good file while the file is invalid or missing, and changes nothing remotely", async () => {
    sc = await startSidecar(TWO_ENTRIES);
    await until(() => sc!.emulator.schedules().length === 2);
    await sc.daemon.idle();
    const before = mutating(sc).length;
    await writeFile(sc.file, "version: 1\nschedules:\n  nightly:\n    simulation_id: [\n");
    await until(async () => JSON.parse((await sc!.get("/status")).body).sidecar.file.valid === false);
    expect((await sc.get("/metrics")).body).toMatch(/^bluejay_sync_config_valid 0$/m);
    await unlink(sc.file);
    await until(async () => JSON.parse((await sc!.get("/status")).body).sidecar.file.errors.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    await sc.daemon.idle();
    expect(mutating(sc).length).toBe(before);
    expect(sc.emulator.schedules()).toHaveLength(2);
    expect(sc.logs()).toContain("schedules file is missing or invalid");
  });

  it("repairs drift on a resync, with the last good file even while the file is broken", async () => {
    sc = await startSidecar(TWO_ENTRIES);
    await until(() => cronOf(sc!, "30595") === "0 2 * * *");
    await sc.daemon.idle();
    const id = sc.emulator.schedules().find((s) => s.simulation_id === "30595")!.id;
    sc.emulator.mutate(id, { cron_expression: "5 5 * * *" });
    sc.tick();
    await until(() => cronOf(sc!, "30595") === "0 2 * * *");
    await sc.daemon.idle();
    await writeFile(sc.file, "not: [valid");
    await until(async () => JSON.parse((await sc!.get("/status")).body).sidecar.file.valid === false);
    sc.emulator.mutate(id, { enabled: false });
    sc.tick();
    await until(() => sc!.emulator.schedules().find((s) => s.id === id)?.enabled === true);
  });

  it("never exits on a failure: it backs off and reports the error", async () => {
    sc = await startSidecar(TWO_ENTRIES, { errorRate: 1 });
    await until(async () => JSON.parse((await sc!.get("/status")).body).sidecar.last_error !== null);
    const status = JSON.parse((await sc.get("/status")).body);
    expect(status.sidecar.phase).toBe("backoff");
    expect(status.sidecar.consecutive_failures).toBe(1);
    expect((await sc.get("/readyz")).status).toBe(200);
    expect((await sc.get("/metrics")).body).toMatch(/^bluejay_sync_reconciles_total\{result="error"\} 1$/m);
    expect((await sc.get("/metrics")).body).toMatch(/^bluejay_sync_retries_total [1-9]\d*$/m);
  });
});
