#!/usr/bin/env node
/**
 * Fallback when GNU time is missing: runs a Node script (the CLI) in this process and writes
 * process.resourceUsage() to $BENCH_RUSAGE_FILE when the process exits.
 *   node rusage-wrapper.mjs <script> [args...]
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...args] = process.argv.slice(2);
const out = process.env.BENCH_RUSAGE_FILE;
process.argv = [process.argv[0], script, ...args];
process.on("exit", () => {
  if (out) writeFileSync(out, JSON.stringify(process.resourceUsage()));
});
await import(pathToFileURL(path.resolve(script)).href);
