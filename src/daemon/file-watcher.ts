/**
 * Tells when the content of the schedules file changed. The folder is watched, not the file, so
 * that rename-saves, delete-and-recreate and ConfigMap `..data` symlink swaps are all seen; events
 * only prompt a re-hash, and only a changed sha256 of the content counts as a change. A periodic
 * re-hash is the backstop for anything the watcher misses (network mounts, symlinks elsewhere).
 */
import { watch, type FSWatcher } from "chokidar";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

export const DEFAULT_REHASH_MS = 30_000;

export interface FileWatcherOptions {
  file: string;
  debounceMs: number;
  rehashIntervalMs?: number;
  /** The content's hash changed; null when the file is missing or unreadable. */
  onChange(e: { hash: string | null; previous: string | null }): void;
  onError?(err: Error): void;
}

export interface FileWatcher {
  /** Starts watching and records the current hash without reporting it as a change. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Re-reads the file now and reports a change if there is one. */
  rehash(): Promise<void>;
  readonly hash: string | null;
}

/** `sha256:<hex>` of the file's bytes (through symlinks), or null when it cannot be read. */
export async function hashFile(file: string): Promise<string | null> {
  try {
    const bytes = await readFile(file);
    return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  } catch {
    return null;
  }
}

/** Entries of the folder whose events may change what the file reads as. */
function isRelevant(dir: string, fileBase: string, p: string): boolean {
  if (path.resolve(p) === dir) return true;
  const base = path.basename(p);
  // `..data` and `..<timestamp>` are how Kubernetes swaps a ConfigMap's content atomically.
  return base === fileBase || base.startsWith("..");
}

export function createFileWatcher(opts: FileWatcherOptions): FileWatcher {
  const file = path.resolve(opts.file);
  const dir = path.dirname(file);
  const fileBase = path.basename(file);
  let current: string | null = null;
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let interval: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const check = async (): Promise<void> => {
    const hash = await hashFile(file);
    if (closed || hash === current) return;
    const previous = current;
    current = hash;
    opts.onChange({ hash, previous });
  };
  // Re-hashes run one after another so two reads never race to report the same change.
  const rehash = (): Promise<void> => {
    chain = chain.then(check, check);
    return chain;
  };
  const onEvent = (): void => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      void rehash();
    }, opts.debounceMs);
  };

  return {
    async start() {
      current = await hashFile(file);
      watcher = watch(dir, {
        depth: 0,
        ignoreInitial: true,
        followSymlinks: false,
        ignored: (p: string) => !isRelevant(dir, fileBase, p),
      });
      watcher.on("all", onEvent);
      // Change events are throttled (one per 50 ms per path), so a quick second write would be
      // missed until the next re-hash; raw events are not, and the debounce absorbs their noise.
      watcher.on("raw", onEvent);
      watcher.on("error", (err) => opts.onError?.(err instanceof Error ? err : new Error(String(err))));
      await new Promise<void>((resolve) => watcher?.once("ready", resolve));
      interval = setInterval(() => void rehash(), opts.rehashIntervalMs ?? DEFAULT_REHASH_MS);
    },
    async close() {
      closed = true;
      if (debounce) clearTimeout(debounce);
      if (interval) clearInterval(interval);
      await watcher?.close();
      await chain;
    },
    rehash,
    get hash() {
      return current;
    },
  };
}
