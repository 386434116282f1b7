#!/usr/bin/env node
/**
 * `npm run bench`: figures of bluejay-sync against the naive client and the bounds (issue 7).
 * Builds nothing itself (the npm script builds first). Prints a table, writes the figures to
 * bench-results/latest.json, exits 1 when a target is missed.
 *
 *   node scripts/bench.mjs [--quick] [--only validate,plan,apply,naive,rate,cold,sidecar] [--out FILE]
 *
 * --quick: a smoke run (smaller applies, fewer repeats, a 5 s idle sidecar); its ratios are not
 * the issue's targets' conditions (n = 1,000) and are printed for a look only.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmulatorProcess } from "./bench/emulator-process.mjs";
import { ROOT, rssMethod } from "./bench/measure-cli.mjs";
import { machine, table, verdicts } from "./bench/report.mjs";
import {
  benchApply,
  benchColdStart,
  benchNaive,
  benchNoopPlan,
  benchSidecar,
  benchValidate,
} from "./bench/scenarios.mjs";

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);

const quick = flag("--quick");
const ALL = ["validate", "plan", "apply", "naive", "rate", "cold", "sidecar"];
const only = new Set(value("--only", ALL.join(",")).split(","));
const out = path.resolve(value("--out", path.join(ROOT, "bench-results/latest.json")));

const P = {
  sizes: [1000, 10000],
  repeats: quick ? 3 : 5,
  applyEntries: quick ? 200 : 1000,
  rateEntries: quick ? 100 : 1000,
  latencyMs: 50,
  concurrency: 8,
  // Raised so that only latency and concurrency bind in the latency-bound run (the default 10/s
  // alone would cap 1,000 creates at 100 s).
  unboundRate: 1000,
  rate: 20,
  coldRuns: 10,
  sidecar: quick ? { idleSeconds: 5, edits: 5 } : { idleSeconds: 60, edits: 20 },
};

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

async function withEmulator(faults, fn) {
  const emulator = await startEmulatorProcess(faults);
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

async function offlineAndPlan(r) {
  await withEmulator({}, async (emulator) => {
    if (only.has("validate")) {
      r.validate = [];
      for (const n of P.sizes) {
        log(`validate ${n} x${P.repeats}`);
        r.validate.push(await benchValidate(n, P.repeats, emulator));
      }
    }
    if (!only.has("plan")) return;
    r.plan = [];
    for (const n of P.sizes) {
      log(`no-op plan ${n} x${P.repeats} (after a setup apply)`);
      r.plan.push(await benchNoopPlan(n, P.repeats, emulator));
    }
  });
}

async function applies(r) {
  r.apply = { latencyMs: P.latencyMs, concurrency: P.concurrency, rate: P.rate };
  const n = P.applyEntries;
  await withEmulator({ latencyMs: P.latencyMs }, async (emulator) => {
    if (only.has("apply")) {
      log(
        `apply ${n} creates at ${P.latencyMs} ms, --concurrency ${P.concurrency} --rate-limit ${P.unboundRate}`,
      );
      const flags = ["--concurrency", String(P.concurrency), "--rate-limit", String(P.unboundRate)];
      const a = await benchApply(n, emulator, flags);
      const boundMs = (n * P.latencyMs) / P.concurrency;
      r.apply.latencyBound = { ...a, boundMs, ratio: a.wallMs / boundMs };
    }
    if (only.has("naive")) {
      log(`naive client: ${n} creates at ${P.latencyMs} ms, one at a time`);
      const nv = await benchNaive(n, emulator);
      r.apply.naive = { ...nv, boundMs: n * P.latencyMs };
      if (r.apply.latencyBound) r.apply.naive.speedup = nv.wallMs / r.apply.latencyBound.wallMs;
    }
  });
  if (!only.has("rate")) return;
  const m = P.rateEntries;
  // The emulator enforces the same 20/s as the tool's limit: any start beyond it shows as a 429.
  await withEmulator({ latencyMs: P.latencyMs, rateLimit: P.rate }, async (emulator) => {
    log(`apply ${m} creates with --rate-limit ${P.rate} against an emulator limited to ${P.rate}/s`);
    const flags = ["--concurrency", String(P.concurrency), "--rate-limit", String(P.rate)];
    const a = await benchApply(m, emulator, flags);
    const boundMs = (m / P.rate) * 1000;
    r.apply.rateBound = { ...a, emulatorRateLimit: P.rate, boundMs, ratio: a.wallMs / boundMs };
  });
}

async function main() {
  const started = new Date();
  const r = {
    when: started.toISOString(),
    command: `npm run bench${quick ? " -- --quick" : ""}`,
    quick,
    machine: machine(),
    rssMethod: rssMethod(),
    parameters: P,
  };
  if (only.has("validate") || only.has("plan")) await offlineAndPlan(r);
  if (["apply", "naive", "rate"].some((k) => only.has(k))) await applies(r);
  if (only.has("cold")) {
    log(`cold start x${P.coldRuns}`);
    r.coldStart = await benchColdStart(P.coldRuns);
  }
  if (only.has("sidecar")) {
    log(`sidecar: ${P.sidecar.edits} edits per debounce setting, ${P.sidecar.idleSeconds} s idle`);
    r.sidecar = await benchSidecar(P.sidecar);
  }
  r.machine.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
  r.durationS = Math.round((Date.now() - started.getTime()) / 1000);
  r.verdicts = verdicts(r);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(r, null, 2)}\n`);
  const m = r.machine;
  console.log(
    `${m.cpuModel}, ${m.nproc} cores, ${m.ramGiB} GiB, Node ${m.node}; load ${m.loadAverageAtStart.join(" ")}`,
  );
  console.log(table(r));
  if (quick)
    console.log(
      "\n--quick: fewer creates and repeats; these ratios are not at the targets' conditions (n = 1,000).",
    );
  console.log(`\nfigures: ${path.relative(process.cwd(), out)}`);
  if (!quick && r.verdicts.some((v) => !v.met)) process.exitCode = 1;
}

await main();
