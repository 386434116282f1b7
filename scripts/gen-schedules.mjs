#!/usr/bin/env node
// Prints a valid schedules file of N entries (default 10000): distinct names, every kind of
// schedule in turn, simulations 30595..30604. For benchmarks and large-file tests:
//   node scripts/gen-schedules.mjs 10000 > schedules-10k.yaml

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function pad(n) {
  return String(n).padStart(2, "0");
}

/**
 * The schedule of the k-th entry of one simulation: the interval kinds while their few values
 * last, then the timed kinds and cron in turn, each at a time of day no other entry of that
 * kind uses, so that no two entries of a simulation are equivalent.
 */
function scheduleFor(k) {
  if (k < 59) return `{ frequency: every_n_minutes, interval: ${k + 1} }`;
  if (k < 82) return `{ frequency: every_n_hours, interval: ${k - 58} }`;
  const j = k - 82;
  const minuteOfDay = (Math.floor(j / 5) * 37) % 1440;
  const [hour, minute] = [Math.floor(minuteOfDay / 60), minuteOfDay % 60];
  const time = `"${pad(hour)}:${pad(minute)}"`;
  switch (j % 5) {
    case 0:
      return `{ frequency: daily, time: ${time} }`;
    case 1:
      return `{ frequency: weekly, day_of_week: ${DAYS[j % 7]}, time: ${time} }`;
    case 2:
      return `{ frequency: monthly, day_of_month: ${1 + (j % 28)}, time: ${time} }`;
    case 3:
      return `{ frequency: cron, expression: "${minute} ${hour} * * 1-5" }`;
    default:
      return `"${minute} ${hour} 1-15 * *"`;
  }
}

function generate(n) {
  const lines = [
    "# yaml-language-server: $schema=./node_modules/bluejay-sync/schemas/bluejay.schedules.schema.json",
    `# ${n} generated entries.`,
    "version: 1",
    "prune: false",
    "defaults:",
    "  enabled: true",
    n === 0 ? "schedules: {}" : "schedules:",
  ];
  for (let i = 0; i < n; i++) {
    lines.push(`  load-${String(i).padStart(5, "0")}:`);
    lines.push(`    simulation_id: "${30595 + (i % 10)}"`);
    lines.push(`    schedule: ${scheduleFor(Math.floor(i / 10))}`);
    if (i % 10 === 9) lines.push("    enabled: false");
  }
  return `${lines.join("\n")}\n`;
}

const count = Number(process.argv[2] ?? 10000);
if (!Number.isInteger(count) || count < 0) {
  console.error("usage: node scripts/gen-schedules.mjs <count>");
  process.exitCode = 3;
} else {
  process.stdout.write(generate(count));
}
