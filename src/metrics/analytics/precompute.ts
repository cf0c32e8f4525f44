/**
 * Computes every metric's country-wide analysis (SPC summaries, recent trends, England series)
 * and, for each organisation's default peer group at each metric's latest period, the
 * distribution, intervals, funnel positions, comparisons and opportunities.
 */
import { performance } from "node:perf_hooks";
import type { EngineContext } from "./context.js";
import { defaultGroup, groupPeriod } from "./groups.js";
import { periodTypeOf } from "./metric-info.js";
import { analysis } from "./state.js";
import type { MetricMatrix, PrecomputeReport } from "./types.js";

function emptyMatrix(metricId: string): MetricMatrix {
  return {
    metricId,
    periodType: "month",
    orgCodes: [],
    periods: [],
    numerator: new Float64Array(0),
    denominator: new Float64Array(0),
    value: new Float64Array(0),
  };
}

export async function precomputeAll(e: EngineContext): Promise<PrecomputeReport> {
  const s = await e.cache.current();
  const t0 = performance.now();
  const preloaded = e.store.loadAllMetrics ? await e.store.loadAllMetrics("month") : null;
  const t1 = performance.now();
  let series = 0;
  let points = 0;
  let metrics = 0;
  const orgs = new Set<string>();
  for (const def of s.defs.values()) {
    const bulk =
      periodTypeOf(def) === "month" && preloaded
        ? (preloaded.get(def.id) ?? emptyMatrix(def.id))
        : undefined;
    const a = await analysis(s, e.store, e.scratch, def.id, bulk);
    if (!a) continue;
    metrics++;
    series += a.matrix.orgCodes.length;
    for (const n of a.series.n) points += n;
    if (a.latestPeriod < 0) continue;
    const kinds = new Set<string>();
    for (const r of a.providerRows) {
      const org = s.orgByCode.get(a.matrix.orgCodes[r]!);
      if (org) {
        kinds.add(defaultGroup(org));
        orgs.add(org.orgCode);
      }
    }
    for (const ref of ["england", ...kinds])
      await groupPeriod(e, s, a, ref, a.latestPeriod, e.oppKind);
  }
  const report: PrecomputeReport = {
    dataVersion: s.version,
    metrics,
    organisations: orgs.size,
    series,
    points,
    loadMs: Math.round(t1 - t0),
    computeMs: Math.round(performance.now() - t1),
  };
  s.precomputed = report;
  return report;
}
