/**
 * Latency and throughput under load: the organisation dashboard and the metric page, and the open
 * API's values and SPC endpoints (a stored series, and a posted one), 50 concurrent connections
 * each, beside a static file served by the same server in the same run. Data: the real
 * shared NHS data when the folder is present (imported here, idempotently), otherwise the
 * synthetic demo. Latencies are recorded per response (autocannon's `response` event), so the
 * 95th percentile is exact rather than read off a histogram bucket.
 *
 * Target: p95 under 50 ms for the pages and the API's reads on a 2-core machine.
 */
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import { importPaths } from "../src/ingest/import-paths.js";
import { loadDemo } from "../src/ingest/load-demo.js";
import { createCoverageService } from "../src/metrics/data-coverage/service.js";
import { createAnalyticsService, type AnalyticsService } from "../src/metrics/service.js";
import { createAnalyticsStore } from "../src/storage/analytics-store.js";
import { createCoverageStore } from "../src/storage/coverage-store.js";
import type { Database } from "../src/storage/database.js";
import { composeServices, createAppFromDatabase } from "../src/web/compose.js";
import { BOARD_FORMATS, boardSummaryFile } from "../src/web/pages/organisation/board-document.js";
import { REPORT_FORMATS, reportFile } from "../src/web/pages/reports/report-file.js";
import { operator } from "../src/cli/operator.js";

const CONNECTIONS = 50;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]!) - sorted[lo]!);
}

/** One thing to load: a path, and for a POST its JSON body. */
interface Target {
  path: string;
  body?: unknown;
}

async function load(
  base: string,
  target: Target,
  seconds: number,
): Promise<{
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
    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" };
    const post =
      target.body === undefined
        ? {}
        : { method: "POST" as const, body: JSON.stringify(target.body) };
    if (target.body !== undefined) headers["content-type"] = "application/json";
    const instance = autocannon(
      { url: base + target.path, connections: CONNECTIONS, duration: seconds, headers, ...post },
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
  options: {
    /** The real data's folder; undefined: the synthetic demo (as when the folder is missing). */
    sharedDataDir: string | undefined;
    /** Seconds of load per target (default 10). */
    seconds?: number;
    /** Sequential runs of each report (default 20). */
    runs?: number;
  },
): Promise<Record<string, unknown>[]> {
  const SECONDS = options.seconds ?? 10;
  const RUNS = options.runs ?? 20;
  // The page benchmark runs on the real data alone: drop any synthetic demo values first.
  await database.pool.query("DELETE FROM metric_values WHERE source = 'demo'");
  await database.pool.query("DELETE FROM organisations WHERE synthetic");
  let data = "synthetic demo";
  if (options.sharedDataDir !== undefined && existsSync(options.sharedDataDir)) {
    await importPaths(database, [options.sharedDataDir]);
    data = "shared NHS data";
  } else {
    await loadDemo(database, { orgs: 150, months: 60, seed: 11 });
  }
  const analytics = createAnalyticsService(createAnalyticsStore(database));
  await analytics.precomputeAll();
  // The API's real rate limiter (one counted write per request, in PostgreSQL), with a limit
  // the load never reaches: its cost is measured, its refusals are not.
  const app = await createAppFromDatabase({
    db: database.db,
    analytics,
    api: { limits: { anonymous: 100_000_000, token: 100_000_000, windowSeconds: 60 } },
  });
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
    // The posted series: the same organisation's 4-hour values, as a client would send them.
    const series = await database.pool.query<{ period: string; value: number }>(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS period, value FROM preferred_values
       WHERE org_code = $1 AND metric_id = 'ae_4hr_all' AND period_type = 'month'
       ORDER BY period_start`,
      [org],
    );
    const targets: Record<string, Target> = {
      static: { path: "/assets/images/favicon.svg" },
      dashboard: { path: `/org/${org}` },
      metric: { path: `/org/${org}/metric/ae_4hr_all` },
      api_values: { path: `/api/v1/values?orgCode=${org}&metricId=ae_4hr_all` },
      api_spc: { path: `/api/v1/organisations/${org}/metrics/ae_4hr_all/spc` },
      api_spc_posted: {
        path: "/api/v1/spc",
        body: {
          points: series.rows.map((r) => ({ date: r.period, value: r.value })),
          options: { improvementDirection: "increase", target: 78 },
        },
      },
    };
    for (const target of Object.values(targets)) {
      const r = await fetch(base + target.path, {
        method: target.body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        body: target.body === undefined ? undefined : JSON.stringify(target.body),
      });
      if (!r.ok) throw new Error(`${target.path} answered ${r.status}: ${await r.text()}`);
    }
    const results: Record<string, unknown>[] = [];
    const { static: staticFile, ...measured } = targets;
    const baseline = await load(base, staticFile!, SECONDS);
    results.push({
      name: "web_static_baseline",
      data,
      path: staticFile!.path,
      connections: CONNECTIONS,
      seconds: SECONDS,
      ...baseline,
    });
    for (const [name, target] of Object.entries(measured)) {
      const r = await load(base, target, SECONDS);
      results.push({
        name: `web_${name}`,
        data,
        path: target.body === undefined ? target.path : `POST ${target.path}`,
        connections: CONNECTIONS,
        seconds: SECONDS,
        ...r,
        rpsRatioToStatic: +(r.rps / baseline.rps).toFixed(2),
        p95RatioToStatic: +(r.p95 / baseline.p95).toFixed(2),
        target: "p95 < 50 ms",
      });
    }
    results.push(...(await reportTimings(database, analytics, org, base, RUNS)));
    results.push(...(await iprTimings(database, analytics, org, base, RUNS)));
    return results;
  } finally {
    await app.close();
  }
}

/**
 * An integrated performance report of 30 metrics (the organisation's metrics with an SPC chart
 * first, then others with a value; saved as a report for the run and deleted after it) generated as standalone HTML, PDF, XLSX
 * and CSV, never from the cache (each run reads the sections and commentary and draws every
 * chart), beside the same organisation's dashboard page asked for one at a time in the same run.
 */
async function iprTimings(
  database: Database,
  analytics: AnalyticsService,
  org: string,
  base: string,
  runs: number,
): Promise<Record<string, unknown>[]> {
  const RUNS = runs;
  const services = composeServices({ db: database.db, analytics });
  const actor = operator();
  const subject = { kind: "organisation", orgCode: org } as const;
  // Its metrics with an SPC chart first, then others with a value (not judged), 30 in all.
  const shown = (await analytics.organisationDashboard(org)).metrics.filter(
    (m) => m.latest && m.metric.category === null,
  );
  const metricIds = [...shown.filter((m) => m.trend.spc), ...shown.filter((m) => !m.trend.spc)]
    .slice(0, 30)
    .map((m) => m.metric.metricId);
  const saved = await services.reports.saveDefinition(actor, subject, {
    title: "Benchmark: 30 metrics",
    description: "Saved by bench/web.ts for one run, then deleted.",
    sections: [
      { title: "First fifteen", metricIds: metricIds.slice(0, 15) },
      { title: "Next fifteen", metricIds: metricIds.slice(15) },
    ],
  });
  try {
    const dashboard = await timed(RUNS, async () => (await fetch(`${base}/org/${org}`)).text());
    const out: Record<string, unknown>[] = [
      { name: "ipr_dashboard_baseline", path: `/org/${org}`, ...dashboard },
    ];
    for (const format of REPORT_FORMATS) {
      const r = await timed(RUNS, () =>
        reportFile(services, actor, subject, saved.key, format, { generatedAt: new Date() }),
      );
      out.push({
        name: `ipr_${format}`,
        org,
        metrics: metricIds.length,
        ...r,
        p50RatioToDashboard: +(r.p50 / dashboard.p50).toFixed(2),
        target: "well under a second",
      });
    }
    return out;
  } finally {
    await services.reports.deleteDefinition(actor, subject, saved.key);
  }
}

/** The median and 95th percentile of `runs` sequential timings of `work`, in ms. */
async function timed(runs: number, work: () => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { runs, p50: +percentile(ms, 0.5).toFixed(2), p95: +percentile(ms, 0.95).toFixed(2) };
}

/**
 * The board summary generated as PDF, XLSX and CSV (never from the cache: each run builds the
 * file from the dashboard), one at a time, beside the same organisation's dashboard page asked
 * for one at a time over HTTP in the same run.
 */
async function reportTimings(
  database: Database,
  analytics: AnalyticsService,
  org: string,
  base: string,
  runs: number,
): Promise<Record<string, unknown>[]> {
  const RUNS = runs;
  const coverage = createCoverageService(createCoverageStore(database.db));
  const organisation = (await analytics.organisationDashboard(org)).organisation;
  const dashboard = await timed(RUNS, async () => (await fetch(`${base}/org/${org}`)).text());
  const metrics = (await analytics.organisationDashboard(org)).metrics.length;
  const out: Record<string, unknown>[] = [
    { name: "report_dashboard_baseline", path: `/org/${org}`, metrics, ...dashboard },
  ];
  for (const format of BOARD_FORMATS) {
    const r = await timed(RUNS, () =>
      boardSummaryFile({ analytics, coverage }, organisation, undefined, format, {
        generatedAt: new Date(),
      }),
    );
    out.push({
      name: `report_board_${format}`,
      org,
      metrics,
      ...r,
      p50RatioToDashboard: +(r.p50 / dashboard.p50).toFixed(2),
      target: "well under a second",
    });
  }
  return out;
}
