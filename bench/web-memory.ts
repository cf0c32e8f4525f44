/**
 * Server memory under many distinct URLs (issue 14): requests organisation and metric pages, each
 * with its own `?peers=orgs:…` list of real organisation codes, and records the server's resident
 * memory (RSS, from /proc) as it goes. Run against a running server:
 *
 *   npx tsx bench/web-memory.ts http://127.0.0.1:3931 <server pid> [requests=10000] [concurrency=4]
 *
 * Prints one line per 1,000 requests (requests, RSS in MB, status counts) and the final RSS.
 */
import { readFileSync } from "node:fs";

const [base = "http://127.0.0.1:3931", pidText, countText = "10000", concurrencyText = "4"] =
  process.argv.slice(2);
if (!pidText)
  throw new Error("usage: web-memory.ts <base url> <server pid> [requests] [concurrency]");
const pid = Number(pidText);
const total = Number(countText);
const concurrency = Number(concurrencyText);

const rssMb = (): number => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
};

/** A deterministic pseudo-random sequence, so before and after runs request the same URLs. */
let seed = 14;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

const listing = await (await fetch(`${base}/organisations`)).text();
const codes = [...new Set([...listing.matchAll(/href="\/org\/([A-Z0-9]+)"/g)].map((m) => m[1]!))];
const metrics = ["ae_4hr_all", "rtt_18wk", "ae_4hr_type1"];

function url(i: number): string {
  const org = codes[i % codes.length]!;
  const peers = new Set<string>();
  const size = 3 + Math.floor(random() * 8);
  while (peers.size < size) peers.add(codes[Math.floor(random() * codes.length)]!);
  const query = `?peers=orgs:${[...peers].join(",")}`;
  const metric = metrics[i % metrics.length]!;
  return i % 2 === 0 ? `/org/${org}${query}` : `/org/${org}/metric/${metric}${query}`;
}

const statuses = new Map<number, number>();
let next = 0;
const started = Date.now();
console.log(`${codes.length} organisations; start RSS ${rssMb()} MB`);
async function worker(): Promise<void> {
  while (next < total) {
    const i = next++;
    const res = await fetch(base + url(i), { headers: { "accept-encoding": "gzip" } });
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if ((i + 1) % 1000 === 0)
      console.log(
        `${i + 1} requests, ${Math.round((Date.now() - started) / 1000)} s: RSS ${rssMb()} MB, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(`after ${total} requests: RSS ${rssMb()} MB`);
