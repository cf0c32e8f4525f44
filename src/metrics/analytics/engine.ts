/**
 * The analytics engine behind src/metrics/service.ts, as a small facade over files of one job
 * each. Everything is computed in memory from the store's dense matrices (typed arrays) and
 * cached per data version (state.ts):
 *
 * - per metric (metric-analysis.ts): England's aggregate for every period, every organisation's
 *   SPC summary (fast kernel) and recent trend;
 * - per metric, group and period (group-period.ts): the distribution (type 7 quantiles), the
 *   group aggregate, 95% / 99.8% intervals, funnel positions (funnel.ts) and the opportunity and
 *   highlight evidence of every member (opportunity.ts), as typed arrays.
 *
 * Groups are parsed by src/metrics/group-ref.ts and resolved in groups.ts; results for one
 * organisation are assembled on request (assemble.ts, trends.ts, highlights.ts and the query
 * modules compare.ts, detail.ts, dashboard.ts, national.ts, precompute.ts); every sentence is in
 * sentences.ts. docs/benchmarking.md describes the methods.
 */
import type { AnalyticsService, AnalyticsServiceOptions } from "./api.js";
import { compare, funnel } from "./compare.js";
import type { EngineContext } from "./context.js";
import { opportunities, organisationDashboard, recommendedPeers } from "./dashboard.js";
import { metricDetail } from "./detail.js";
import { createSpcScratch } from "./metric-analysis.js";
import { monthlySeries } from "./monthly-series.js";
import { metricNational } from "./national.js";
import { evaluatePeers } from "./peer-evaluation.js";
import { DEFAULT_PEER_COUNT } from "./peers.js";
import { precomputeAll } from "./precompute.js";
import { DataVersionCache } from "./state.js";
import type { AnalyticsStore } from "./types.js";

export function createAnalyticsEngine(
  store: AnalyticsStore,
  options: AnalyticsServiceOptions,
): AnalyticsService {
  const e: EngineContext = {
    store,
    cache: new DataVersionCache(store),
    scratch: createSpcScratch(),
    oppKind: options.opportunityBenchmark ?? "upper_quartile",
    peerCount: options.recommendedPeers ?? DEFAULT_PEER_COUNT,
    overdispersion: options.overdispersion ?? true,
  };
  return {
    compare: (orgCode, metricId, period, peerGroup, level) =>
      compare(e, orgCode, metricId, period, peerGroup, level),
    funnel: (metricId, period, group, opts) => funnel(e, metricId, period, group, opts),
    opportunities: (orgCode, peerGroup, benchmark) =>
      opportunities(e, orgCode, peerGroup, benchmark),
    recommendedPeers: (orgCode, k) => recommendedPeers(e, orgCode, k),
    evaluatePeers: (k) => evaluatePeers(e, k),
    organisationDashboard: (orgCode, peerGroup, level) =>
      organisationDashboard(e, orgCode, peerGroup, level),
    metricDetail: (orgCode, metricId, peerGroup, level, view, rebaseAt) =>
      metricDetail(e, orgCode, metricId, peerGroup, level, view, rebaseAt),
    metricNational: (metricId) => metricNational(e, metricId),
    monthlySeries: (metricId, orgCodes, from, to) => monthlySeries(e, metricId, orgCodes, from, to),
    precomputeAll: () => precomputeAll(e),
    dataVersion: async () => (await e.cache.current()).version,
  };
}
