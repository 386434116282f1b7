/**
 * Reading the schedules file from disk, with every failure turned into a diagnostic that names
 * the path: missing, unreadable (a folder, no permission, not UTF-8) or too large.
 */
import { open } from "node:fs/promises";
import type { Diagnostic } from "../core/types.js";
import type { ConfigCode } from "./issue.js";

/** 5 MiB: a 10,000-entry file is about 1.5 MiB; anything near this limit is not a hand-kept file. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

export async function readSchedulesText(file: string): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (err) {
    return { ok: false, diagnostic: openFailure(file, err) };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory())
      return fail(file, "file-unreadable", `${file} is a directory`, "pass the path of a YAML file with -f");
    // Read one byte past the limit rather than trusting the size: pipes and special files have none.
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    const { bytesRead } = await readUpTo(handle, buffer);
    if (bytesRead > MAX_FILE_BYTES) return tooLarge(file);
    return decode(file, buffer.subarray(0, bytesRead));
  } catch (err) {
    return { ok: false, diagnostic: openFailure(file, err) };
  } finally {
    await handle.close();
  }
}

async function readUpTo(
  handle: Awaited<ReturnType<typeof open>>,
  buffer: Buffer,
): Promise<{ bytesRead: number }> {
  let total = 0;
  while (total < buffer.length) {
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return { bytesRead: total };
}

function decode(file: string, bytes: Buffer): ReadResult {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return fail(file, "file-unreadable", `${file} is not UTF-8 text`, "save the file as UTF-8");
  }
}

function tooLarge(file: string): ReadResult {
  const mib = MAX_FILE_BYTES / 1024 / 1024;
  return fail(
    file,
    "file-too-large",
    `${file} is larger than ${mib} MiB`,
    "split the schedules or shorten the file",
  );
}

function openFailure(file: string, err: unknown): Diagnostic {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") {
    return diagnostic(
      file,
      "file-missing",
      `schedules file not found: ${file}`,
      "create it with `bluejay-sync init`, or point -f / BLUEJAY_SCHEDULES_FILE at it",
    );
  }
  if (code === "EISDIR")
    return diagnostic(
      file,
      "file-unreadable",
      `${file} is a directory`,
      "pass the path of a YAML file with -f",
    );
  const reason = code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? "read failed");
  return diagnostic(
    file,
    "file-unreadable",
    `cannot read ${file}: ${reason}`,
    "check the path and its permissions",
  );
}

function fail(file: string, code: ConfigCode, message: string, hint: string): ReadResult {
  return { ok: false, diagnostic: diagnostic(file, code, message, hint) };
}

/** A diagnostic about the file as a whole: placed at its start. */
export function diagnostic(file: string, code: ConfigCode, message: string, hint: string): Diagnostic {
  return { code, severity: "error", message, hint, file, line: 1, column: 1, path: "" };
}
