/**
 * Small HTTP helpers for the emulator's tests: real requests over loopback, with every answer
 * checked against Bluejay's OpenAPI document where the document covers it.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/server.js";

export const KEY = "bj_emulatortestkey0123456789";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function start(opts: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ apiKey: KEY, ...opts });
}

/** Sends `body` as given when it is a string, else as JSON. `key: null` sends no key. */
export async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = KEY,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (key !== null) headers["x-api-key"] = key;
  let payload: string | undefined;
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  const res = await fetch(emu.url + path, { method, headers, body: payload });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const daily = (time: string) => ({ frequency: "daily", time });

export async function create(
  emu: RunningEmulator,
  body: Record<string, unknown> = { simulation_id: "30595", schedule: daily("02:00") },
): Promise<{ id: string; cron_expression: string; enabled: boolean }> {
  const r = await call(emu, "POST", "/v1/create-schedule", body);
  if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`);
  return r.json as { id: string; cron_expression: string; enabled: boolean };
}
