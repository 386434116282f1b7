// A child process for the lockfile integration tests. It imports the BUILT modules from dist/
// (`npm run build` first), because the tests need real separate processes contending for the lock.
//
//   hold <lock>                          take the lock, print "acquired", release when stdin ends
//   open <lockfile> <api> <timeoutMs> <name>   open the store, bind <name>, close; print a JSON result
//   critical <lock> <log> <holdMs> <go>  once <go> exists, take the lock, log "enter"/"exit" around
//                                        a pause, release (all waiters start together)
//   read-loop <file> <stopFile>          read and parse <file> until <stopFile> exists; print counts
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { acquireProcessLock } from "../../dist/lockfile/process-lock.js";
import { openLockStore } from "../../dist/lockfile/store.js";

const [mode, ...args] = process.argv.slice(2);

async function hold(lockPath) {
  const lock = await acquireProcessLock({ path: lockPath, timeoutMs: 30_000 });
  process.stdout.write("acquired\n");
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on("end", resolve));
  await lock.release();
  process.stdout.write("released\n");
}

async function open(lockfile, apiUrl, timeoutMs, name) {
  try {
    const store = await openLockStore({
      path: lockfile,
      apiUrl,
      allowTargetChange: false,
      lockTimeoutMs: Number(timeoutMs),
    });
    store.bind(name, {
      id: `id-${name}`,
      simulation_id: "1",
      cron_expression: "* * * * *",
      enabled: true,
      spec_hash: "h",
    });
    await store.close();
    process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ ok: false, code: err.code, message: err.message })}\n`);
    process.exitCode = 1;
  }
}

async function critical(lockPath, log, holdMs, go) {
  process.stdout.write("ready\n");
  while (!existsSync(go)) await sleep(1);
  const lock = await acquireProcessLock({ path: lockPath, timeoutMs: 20_000, retryMs: 10 });
  appendFileSync(log, `enter ${process.pid}\n`);
  await sleep(Number(holdMs));
  appendFileSync(log, `exit ${process.pid}\n`);
  await lock.release();
}

function readLoop(file, stopFile) {
  const counts = { reads: 0, partial: 0, missing: 0 };
  while (!existsSync(stopFile)) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      counts.missing++;
      continue;
    }
    counts.reads++;
    try {
      JSON.parse(text);
    } catch {
      counts.partial++;
    }
  }
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}

if (mode === "hold") await hold(args[0]);
else if (mode === "open") await open(args[0], args[1], args[2], args[3]);
else if (mode === "critical") await critical(args[0], args[1], args[2], args[3]);
else if (mode === "read-loop") readLoop(args[0], args[1]);
else throw new Error(`unknown mode ${mode}`);
