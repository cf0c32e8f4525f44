/**
 * Analytics throughput: the whole country recomputed in memory (every SPC summary, recent trend,
 * England series, distribution, interval, comparison, funnel and opportunity, for every metric
 * and organisation) beside the time simply to read the same values from PostgreSQL.
 *
 * Data: the synthetic demo, 250 organisations × 300 metrics (the catalogue and its clones) × 120
 * months. Recompute is timed on matrices already in memory (best of 3, each on a fresh service),
 * so it measures the engine, not the database; reading is timed separately, as is the full
 * `precomputeAll()` after an import (read + compute).
 *
 * Run: `node --import tsx bench/analytics.ts` (own embedded PostgreSQL in a temporary folder, or
 * DATABASE_URL), or through bench/run.ts.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { loadDemo } from "../src/ingest/load-demo.js";
import { catalogue } from "../src/metrics/catalogue/index.js";
import { createAnalyticsService } from "../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../src/metrics/analytics/types.js";
import { createAnalyticsStore } from "../src/storage/analytics-store.js";
import { openDatabase, type Database } from "../src/storage/database.js";

const REPEATS = 3;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * The demo's size: 250 organisations × 300 metrics (the catalogue and its clones) × 120 months
 * unless told (--quick: smaller, `metricMultiplier` 1 being the catalogue alone).
 */
export async function benchAnalytics(
  database: Database,
  sizes: { orgs?: number; months?: number; metricMultiplier?: number } = {},
): Promise<Record<string, unknown>> {
  const metricMultiplier = sizes.metricMultiplier ?? Math.ceil(300 / catalogue.length);
  const t0 = performance.now();
  const demo = await loadDemo(database, {
    orgs: sizes.orgs ?? 250,
    months: sizes.months ?? 120,
    seed: 7,
    metricMultiplier,
  });
  const loadDemoSeconds = (performance.now() - t0) / 1000;

  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const timer = setInterval(sample, 20);
  try {
    const store = createAnalyticsStore(database);

    // 1. Reading: every value of every metric into typed-array matrices (one query per metric).
    let readSeconds = Infinity;
    let matrices = new Map<string, MetricMatrix>();
    for (let r = 0; r < 2; r++) {
      matrices = new Map();
      const t = performance.now();
      matrices = await store.loadAllMetrics!("month");
      readSeconds = Math.min(readSeconds, (performance.now() - t) / 1000);
      sample();
    }
    let values = 0;
    for (const m of matrices.values())
      for (let i = 0; i < m.value.length; i++) if (m.value[i] === m.value[i]) values++;

    // 2. Recompute from memory: a store that serves the matrices already read.
    const memory: AnalyticsStore = {
      ...store,
      dataVersion: store.dataVersion,
      loadMetric: async (id) => matrices.get(id) ?? (await store.loadMetric(id, "month")),
      loadAllMetrics: async () => matrices,
    };
    let recomputeSeconds = Infinity;
    let cpuSeconds = Infinity;
    let report:
      Awaited<ReturnType<ReturnType<typeof createAnalyticsService>["precomputeAll"]>> | undefined;
    for (let r = 0; r < REPEATS; r++) {
      const service = createAnalyticsService(memory);
      await service.dataVersion();
      const c0 = process.cpuUsage();
      const t = performance.now();
      report = await service.precomputeAll();
      recomputeSeconds = Math.min(recomputeSeconds, (performance.now() - t) / 1000);
      const c = process.cpuUsage(c0);
      cpuSeconds = Math.min(cpuSeconds, (c.user + c.system) / 1e6);
      sample();
    }

    // 3. After an import: precomputeAll() reading from PostgreSQL and computing.
    const live = createAnalyticsService(store);
    const t3 = performance.now();
    const liveReport = await live.precomputeAll();
    const afterImportSeconds = (performance.now() - t3) / 1000;
    // A query after precomputation never recomputes: one organisation's dashboard.
    const t4 = performance.now();
    const dashboard = await live.organisationDashboard("ZZ001");
    const dashboardMs = performance.now() - t4;
    sample();

    return {
      name: "analytics",
      organisations: demo.organisations,
      metrics: report?.metrics,
      series: report?.series,
      points: report?.points,
      values,
      loadDemoSeconds: +loadDemoSeconds.toFixed(2),
      readSeconds: +readSeconds.toFixed(3),
      recomputeSeconds: +recomputeSeconds.toFixed(3),
      recomputeCpuSeconds: +cpuSeconds.toFixed(3),
      recomputeToReadRatio: +(recomputeSeconds / readSeconds).toFixed(3),
      afterImportSeconds: +afterImportSeconds.toFixed(3),
      afterImportReadMs: liveReport.loadMs,
      afterImportComputeMs: liveReport.computeMs,
      dashboardMs: +dashboardMs.toFixed(1),
      dashboardMetrics: dashboard.metrics.length,
      peakRssMb: mb(peakRss),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      targetRecomputeSeconds: 5,
      targetMemoryMb: 1024,
    };
  } finally {
    clearInterval(timer);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-bench-analytics-"));
  await fs.chmod(workDir, 0o755);
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(workDir, "db"),
  });
  try {
    console.log(JSON.stringify(await benchAnalytics(database)));
  } finally {
    await database.close();
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
