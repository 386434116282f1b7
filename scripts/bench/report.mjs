/**
 * The benchmark's verdicts (figures against the targets of issue 7), the machine it ran on, and
 * the table printed at the end.
 */
import { readFileSync } from "node:fs";
import os from "node:os";

export function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return "";
    }
  })();
  return {
    nproc: os.availableParallelism(),
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown",
    ramGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

const ms = (v) => (v === null || v === undefined ? "n/a" : `${Math.round(v)} ms`);
const s = (v) => (v === null || v === undefined ? "n/a" : `${(v / 1000).toFixed(2)} s`);
const mib = (v) => (v === null || v === undefined ? "n/a" : `${v.toFixed(0)} MiB`);

/** One row per target: the figure, the limit, and whether it was met. */
export function verdicts(r) {
  const out = [];
  const add = (name, figure, shown, limit, met) => out.push({ name, figure, shown, limit, met });
  const v10k = r.validate?.find((x) => x.entries === 10000);
  if (v10k) {
    add("validate 10,000 entries", v10k.wallMs, ms(v10k.wallMs), "< 1000 ms", v10k.wallMs < 1000);
    const none = v10k.requests.every((n) => n === 0);
    add("validate 10,000: requests per run", v10k.requests, v10k.requests.join(","), "0 (offline)", none);
  }
  const p10k = r.plan?.find((x) => x.entries === 10000);
  if (p10k) {
    add("no-op plan 10,000 entries", p10k.wallMs, ms(p10k.wallMs), "< 1000 ms", p10k.wallMs < 1000);
    const one = p10k.requests.every((n) => n === 1);
    add("no-op plan 10,000: requests per run", p10k.requests, p10k.requests.join(","), "exactly 1", one);
  }
  const a = r.apply?.latencyBound;
  if (a) add("apply latency-bound / bound", a.ratio, `${a.ratio.toFixed(2)}x`, "<= 1.25x", a.ratio <= 1.25);
  const rb = r.apply?.rateBound;
  if (rb) add("apply rate-bound / bound", rb.ratio, `${rb.ratio.toFixed(2)}x`, "<= 1.25x", rb.ratio <= 1.25);
  const nv = r.apply?.naive;
  if (nv?.speedup !== undefined)
    add("naive client / tool (speed-up)", nv.speedup, `${nv.speedup.toFixed(2)}x`, ">= 6x", nv.speedup >= 6);
  const lat = r.sidecar?.changeToRequest?.debounce250;
  if (lat)
    add("sidecar change-to-request median", lat.medianMs, ms(lat.medianMs), "< 500 ms", lat.medianMs < 500);
  const idle = r.sidecar?.idle;
  if (idle) {
    add("sidecar idle CPU", idle.cpuPercent, `${idle.cpuPercent.toFixed(2)} %`, "< 1 %", idle.cpuPercent < 1);
    add("sidecar idle peak RSS", idle.peakRssMiB, mib(idle.peakRssMiB), "< 100 MiB", idle.peakRssMiB < 100);
  }
  return out;
}

/** The human-readable table: every figure, then the verdicts. */
export function table(r) {
  const rows = [["measurement", "wall", "peak RSS", "CPU", "requests"]];
  for (const v of r.validate ?? [])
    rows.push([`validate ${v.entries}`, ms(v.wallMs), mib(v.peakRssMiB), ms(v.cpuMs), v.requests.join(",")]);
  for (const p of r.plan ?? [])
    rows.push([
      `no-op plan ${p.entries}`,
      ms(p.wallMs),
      mib(p.peakRssMiB),
      ms(p.cpuMs),
      p.requests.join(","),
    ]);
  const a = r.apply ?? {};
  const applyRow = (label, x, extra = "") =>
    x && rows.push([label, s(x.wallMs), mib(x.peakRssMiB), ms(x.cpuMs), `${x.requests}${extra}`]);
  applyRow(
    `apply ${a.latencyBound?.entries} @${a.latencyMs}ms (bound ${s(a.latencyBound?.boundMs)})`,
    a.latencyBound,
  );
  applyRow(`naive client ${a.naive?.entries} @${a.latencyMs}ms`, a.naive);
  applyRow(
    `apply ${a.rateBound?.entries} @${a.rate}/s (bound ${s(a.rateBound?.boundMs)})`,
    a.rateBound,
    a.rateBound ? ` (${a.rateBound.rateLimited} x 429)` : "",
  );
  for (const [k, c] of Object.entries(r.coldStart ?? {}))
    rows.push([
      `cold start: ${c.args}`,
      ms(c.wallMs),
      mib(c.peakRssMiB),
      ms(c.cpuMs),
      k === "version" ? "-" : "0",
    ]);
  const sc = r.sidecar;
  for (const [k, l] of Object.entries(sc?.changeToRequest ?? {}))
    rows.push([`sidecar change->request (${k})`, `median ${ms(l.medianMs)}, p90 ${ms(l.p90Ms)}`, "", "", ""]);
  if (sc?.idle)
    rows.push([
      `sidecar idle ${sc.idleSeconds}s`,
      "",
      mib(sc.idle.peakRssMiB),
      `${sc.idle.cpuPercent.toFixed(2)} %`,
      "",
    ]);
  const lines = [format(rows), ""];
  const checks = [["target", "figure", "limit", "met"]];
  for (const v of r.verdicts) checks.push([v.name, v.shown, v.limit, v.met ? "yes" : "NO"]);
  lines.push(format(checks));
  return lines.join("\n");
}

function format(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  return rows
    .map((row) =>
      row
        .map((c, i) => String(c).padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
