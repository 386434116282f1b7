import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { emulatorOptions, runEmulator, type EmulatorFlags } from "../../src/cli/commands/emulator.js";
import type { CliIo } from "../../src/cli/io.js";
import { UsageError } from "../../src/errors.js";

const KEY = "bj_clitestkey00000000000000";

function io(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = "";
  stdout.on("data", (c: Buffer) => (text += c.toString()));
  stderr.on("data", (c: Buffer) => (text += c.toString()));
  return { stdout, stderr, env, cwd: "/tmp", isTTY: false, out: () => text };
}

describe("bluejay-sync emulator", () => {
  it("prints its URL once, never the key, serves, and exits 0 when told to stop", async () => {
    const world = io({ BLUEJAY_API_KEY: KEY });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runEmulator({ port: "0", simulations: "7,8" }, world, stopped);
    await expect
      .poll(() => world.out())
      .toMatch(/^bluejay emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = world.out().trim().split(" ").pop() ?? "";
    const res = await fetch(`${url}/v1/get-all-simulations`, { headers: { "x-api-key": KEY } });
    const body = (await res.json()) as { simulations: { id: number }[] };
    expect(body.simulations.map((s) => s.id)).toEqual([7, 8]);
    stop();
    expect(await running).toBe(0);
    expect(world.out()).not.toContain(KEY);
    await expect(fetch(`${url}/v1/ping`)).rejects.toThrow();
  });

  it.each<[EmulatorFlags, NodeJS.ProcessEnv, RegExp]>([
    [{}, {}, /needs the key/],
    [{ host: "0.0.0.0", apiKey: KEY }, {}, /not a loopback address/],
    [{ errorRate: "1.5", apiKey: KEY }, {}, /--error-rate/],
    [{ dropRate: "x", apiKey: KEY }, {}, /--drop-rate/],
    [{ port: "70000", apiKey: KEY }, {}, /--port/],
    [{ simulations: "1,a", apiKey: KEY }, {}, /--simulations/],
    [{ rateLimit: "0", apiKey: KEY }, {}, /--rate-limit/],
  ])("refuses %j as a usage error", (flags, env, message) => {
    expect(() => emulatorOptions(flags, io(env))).toThrow(UsageError);
    expect(() => emulatorOptions(flags, io(env))).toThrow(message);
  });

  it("turns flags into options", () => {
    const opts = emulatorOptions(
      {
        host: "0.0.0.0",
        allowRemote: true,
        port: "8788",
        latency: "5",
        errorRate: "0.1",
        dropRate: "0.2",
        rateLimit: "50",
        list: false,
        state: "s.json",
      },
      io({ BLUEJAY_API_KEY: KEY }),
    );
    expect(opts).toMatchObject({
      apiKey: KEY,
      host: "0.0.0.0",
      port: 8788,
      latencyMs: 5,
      errorRate: 0.1,
      dropRate: 0.2,
      rateLimit: 50,
      noList: true,
      stateFile: "/tmp/s.json",
    });
  });
});
