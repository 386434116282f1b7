/**
 * Where the API key comes from: the environment or a file, never the command line or the
 * schedules file. Once found it is registered as a secret, so no message can carry it.
 */
import { readFileSync } from "node:fs";
import { registerSecret, UsageError } from "../errors.js";

export const API_KEY_ENV = "BLUEJAY_API_KEY";
export const API_KEY_FILE_ENV = "BLUEJAY_API_KEY_FILE";

/** Reads a file as text; tests pass their own. */
export type ReadText = (path: string) => string;

const readUtf8: ReadText = (path) => readFileSync(path, "utf8");

/**
 * The key from `BLUEJAY_API_KEY`, or from the file named by `BLUEJAY_API_KEY_FILE` (trimmed).
 * Both set, neither set, an unreadable or empty file: UsageError.
 */
export function resolveApiKey(
  env: Record<string, string | undefined>,
  readText: ReadText = readUtf8,
): string {
  const direct = nonEmpty(env[API_KEY_ENV]);
  const file = nonEmpty(env[API_KEY_FILE_ENV]);
  if (direct !== undefined && file !== undefined) {
    throw new UsageError(
      "api-key-conflict",
      `Both ${API_KEY_ENV} and ${API_KEY_FILE_ENV} are set; set only one of them`,
    );
  }
  const key =
    direct !== undefined ? direct.trim() : file !== undefined ? readKeyFile(file, readText) : undefined;
  if (key === undefined) {
    throw new UsageError(
      "api-key-missing",
      `No API key: set ${API_KEY_ENV} to the key, or ${API_KEY_FILE_ENV} to the path of a file holding it`,
    );
  }
  registerSecret(key);
  return key;
}

function readKeyFile(path: string, readText: ReadText): string {
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new UsageError(
      "api-key-file",
      `Cannot read the API key file ${path} (${API_KEY_FILE_ENV}): ${reason}`,
    );
  }
  const key = text.trim();
  if (key === "")
    throw new UsageError("api-key-file", `The API key file ${path} (${API_KEY_FILE_ENV}) is empty`);
  return key;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v;
}
