/**
 * Page latency under load: the organisation dashboard and the metric page, 50 concurrent
 * connections, beside a static file served by the same server in the same run. Data: the real
 * shared NHS data when the folder is present (imported here, idempotently), otherwise the
 * synthetic demo. Latencies are recorded per response (autocannon's `response` event), so the
 * 95th percentile is exact rather than read off a histogram bucket.
 *
 * Target: p95 under 50 ms for both pages on a 2-core machine.
 */
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import { importPaths } from "../src/ingest/import-paths.js";
import { loadDemo } from "../src/ingest/load-demo.js";
import { createAnalyticsService } from "../src/metrics/service.js";
import { createAnalyticsStore } from "../src/storage/analytics-store.js";
import type { Database } from "../src/storage/database.js";
import { createAppFromDatabase } from "../src/web/compose.js";

const CONNECTIONS = 50;
const SECONDS = 10;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!);
}

async function load(url: string): Promise<{
  requests: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // As a browser asks: compressed when the server can.
    const headers = { "accept-encoding": "gzip, deflate, br" };
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: SECONDS, headers },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) =>
      latencies.push(responseTime),
    );
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    p50: +percentile(latencies, 0.5).toFixed(2),
    p95: +percentile(latencies, 0.95).toFixed(2),
    p99: +percentile(latencies, 0.99).toFixed(2),
    rps: Math.round(result.requests.average),
  };
}

export async function benchWeb(
  database: Database,
  options: { sharedDataDir: string },
): Promise<Record<string, unknown>[]> {
  // The page benchmark runs on the real data alone: drop any synthetic demo values first.
  await database.pool.query("DELETE FROM metric_values WHERE source = 'demo'");
  await database.pool.query("DELETE FROM organisations WHERE synthetic");
  let data = "synthetic demo";
  if (existsSync(options.sharedDataDir)) {
    await importPaths(database, [options.sharedDataDir]);
    data = "shared NHS data";
  } else {
    await loadDemo(database, { orgs: 150, months: 60, seed: 11 });
  }
  const analytics = createAnalyticsService(createAnalyticsStore(database));
  await analytics.precomputeAll();
  const app = await createAppFromDatabase({ db: database.db, analytics });
  await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const base = `http://127.0.0.1:${port}`;
    // The acute trust reporting the most 4-hour values: a page with every chart.
    const { rows } = await database.pool.query<{ org_code: string }>(
      `SELECT v.org_code FROM metric_values v JOIN organisations o USING (org_code)
       WHERE v.metric_id = 'ae_4hr_all' AND o.kind = 'acute_trust' GROUP BY v.org_code ORDER BY count(*) DESC, v.org_code LIMIT 1`,
    );
    const org = rows[0]?.org_code;
    if (!org) throw new Error("no organisation with 4-hour data");
    const pages = {
      static: "/assets/images/favicon.svg",
      dashboard: `/org/${org}`,
      metric: `/org/${org}/metric/ae_4hr_all`,
    };
    for (const path of Object.values(pages)) {
      const r = await fetch(base + path);
      if (!r.ok) throw new Error(`${path} answered ${r.status}`);
    }
    const results: Record<string, unknown>[] = [];
    const baseline = await load(base + pages.static);
    results.push({
      name: "web_static_baseline",
      data,
      path: pages.static,
      connections: CONNECTIONS,
      seconds: SECONDS,
      ...baseline,
    });
    for (const [page, path] of [
      ["dashboard", pages.dashboard],
      ["metric", pages.metric],
    ] as const) {
      const r = await load(base + path);
      results.push({
        name: `web_${page}`,
        data,
        path,
        connections: CONNECTIONS,
        seconds: SECONDS,
        ...r,
        p95RatioToStatic: +(r.p95 / baseline.p95).toFixed(2),
        target: "p95 < 50 ms",
      });
    }
    return results;
  } finally {
    await app.close();
  }
}
