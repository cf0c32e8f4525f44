/**
 * `npm run load`: the capacity of one machine. Starts `improve serve` (the built command) on a
 * data folder, then drives it with autocannon, phase by phase, each compared with a static file
 * served by the same server in the same run (absolute figures on a shared machine are noise):
 *
 * 1. static: the favicon, the baseline;
 * 2. mix: a realistic mix of page types, weighted as people browse;
 * 3. one phase per page type (a handful of URLs of that type each);
 * 4. distinct: many distinct valid URLs (organisations × metrics × peers × comparisons), so most
 *    requests miss the page cache;
 * 5. hostile: long and odd query strings, unknown codes, traversal attempts, huge peers lists
 *    (4xx expected; a 5xx or a timeout is an error).
 *
 * Reports requests per second, p50/p95/p99 latency (exact, from every response), timeouts,
 * errors (connection errors, 5xx, and 4xx outside the hostile phase) and the server's resident
 * memory (VmRSS of the server process and its cluster workers, sampled every 250 ms), as a table
 * and as JSON (`--json <file>`, default load-result.json in the working folder).
 *
 * Targets (full mode; a miss exits 1): the mix's throughput ≥ 0.5 × static, every page type's
 * p95 ≤ 3 × static, no timeouts and no errors in any phase. `--quick` (CI) runs short phases on
 * fewer connections and fails only on a 5xx or a timeout.
 *
 *   npm run load                                  synthetic demo in a temporary folder
 *   npm run load -- --data-dir /path/to/folder    an existing data folder (real data)
 *   npm run load -- --quick --workers 2 --connections 100 --seconds 5
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { openDatabase } from "../src/storage/database.js";
import { mulberry32 } from "./random.js";

interface Options {
  quick: boolean;
  dataDir: string | undefined;
  workers: number | undefined;
  connections: number;
  seconds: number;
  json: string;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      "data-dir": { type: "string" },
      workers: { type: "string" },
      connections: { type: "string" },
      seconds: { type: "string" },
      json: { type: "string", default: "load-result.json" },
    },
  });
  const quick = values.quick ?? false;
  const int = (v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive whole number: ${v}`);
    return n;
  };
  return {
    quick,
    dataDir: values["data-dir"] ? path.resolve(values["data-dir"]) : undefined,
    workers: values.workers === undefined ? undefined : int(values.workers, 1),
    connections: int(values.connections, quick ? 50 : 200),
    seconds: int(values.seconds, quick ? 2 : 10),
    json: path.resolve(values.json ?? "load-result.json"),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The server and its memory

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  stop(): Promise<number | null>;
}

async function startServer(dataDir: string, options: Options, demo: boolean): Promise<Server> {
  const port = await freePort();
  const args = ["bin/improve.js", "serve", "--port", String(port), "--host", "127.0.0.1"];
  if (options.workers !== undefined) args.push("--workers", String(options.workers));
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      IMPROVE_DATA_DIR: dataDir,
      IMPROVE_DEMO: demo ? "synthetic" : "off",
      // Request logs would measure the terminal, not the site.
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 600_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${output}`));
    });
    lines.on("line", (line) => {
      output += line + "\n";
      if (/is running at/.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await ready;
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * The server process and its descendants running the same program (the cluster's workers), by
 * pid; not the embedded PostgreSQL it may have started (shared, and counted by PostgreSQL).
 */
function processTree(pid: number): number[] {
  const comm = (p: number) => {
    try {
      return readFileSync(`/proc/${p}/comm`, "utf8");
    } catch {
      return "";
    }
  };
  const program = comm(pid);
  const children = new Map<number, number[]>();
  for (const name of readdirSafe("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    if (comm(p) !== program) return;
    out.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the server's resident memory (all its processes together) until stopped. */
function sampleMemory(pid: number, list: () => number[]) {
  let peak = 0;
  let last = 0;
  let processes = 0;
  const sample = () => {
    const pids = list();
    processes = pids.length;
    last = pids.reduce((sum, p) => sum + rssMb(p), 0);
    peak = Math.max(peak, last);
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: Math.round(peak), endRssMb: Math.round(last), processes, pid };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The URLs

type PageType =
  "home" | "search" | "organisations" | "dashboard" | "metric" | "compare" | "group" | "networks";

/** How often each page type comes up in the mix (people land on organisations and metrics most). */
const MIX_WEIGHTS: Record<PageType, number> = {
  home: 10,
  search: 15,
  organisations: 5,
  dashboard: 20,
  metric: 20,
  compare: 10,
  group: 12,
  networks: 8,
};

interface Catalogue {
  orgs: { code: string; name: string }[];
  metrics: string[];
  regions: string[];
  icbs: string[];
  networks: string[];
}

/** What the data folder holds, read through the same attach path as any other command. */
async function readCatalogue(dataDir: string): Promise<Catalogue> {
  const database = await openDatabase({ dataDir, migrate: false, poolSize: 2 });
  try {
    const q = async <T>(text: string) => (await database.pool.query<T & pg_row>(text)).rows;
    // Trusts with the most monthly values first: pages with every chart.
    const orgs = await q<{ code: string; name: string }>(
      `SELECT o.org_code AS code, o.name FROM organisations o
       JOIN (SELECT org_code, count(*) AS n FROM metric_values WHERE period_type = 'month' GROUP BY org_code) v USING (org_code)
       WHERE o.kind NOT IN ('country', 'region', 'icb') ORDER BY v.n DESC, o.org_code LIMIT 300`,
    );
    const metrics = await q<{ id: string }>(
      `SELECT metric_id AS id FROM metric_values v JOIN metrics m USING (metric_id)
       WHERE v.period_type = 'month' GROUP BY metric_id ORDER BY count(*) DESC, metric_id LIMIT 40`,
    );
    const groups = await q<{ code: string; kind: string }>(
      `SELECT org_code AS code, kind FROM organisations WHERE kind IN ('region', 'icb') ORDER BY org_code`,
    );
    const networks = await q<{ id: string }>(
      `SELECT network_id AS id FROM networks ORDER BY network_id`,
    );
    return {
      orgs,
      metrics: metrics.map((m) => m.id),
      regions: groups.filter((g) => g.kind === "region").map((g) => g.code),
      icbs: groups.filter((g) => g.kind === "icb").map((g) => g.code),
      networks: networks.map((n) => n.id),
    };
  } finally {
    await database.close();
  }
}
type pg_row = Record<string, unknown>;

/** A name fragment with a typo, as people type it: "leeds teching". */
function searchTerm(name: string, random: () => number): string {
  const words = name.toLowerCase().split(/\s+/).slice(0, 2);
  return words
    .map((w) => (w.length > 4 && random() < 0.5 ? w.slice(0, -2) + w.at(-1) : w))
    .join(" ");
}

function pageUrls(c: Catalogue, count: number, random: () => number): Record<PageType, string[]> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const orgs = c.orgs.slice(0, Math.max(1, Math.min(count, c.orgs.length)));
  const metrics = c.metrics.slice(0, 8);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const compareUrl = (n: number) =>
    `/compare?orgs=${encodeURIComponent(
      [...new Set(range(n).map(() => pick(c.orgs.slice(0, 40)).code))].join(","),
    )}&metric=${pick(metrics)}`;
  return {
    home: ["/"],
    search: range(count).map(
      (i) => `/search?q=${encodeURIComponent(searchTerm(orgs[i % orgs.length]!.name, random))}`,
    ),
    organisations: ["/organisations", "/organisations?kind=all", "/organisations?closed=include"],
    dashboard: orgs.map((o) => `/org/${o.code}`),
    metric: orgs.map((o, i) => `/org/${o.code}/metric/${metrics[i % metrics.length]}`),
    compare: range(count).map(() => compareUrl(2 + Math.floor(random() * 8))),
    group: [
      ...c.regions.map((r) => `/regions/${r}`),
      ...c.icbs.slice(0, count).map((i) => `/icbs/${i}`),
      ...c.networks.slice(0, count).map((n) => `/networks/${n}`),
    ],
    networks: ["/networks"],
  };
}

/** Many distinct valid URLs: most requests miss the page cache. */
function distinctUrls(c: Catalogue, random: () => number): string[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const urls = new Set<string>();
  const peers = ["acute", ...c.regions.map((r) => `geo-region:${r}`)];
  for (let i = 0; urls.size < 4000 && i < 20_000; i++) {
    const org = pick(c.orgs).code;
    const metric = pick(c.metrics);
    switch (i % 5) {
      case 0:
        urls.add(`/org/${org}/metric/${metric}`);
        break;
      case 1:
        urls.add(`/org/${org}?peers=${encodeURIComponent(pick(peers))}`);
        break;
      case 2: {
        const codes = new Set(Array.from({ length: 2 + (i % 8) }, () => pick(c.orgs).code));
        urls.add(`/compare?orgs=${[...codes].join(",")}&metric=${metric}`);
        break;
      }
      case 3:
        urls.add(`/search?q=${encodeURIComponent(searchTerm(pick(c.orgs).name, random) + i)}`);
        break;
      default:
        urls.add(`/metric/${metric}`);
    }
  }
  return [...urls];
}

/** Requests an attacker or a broken crawler sends; each must get a 4xx (or a page), never a 5xx. */
function hostileUrls(c: Catalogue): string[] {
  const org = c.orgs[0]?.code ?? "RDE";
  const long = "x".repeat(5000);
  const manyOrgs = c.orgs.map((o) => o.code).join(",");
  return [
    `/search?q=${long}`,
    `/search?q=${encodeURIComponent("%00<script>alert(1)</script>")}`,
    `/search?q=a&q=b&q=c`,
    `/search?q=${"%F0%9F%92%A9".repeat(60)}`,
    `/compare?orgs=${manyOrgs}&metric=ae_4hr_all`,
    `/compare?orgs=${"ZZ9,".repeat(60)}`,
    `/compare?orgs=${org}&metric=${long}`,
    `/compare?orgs=../../etc/passwd`,
    `/compare?orgs[]=x&metric[]=y`,
    `/org/ZZZZZ9`,
    `/org/${org}?peers=${encodeURIComponent(manyOrgs)}`,
    `/org/${org}?peers=orgs:${manyOrgs}`,
    `/org/${org}?peers=${long}`,
    `/org/${org}/metric/no_such_metric`,
    `/org/${org}/metric/${"a".repeat(300)}`,
    `/org/..%2f..%2fetc%2fpasswd`,
    `/assets/..%2f..%2f..%2fpackage.json`,
    `/static/js/../../../../etc/passwd`,
    `/static/nhsuk/..%2fpackage.json`,
    `/regions/ZZZ`,
    `/icbs/${long.slice(0, 500)}`,
    `/networks/%ZZ`,
    `/metric/${"%2e%2e%2f".repeat(20)}`,
    `/organisations?kind=${long}`,
    `/${long}`,
    `/?${"a=1&".repeat(1000)}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// One phase

export interface PhaseResult {
  phase: string;
  urls: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  timeouts: number;
  /** Connection errors, 5xx, and 4xx where none is expected. */
  errors: number;
  status: { "2xx": number; "3xx": number; "4xx": number; "5xx": number };
  peakRssMb: number;
  endRssMb: number;
  rpsRatio?: number;
  p95Ratio?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!);
}

async function phase(
  name: string,
  base: string,
  paths: readonly string[],
  options: Options & { hostile?: boolean; memory: () => ReturnType<typeof sampleMemory> },
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const status = { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
  // One cursor over the URLs for all connections, so connections do not march in step.
  let cursor = 0;
  const memory = options.memory();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        // As a browser asks: compressed when the server can.
        headers: { "accept-encoding": "gzip, deflate, br" },
        requests: [
          {
            method: "GET",
            setupRequest: (request) => ({ ...request, path: paths[cursor++ % paths.length]! }),
          },
        ],
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      const k =
        `${Math.min(5, Math.max(2, Math.floor(statusCode / 100)))}xx` as keyof typeof status;
      status[k]++;
    });
  });
  const mem = memory.stop();
  latencies.sort((a, b) => a - b);
  const unexpected4xx = options.hostile ? 0 : status["4xx"];
  return {
    phase: name,
    urls: paths.length,
    requests: latencies.length,
    rps: Math.round(latencies.length / options.seconds),
    p50: +percentile(latencies, 0.5).toFixed(1),
    p95: +percentile(latencies, 0.95).toFixed(1),
    p99: +percentile(latencies, 0.99).toFixed(1),
    timeouts: result.timeouts,
    // autocannon counts a timeout as an error too: reported apart here.
    errors: result.errors - result.timeouts + status["5xx"] + unexpected4xx,
    status,
    peakRssMb: mem.peakRssMb,
    endRssMb: mem.endRssMb,
  };
}

/**
 * Waits until the server answers its liveness probe within 200 ms (at most a minute): requests
 * a phase abandoned at its timeout are still being answered, and must not slow the next phase.
 */
async function settle(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const started = Date.now();
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
      async (r) => (await r.arrayBuffer(), r.ok),
      () => false,
    );
    if (ok && Date.now() - started < 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---------------------------------------------------------------------------------------------

function table(rows: PhaseResult[]): string {
  const head = [
    "phase",
    "urls",
    "req/s",
    "× static",
    "p50 ms",
    "p95 ms",
    "p95 × static",
    "p99 ms",
    "timeouts",
    "errors",
    "4xx",
    "5xx",
    "peak RSS MB",
  ];
  const body = rows.map((r) => [
    r.phase,
    String(r.urls),
    String(r.rps),
    r.rpsRatio?.toFixed(2) ?? "",
    String(r.p50),
    String(r.p95),
    r.p95Ratio?.toFixed(2) ?? "",
    String(r.p99),
    String(r.timeouts),
    String(r.errors),
    String(r.status["4xx"]),
    String(r.status["5xx"]),
    String(r.peakRssMb),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/** The targets missed, in words (none: an empty list). */
function misses(rows: PhaseResult[], quick: boolean): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (r.timeouts > 0) out.push(`${r.phase}: ${r.timeouts} timeouts`);
    if (r.status["5xx"] > 0) out.push(`${r.phase}: ${r.status["5xx"]} responses 5xx`);
    if (quick) continue;
    if (r.errors > 0) out.push(`${r.phase}: ${r.errors} errors`);
    if (r.phase === "mix" && (r.rpsRatio ?? 0) < 0.5)
      out.push(`mix: throughput ${r.rpsRatio} × static (target ≥ 0.5)`);
    if (r.phase.startsWith("page:") && (r.p95Ratio ?? Infinity) > 3)
      out.push(`${r.phase}: p95 ${r.p95Ratio} × static (target ≤ 3)`);
  }
  return out;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const random = mulberry32(7);
  let tempDir: string | undefined;
  let dataDir = options.dataDir;
  if (!dataDir) {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-load-"));
    await fs.chmod(tempDir, 0o755);
    dataDir = tempDir;
  }
  console.log(
    `load: ${options.quick ? "quick" : "full"} mode, ${options.connections} connections, ${options.seconds} s a phase, data ${options.dataDir ?? "synthetic demo (temporary folder)"}, workers ${options.workers ?? "default"}; ${os.availableParallelism()} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const server = await startServer(dataDir, options, tempDir !== undefined);
  let exitCode = 0;
  try {
    const pid = server.child.pid!;
    const tree = () => processTree(pid);
    const memory = () => sampleMemory(pid, tree);
    const catalogue = await readCatalogue(dataDir);
    if (catalogue.orgs.length === 0) throw new Error("the data folder holds no values");
    const pages = pageUrls(catalogue, options.quick ? 5 : 20, random);
    // Every URL of the page phases answers before the clock starts (and is then cached, as it
    // would be on a site that has been up a while): asked twice per worker (round robin), four at a time.
    const warmUp = Object.values(pages).flatMap((paths) =>
      paths.flatMap((p) =>
        Array<string>(2 * (options.workers ?? os.availableParallelism())).fill(p),
      ),
    );
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let p = warmUp.shift(); p !== undefined; p = warmUp.shift()) {
          const r = await fetch(server.base + p, { redirect: "manual" });
          await r.arrayBuffer();
          if (r.status >= 400) throw new Error(`${p} answered ${r.status}`);
        }
      }),
    );
    const mix: string[] = [];
    for (const [type, weight] of Object.entries(MIX_WEIGHTS) as [PageType, number][])
      for (let i = 0; i < weight; i++) mix.push(pages[type][i % pages[type].length]!);
    for (let i = mix.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [mix[i], mix[j]] = [mix[j]!, mix[i]!];
    }
    const run = async (name: string, paths: readonly string[], hostile = false) => {
      await settle(server.base);
      return phase(name, server.base, paths, { ...options, hostile, memory });
    };
    const staticPath = "/assets/images/favicon.svg";
    const rows: PhaseResult[] = [await run("static", [staticPath])];
    rows.push(await run("mix", mix));
    for (const [type, paths] of Object.entries(pages)) rows.push(await run(`page:${type}`, paths));
    rows.push(await run("distinct", distinctUrls(catalogue, random)));
    rows.push(await run("hostile", hostileUrls(catalogue), true));
    // The baseline again at the end: a machine that got busier shows here.
    rows.push(await run("static (again)", [staticPath]));
    const baseline = rows[0]!;
    for (const r of rows) {
      r.rpsRatio = +(r.rps / baseline.rps).toFixed(2);
      r.p95Ratio = +(r.p95 / baseline.p95).toFixed(2);
    }
    const missed = misses(rows, options.quick);
    const serverProcesses = tree().length;
    console.log(table(rows));
    const result = {
      when: new Date().toISOString(),
      mode: options.quick ? "quick" : "full",
      connections: options.connections,
      seconds: options.seconds,
      data: options.dataDir ?? "synthetic demo",
      workers: options.workers ?? "default",
      serverProcesses,
      cores: os.availableParallelism(),
      loadAverage: os.loadavg(),
      phases: rows,
      missed,
    };
    await fs.writeFile(options.json, JSON.stringify(result, null, 2) + "\n");
    console.log(`\nserver processes: ${serverProcesses}; JSON: ${options.json}`);
    if (missed.length > 0) {
      console.log(`targets missed:\n  ${missed.join("\n  ")}`);
      exitCode = 1;
    } else console.log("every target met");
  } finally {
    const code = await server.stop();
    await fs.writeFile(options.json.replace(/\.json$/, "") + ".server.log", server.output());
    if (code !== 0) {
      console.error(`server exited with ${code}:\n${server.output()}`);
      exitCode = 1;
    }
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

await main();
