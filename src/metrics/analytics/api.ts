/**
 * The analytics service's public interface: what pages, the CLI and (later) the API call. The
 * engine (./engine.ts) implements it; src/metrics/service.ts is where the rest of the system
 * gets one.
 */
import type {
  CompareResult,
  ComparisonLevel,
  FunnelResult,
  GroupRefText,
  HistoryView,
  MetricDetail,
  MetricNational,
  OpportunitiesResult,
  OpportunityBenchmark,
  OrganisationDashboard,
  PeerEvaluation,
  PrecomputeReport,
  RecommendedPeersResult,
} from "./types.js";
import type { OrganisationMonthlySeries } from "./monthly-series.js";

export interface AnalyticsServiceOptions {
  /** Benchmark of opportunities: "upper_quartile" (default), "median", "top_decile" or "target". */
  opportunityBenchmark?: OpportunityBenchmark;
  /** Recommended peers: how many (default 10). */
  recommendedPeers?: number;
  /** Apply Spiegelhalter's overdispersion adjustment to funnel limits (default true). */
  overdispersion?: boolean;
}

export interface AnalyticsService {
  /**
   * One organisation's value for one metric and period against England, its region, its peers and
   * the target, judged at `level` (default: the metric's, from the catalogue).
   */
  compare(
    orgCode: string,
    metricId: string,
    period?: string,
    peerGroup?: GroupRefText,
    level?: ComparisonLevel,
  ): Promise<CompareResult>;
  /** Funnel plot of a group (default: the metric's reporting organisations of the usual kind). */
  funnel(
    metricId: string,
    period?: string,
    group?: GroupRefText,
    options?: { overdispersion?: boolean },
  ): Promise<FunnelResult>;
  opportunities(
    orgCode: string,
    peerGroup?: GroupRefText,
    benchmark?: OpportunityBenchmark,
  ): Promise<OpportunitiesResult>;
  recommendedPeers(orgCode: string, k?: number): Promise<RecommendedPeersResult>;
  /** How well each way of choosing peers predicts held-out metrics (peer-evaluation.ts). */
  evaluatePeers(k?: number): Promise<PeerEvaluation>;
  /** Every metric at its latest period; peer comparisons at `level` (default: each metric's). */
  organisationDashboard(
    orgCode: string,
    peerGroup?: GroupRefText,
    level?: ComparisonLevel,
  ): Promise<OrganisationDashboard>;
  /**
   * One metric in full; comparisons at `level` (default: the metric's). `view` "continued" shows a
   * successor of a clean merger with its predecessors' combined figures before the merger;
   * `rebaseAt` (YYYY-MM-DD) views the SPC limits recalculated from that period (baseline.ts).
   */
  metricDetail(
    orgCode: string,
    metricId: string,
    peerGroup?: GroupRefText,
    level?: ComparisonLevel,
    view?: HistoryView,
    rebaseAt?: string,
  ): Promise<MetricDetail>;
  metricNational(metricId: string): Promise<MetricNational>;
  /** One monthly measure for some organisations, month by month from `from` to `to` (YYYY-MM). */
  monthlySeries(
    metricId: string,
    orgCodes: readonly string[],
    from: string,
    to: string,
  ): Promise<OrganisationMonthlySeries>;
  /** Computes every metric × organisation summary for the current data version (after an import). */
  precomputeAll(): Promise<PrecomputeReport>;
  /** The data version results are currently cached for. */
  dataVersion(): Promise<string>;
}
