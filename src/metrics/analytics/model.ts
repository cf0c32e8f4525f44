/**
 * The engine's in-memory model, as types only: one data version's state (VersionState), a
 * metric's analysis over every organisation and period (MetricAnalysis), a group's figures for
 * one period (GroupPeriod) and its funnel (FunnelComputation). The modules that compute them
 * (state.ts, metric-analysis.ts, group-period.ts, funnel.ts) and those that read them import
 * the shapes from here, so no two of them import each other for a type.
 */
import type { LRUCache } from "lru-cache";
import type { MetricDefinition } from "../catalogue/types.js";
import type { SeriesSummaries } from "./series.js";
import type { BaselinePlan, DecisionDay, SuccessionDay } from "./baseline.js";
import type { Overdispersion } from "../../stats/index.js";
import type { ProviderKind } from "../organisations.js";
import type {
  DistributionSummary,
  GroupAggregate,
  GroupInfo,
  MetricInfo,
  MetricMatrix,
  OpportunityBenchmark,
  PrecomputeReport,
  RecommendedPeersResult,
} from "./types.js";
import type { Organisation } from "../organisations.js";

/** One organisation that passed whole to a successor, and the first day under the successor. */
export interface MergerPart {
  orgCode: string;
  effectiveDate: string;
}

export interface GroupPeriod {
  group: GroupInfo;
  /** Period index. */
  p: number;
  /** Member rows present in the matrix (providers only), ascending. */
  rows: Int32Array;
  /** Index into `rows` by matrix row, −1 when not a member. */
  memberOf: Int32Array;
  /** The reporting members' values, ascending. */
  sorted: Float64Array;
  reporting: number;
  distribution: DistributionSummary;
  aggregate: GroupAggregate;
  lo95: Float64Array;
  hi95: Float64Array;
  lo998: Float64Array;
  hi998: Float64Array;
  funnel: FunnelComputation | null;
  /** Opportunity (natural units) of each member against the opportunity benchmark. */
  oppAmount: Float64Array;
  oppBenchmark: number;
  oppKind: OpportunityBenchmark;
  /** Highlight score and eligibility (opportunity.ts), and the 95% interval against the benchmark. */
  score: Float64Array;
  eligible: Uint8Array;
  ciVsBenchmark: Uint8Array;
}

export interface MetricAnalysis {
  def: MetricDefinition;
  info: MetricInfo;
  matrix: MetricMatrix;
  /** The default SPC baseline's rule over the metric's periods (baseline.ts). */
  baseline: BaselinePlan;
  /** Periods in the matrix (row length). */
  periodCount: number;
  /** Matrix row of each organisation code. */
  row: Map<string, number>;
  /** Matrix rows of NHS providers (regions, ICBs and England rows never count as peers). */
  providerRows: Int32Array;
  /** Aggregated as Σ numerator ÷ Σ denominator. */
  ratio: boolean;
  /** Index of the latest period most organisations reported, −1 when none. */
  latestPeriod: number;
  england: {
    numerator: Float64Array;
    denominator: Float64Array;
    value: Float64Array;
    reporting: Int32Array;
  };
  series: SeriesSummaries;
  trendMarker: Uint8Array;
  trendSlope: Float64Array;
  trendChi: Float64Array;
  /** Overdispersion of comparable providers (dispersion.ts) by `${period index}|${kinds}`. */
  dispersion: Map<string, FunnelDispersion>;
}

/**
 * The overdispersion a funnel allows for, estimated over every comparable provider
 * (dispersion.ts), not over the group: why the limits are or are not widened, φ and τ² (per unit
 * of denominator), the test, and the population it was estimated over.
 */
export interface FunnelDispersion {
  status: "adjusted" | "not_significant" | "too_few" | "not_requested";
  /** True when the limits are widened by τ². */
  applied: boolean;
  /** NaN when not estimated (too few providers, or not requested). */
  phi: number;
  /** τ² per unit of denominator (proportion or rate scale), 0 unless applied. */
  tau2: number;
  /** Nφ and P(χ²_{N−1} ≥ Nφ); NaN when not estimated. */
  statistic: number;
  pValue: number;
  /** Comparable providers with a usable numerator and denominator (N). */
  population: number;
  /** Their kinds (the group's kinds). */
  kinds: readonly ProviderKind[];
  /** The estimate handed to the funnel (src/stats funnelAnalysis `dispersion`). */
  estimate: Overdispersion;
}

export interface FunnelComputation {
  kind: "proportion" | "rate";
  p0: number;
  /** Display-unit benchmark. */
  benchmark: number;
  od: FunnelDispersion;
  requested: boolean;
  /**
   * Whether a point outside these limits is evidence for a highlight: not when the population
   * was too small to allow for the variation between providers (the limits then allow for
   * sampling error only, which noise beyond it crosses).
   */
  evidence: boolean;
  /** Members with a usable numerator and denominator. */
  n: number;
  position95: Uint8Array;
  position998: Uint8Array;
  lo95: Float64Array;
  hi95: Float64Array;
  lo998: Float64Array;
  hi998: Float64Array;
}

export interface VersionState {
  version: string;
  orgs: readonly Organisation[];
  orgByCode: Map<string, Organisation>;
  defs: Map<string, MetricDefinition>;
  groupNames: Map<string, string>;
  /** Successors of clean mergers and what passed to them (continuation.ts). */
  mergers: Map<string, MergerPart[]>;
  /** Every succession into an organisation (merger or part of a split): a baseline break. */
  successionsInto: Map<string, SuccessionDay[]>;
  /**
   * Current rebase decisions by metric id, then organisation code (src/rebases): baseline breaks
   * of that organisation's series of that metric, on every chart and summary.
   */
  decisions: Map<string, Map<string, DecisionDay[]>>;
  /** One per metric of the catalogue (`definition` refuses any other id): bounded by it. */
  analyses: Map<string, Promise<MetricAnalysis | null>>;
  /** One per stored peer group (unknown ids are refused before): bounded by the table. */
  members: Map<string, Promise<readonly string[]>>;
  /** Recommended peers by `${orgCode}|${k}`, bounded by bytes (k comes from callers). */
  peers: LRUCache<string, RecommendedPeersResult>;
  /**
   * GroupPeriod by `${metricId}|${canonical group ref}|${period index}|${opportunity benchmark}`,
   * bounded by bytes, least recently used first (issue 14: one client's distinct `?peers=` lists
   * grew these without bound). Ad hoc lists (`orgs:…`) have their own small bucket, so they never
   * evict the named groups every page uses.
   */
  groupPeriods: { shared: LRUCache<string, GroupPeriod>; adHoc: LRUCache<string, GroupPeriod> };
  precomputed: PrecomputeReport | null;
}
