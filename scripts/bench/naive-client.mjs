#!/usr/bin/env node
/**
 * The baseline: what a user writes without bluejay-sync, after Bluejay's own example. One
 * `fetch` per schedule, each awaited before the next; no lockfile, no retries, no plan.
 *   BLUEJAY_API_KEY=... node naive-client.mjs <api-url> <bodies.json>
 * `bodies.json` is an array of create-schedule request bodies. Prints how many were created.
 */
import { readFileSync } from "node:fs";

const [apiUrl, bodiesFile] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(bodiesFile, "utf8"));
let created = 0;
for (const body of bodies) {
  const res = await fetch(`${apiUrl}/v1/create-schedule`, {
    method: "POST",
    headers: { "X-API-Key": process.env.BLUEJAY_API_KEY, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.ok) created++;
  await res.json();
}
console.log(`created ${created} of ${bodies.length}`);
