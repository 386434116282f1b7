/**
 * The built CLI as a long-running process (the sidecar): its output as it comes, its exit, and a
 * way to wait for a line. For one-shot commands use runCli (test/support/cli.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { CLI } from "./cli.js";

export interface LiveProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `re` in stderr (now or later). */
  waitFor(re: RegExp): Promise<RegExpExecArray>;
  /** Resolves once `re` (global) has matched stderr at least `n` times. */
  waitForCount(re: RegExp, n: number): Promise<void>;
}

/** Starts `node dist/cli/main.js args...`; no BLUEJAY_* or GITHUB_* variable leaks in but `env`'s. */
export function startCli(args: string[], opts: { cwd: string; env: Record<string, string> }): LiveProcess {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("BLUEJAY_") && !k.startsWith("GITHUB_")) env[k] = v;
  Object.assign(env, opts.env);
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: { re: RegExp; resolve(m: RegExpExecArray): void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = w.re.exec(err);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    check();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor(re) {
      return new Promise((resolve) => {
        waiters.push({ re, resolve });
        check();
      });
    },
    async waitForCount(re, n) {
      const count = () => err.match(new RegExp(re.source, "g"))?.length ?? 0;
      while (count() < n) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`the process ended before ${re} was seen ${n} times:\n${err}`);
        await Promise.race([exit, new Promise((r) => child.stderr!.once("data", r))]);
      }
    },
  };
}

/** SIGKILLs those still running: for after-hooks, so a test that timed out leaves no process behind. */
export function killLeftovers(procs: LiveProcess[]): void {
  for (const p of procs.splice(0))
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
}

/** Runs `jobs` with at most `width` at a time; results in the order of `jobs`. */
export async function inPool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) results[i] = await jobs[i]!();
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

/** A crash's marks in a command's output: stack frames and raw JavaScript error names. */
export function crashMarks(text: string): string[] {
  const marks = [
    /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m,
    /\b(TypeError|ReferenceError|RangeError|SyntaxError|AggregateError)\b/,
    /"stack"\s*:/,
    /node:internal/,
    /Unhandled|uncaught/i,
  ];
  return marks.filter((re) => re.test(text)).map(String);
}
