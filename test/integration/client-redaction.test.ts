import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/bluejay/client.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import type { RemoteError } from "../../src/errors.js";
import { startTinyServer, type TinyServer } from "./client-support.js";

// Recognisable, and not the emulator's key: every call is refused or fails somehow.
const SECRET = "bj_SUPERSECRET_redaction_0123456789";

function everyPrintedForm(value: unknown): string[] {
  const forms = [inspect(value, { depth: Infinity, showHidden: true }), String(value)];
  try {
    forms.push(JSON.stringify(value) ?? "");
  } catch {
    forms.push("");
  }
  if (value instanceof Error) {
    forms.push(value.message, value.stack ?? "", JSON.stringify(Object.entries(value)));
    let cause: unknown = value.cause;
    while (cause !== undefined) {
      forms.push(inspect(cause, { depth: Infinity, showHidden: true }));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return forms;
}

describe("the API key never shows", () => {
  let emu: RunningEmulator;
  let silent: TinyServer;
  beforeAll(async () => {
    emu = await startEmulator({ apiKey: "bj_the_right_key_0123456789" });
    silent = await startTinyServer(() => undefined);
  });
  afterAll(async () => {
    await emu.close();
    await silent.close();
  });

  it("in any error the client throws, or in the client itself", async () => {
    const options = { apiKey: SECRET, backoff: { baseMs: 1, maxMs: 2 }, retries: 2, timeoutMs: 100 };
    const refusedUrl = silent.url.replace(/:\d+$/, ":1");
    const clients = {
      emulator: createClient({ ...options, apiUrl: emu.url }),
      silent: createClient({ ...options, apiUrl: silent.url }),
      refused: createClient({ ...options, apiUrl: refusedUrl }),
    };
    const ac = new AbortController();
    ac.abort();
    const failures = [
      clients.emulator.listSchedules(), // 401
      clients.emulator.createSchedule({ simulation_id: "1", schedule: { frequency: "daily", time: "x" } }),
      clients.silent.createSchedule({ simulation_id: "1", schedule: { frequency: "daily", time: "01:00" } }), // timeout
      clients.silent.listSchedules(), // timeouts, retried
      clients.refused.deleteSchedule("x"), // ECONNREFUSED
      clients.emulator.ping({ signal: ac.signal }),
    ];
    const errors = await Promise.all(
      failures.map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    expect(errors.map((e) => (e as RemoteError).kind)).toEqual([
      "auth",
      "auth",
      "unknown-outcome",
      "network",
      "network",
      "aborted",
    ]);
    for (const value of [...errors, ...Object.values(clients)]) {
      for (const form of everyPrintedForm(value)) expect(form).not.toContain(SECRET);
    }
    // The requests did carry it: the check above is not vacuous.
    expect(silent.hits[0]?.headers["x-api-key"]).toBe(SECRET);
  });

  it("in the emulator's request log", () => {
    expect(JSON.stringify(emu.requests())).not.toContain(SECRET);
    expect(emu.requests().length).toBeGreaterThan(0);
  });
});
