/**
 * Durable replacement of a file: a temporary file in the same folder is written and fsynced, renamed
 * over the target, then the folder itself is fsynced so the rename survives a power loss. A reader
 * sees the old bytes or the new bytes, never a mix.
 */
import { open, readdir, realpath, unlink } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";

/** Writes `text` to `file` atomically and durably. The temporary file is removed on failure. */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text, { fsync: true, encoding: "utf8" });
  // The temporary file was placed beside the real file (a symlinked lockfile is written through),
  // so that folder is the one whose entry changed.
  await fsyncDirectory(path.dirname(await realFile(file)));
}

/**
 * Flushes a folder's entries to disk. Some platforms and file systems cannot open or fsync a
 * folder (EISDIR, EPERM, EINVAL); there the rename is as durable as the platform allows.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (err) {
    if (!isUnsupportedDirectorySync(err)) throw err;
  } finally {
    await handle?.close();
  }
}

function isUnsupportedDirectorySync(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "EISDIR" || code === "EPERM" || code === "EINVAL";
}

async function realFile(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return file;
  }
}

/**
 * Removes temporary files a killed writer left beside `file` (`<name>.<digits>`, the shape the
 * atomic write uses). Only call this while holding the cross-process lock: no other writer exists.
 * Returns the names removed.
 */
export async function removeLeftoverTemps(file: string): Promise<string[]> {
  const real = await realFile(file);
  const dir = path.dirname(real);
  const base = path.basename(real);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !/^\d+$/.test(name.slice(base.length + 1))) continue;
    await unlink(path.join(dir, name)).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}
