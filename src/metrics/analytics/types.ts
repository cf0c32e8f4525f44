/**
 * Types of the analytics engine: the storage port it reads through (`AnalyticsStore`, implemented
 * by src/storage/analytics-store.ts) and the typed results the service returns to the web and the
 * CLI. Every derived number carries the formula and the inputs it came from (`Explained`), so a
 * page can show its working and an analyst can redo it in a spreadsheet. docs/benchmarking.md
 * describes the methods.
 *
 * Values are in the metric's display unit (percentages as 0–100) unless a field says otherwise.
 */
import type { ComparisonLevel, MetricDefinition } from "../catalogue/types.js";
import type { GroupRefText } from "../group-ref.js";
import type { PeriodType } from "../values.js";
import type {
  AssuranceIcon,
  AssuranceType,
  PointType,
  SpcResult,
  SuggestedRebasePoint,
  VariationIcon,
} from "../../stats/spc/index.js";
import type { Organisation } from "../organisations.js";
import type { Succession } from "../reference-data.js";
import type { AppliedDecision, BaselineBreak } from "./baseline.js";

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

/** A group of organisations as text (`england`, `geo-region:Y56`, `acute`…): see src/metrics/group-ref.ts. */
export type { GroupRefText };
/** The confidence level (per cent) of a comparison: 95 or 99.8. */
export type { ComparisonLevel };

export interface PeerGroupInfo {
  peerGroupId: string;
  name: string;
  /** "predefined" or "custom". */
  kind: string;
}

/**
 * One metric's values for every organisation and period, as a dense matrix: row-major, cell
 * `o * periods.length + p`, NaN where missing. One value per cell: the preferred source where
 * several give it (lowest precedence number, as `series()` in storage).
 */
export interface MetricMatrix {
  metricId: string;
  periodType: PeriodType;
  /** Organisations with at least one value, sorted. */
  orgCodes: readonly string[];
  /** Period starts (YYYY-MM-DD), ascending, every period any organisation reported. */
  periods: readonly string[];
  numerator: Float64Array;
  denominator: Float64Array;
  value: Float64Array;
  /** Data-quality flags by cell index, where any. */
  dqFlags?: ReadonlyMap<number, readonly string[]>;
}

/** What the analytics engine needs from storage (dependency inversion: storage implements it). */
export interface AnalyticsStore {
  /** Changes whenever any value may have changed (e.g. the newest import id). */
  dataVersion(): Promise<string>;
  organisations(): Promise<readonly Organisation[]>;
  peerGroups(): Promise<readonly PeerGroupInfo[]>;
  /** Predecessor → successor links (the successions reference table); none when absent. */
  successions?(): Promise<readonly Succession[]>;
  /**
   * Every organisation's current rebase decisions (src/rebases, read from their table): phase
   * breaks applied to that organisation's series of that metric everywhere. None when absent.
   */
  rebaseDecisions?(): Promise<readonly AppliedDecision[]>;
  /** Member organisation codes of a `peer_groups` row (predefined or custom), by its id. */
  groupMembers(peerGroupId: string): Promise<readonly string[]>;
  loadMetric(metricId: string, periodType: PeriodType): Promise<MetricMatrix>;
  /** Optional bulk path: every metric of one period type in one pass. */
  loadAllMetrics?(periodType: PeriodType): Promise<Map<string, MetricMatrix>>;
  /** Definitions from the metrics table (catalogue metrics and any demo clones). */
  metricDefinitions(): Promise<readonly MetricDefinition[]>;
}

// ---------------------------------------------------------------------------------------------
// Building blocks of results
// ---------------------------------------------------------------------------------------------

export type Inputs = Record<string, number | string | boolean | null>;

/** A number with its working: `{ value: 819.5, formula: "(75.0% − 68.2%) × 12,011 attendances", inputs }`. */
export interface Explained {
  value: number;
  formula: string;
  inputs: Inputs;
}

/** Which confidence interval a metric gets (docs/benchmarking.md). */
export type IntervalKind =
  /** Wilson score interval of numerator / denominator. */
  | "proportion"
  /** Byar (x ≥ 10) or exact Poisson (x < 10) limits of the numerator, ÷ denominator × multiplier. */
  | "rate"
  /** Byar / exact Poisson limits of a count (a flow such as attendances). */
  | "count"
  /** No interval applies (minutes, bed stocks, snapshots): comparisons use quintiles. */
  | "none";

export type IntervalMethod = "wilson" | "byar" | "exact_poisson";

export interface ConfidenceInterval {
  /** 95 or 99.8 (per cent). */
  level: ComparisonLevel;
  lower: number;
  upper: number;
  method: IntervalMethod;
}

export interface MetricInfo {
  metricId: string;
  title: string;
  shortTitle: string;
  unit: MetricDefinition["unit"];
  multiplier: number;
  decimals: number;
  ratePer: number | null;
  improvementDirection: MetricDefinition["improvementDirection"];
  aggregation: MetricDefinition["aggregation"];
  opportunityNoun: string | null;
  periodType: PeriodType;
  intervalKind: IntervalKind;
  /** Why this interval (or none), in a sentence. */
  intervalNote: string;
  /** The level comparisons are judged at unless another is chosen (the catalogue's default). */
  comparisonLevel: ComparisonLevel;
  /** Why that level, in a sentence. */
  comparisonLevelNote: string;
  /**
   * A count or stock that adds up across organisations (metric-info.ts growsWithSize): no test
   * against England or a region, whose figures are totals; peer comparisons say higher or lower.
   */
  growsWithSize: boolean;
  /**
   * A category a publication assigns (catalogue `category`: an Oversight Framework score,
   * segment or flag), not a measurement: no SPC, trend, interval, funnel, quartile, rank,
   * comparison or opportunity is computed from it. Null for measurements.
   */
  category: MetricDefinition["category"] | null;
  cloneOf: string | null;
}

export interface TargetInfo {
  value: number;
  label: string;
  source: string;
  from: string;
  to: string | null;
}

export interface OrgPeriodValue {
  orgCode: string;
  name: string;
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  ci95: ConfidenceInterval | null;
  ci998: ConfidenceInterval | null;
  /** Fewer than 10 events: interval wide, value flagged as Fingertips does. */
  smallCount: boolean;
  dqFlags: string[];
  /** In a continued series, the organisations whose figures were added for this period. */
  combinedFrom?: string[];
}

export interface GroupInfo {
  groupRef: GroupRefText;
  name: string;
  /** Member organisations (whether or not they reported). */
  members: number;
  /** Of them, those open today (closed ones stay members for their history). */
  open: number;
}

/** Type 7 quantiles (linear interpolation; R's default, Excel QUARTILE.INC) of one period. */
export interface DistributionSummary {
  period: string;
  group: GroupInfo;
  /** Members with a value for the period. */
  reporting: number;
  min: number | null;
  max: number | null;
  /** 25th percentile. */
  q1: number | null;
  median: number | null;
  /** 75th percentile. */
  q3: number | null;
  /** 10th, 20th, …, 90th percentiles. */
  deciles: number[];
  quantileDefinition: string;
}

export interface RankInfo {
  /** 1 = best (or highest for neutral metrics). */
  rank: number;
  of: number;
  /** Other organisations sharing the value. */
  tiedWith: number;
  order: "best_first" | "highest_first";
  tieMethod: string;
  /** "3rd of 120 (tied with 1 other), best first". */
  text: string;
}

export interface GroupAggregate {
  group: GroupInfo;
  period: string;
  /** Σ numerators and Σ denominators of the members reporting both (ratio metrics), else null. */
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  reporting: number;
  ci95: ConfidenceInterval | null;
  formula: string;
}

export type BenchmarkKind =
  | "england"
  | "region"
  | "icb"
  | "group_aggregate"
  | "peer_median"
  | "peer_upper_quartile"
  | "peer_top_decile"
  | "target";

export interface Benchmark {
  kind: BenchmarkKind;
  label: string;
  value: number;
  groupRef: GroupRefText | null;
  formula: string;
}

export type ComparisonOutcome =
  "better" | "similar" | "worse" | "higher" | "lower" | "not_compared";

export interface ComparisonItem {
  benchmark: Benchmark;
  outcome: ComparisonOutcome;
  /**
   * confidence_interval: decided by whether the interval (at the result's level) excludes the
   * benchmark; quintile: no interval applies, so the value's fifth among the peers; context: a
   * count against England's or a region's total, shown but not tested (metric-info.ts
   * growsWithSize); none: not compared.
   */
  method: "confidence_interval" | "quintile" | "context" | "none";
  interval: ConfidenceInterval | null;
  /**
   * Quintile of the organisation's value among the peers, 1 (lowest) to 5 (highest), where no
   * interval applies; a value on a cut point is in the better one (src/stats quintileOfCuts).
   */
  quintile: number | null;
  text: string;
}

export type FunnelPosition = "inside" | "above" | "below";

export interface FunnelPoint {
  orgCode: string;
  name: string;
  numerator: number;
  denominator: number;
  value: number;
  /** Limits at this organisation's denominator (adjusted for overdispersion when applied). */
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
  position95: FunnelPosition;
  position998: FunnelPosition;
  /** better / worse (or higher / lower for neutral metrics) beyond the 99.8% limits; "similar" inside. */
  outcome: ComparisonOutcome;
}

export interface OverdispersionInfo {
  requested: boolean;
  /** Whether the limits are widened by τ² (else they are exact). */
  applied: boolean;
  /**
   * adjusted: the comparable providers are overdispersed (N·φ significant against χ² with N − 1
   * degrees of freedom); not_significant: they are not; too_few: fewer than 3 comparable
   * providers report, nothing estimated; not_requested: no adjustment asked for.
   */
  status: "adjusted" | "not_significant" | "too_few" | "not_requested";
  /** Dispersion ratio φ from winsorised z-scores (10th and 90th percentiles) of the population. */
  phi: number | null;
  /** Between-organisation variance τ² added to each SE² (display units squared). */
  tau2: number | null;
  /** Members with a usable numerator and denominator (the points). */
  n: number;
  /**
   * The comparable providers φ and τ² were estimated over: every provider of the group's kinds
   * reporting in the period (not only the group), N·φ and P(χ² ≥ N·φ).
   */
  estimatedOver: {
    kinds: string[];
    count: number;
    statistic: number | null;
    pValue: number | null;
  } | null;
  text: string;
}

export interface FunnelResult {
  metric: MetricInfo;
  period: string;
  group: GroupInfo;
  kind: "proportion" | "rate";
  benchmark: Benchmark;
  overdispersion: OverdispersionInfo;
  points: FunnelPoint[];
  /** Smooth limit curves for drawing, at `denominator[i]`. */
  curve: {
    denominator: number[];
    lower95: number[];
    upper95: number[];
    lower998: number[];
    upper998: number[];
  };
  method: string;
}

export type OpportunityBenchmark = "median" | "upper_quartile" | "top_decile" | "target";

/** `not_current`: the value is not of its peers' period, or the metric's data is old (recency.ts). */
export type OpportunityStatus =
  | "gap"
  | "already_better"
  | "neutral_metric"
  | "no_denominator"
  | "no_benchmark"
  | "no_data"
  | "not_current"
  /** A category a publication assigns (an Oversight Framework score or segment): no opportunity. */
  | "category";

export interface Opportunity {
  metricId: string;
  title: string;
  period: string | null;
  status: OpportunityStatus;
  value: number | null;
  denominator: number | null;
  benchmark: Benchmark | null;
  /** In natural units (patients, beds, minutes…), ≥ 0; 0 where already better or not applicable. */
  amount: number;
  noun: string | null;
  /** "a month", "a quarter"… */
  per: string;
  /** "1,240 more patients seen within 4 hours a month", or why there is none. */
  text: string;
  formula: string;
  inputs: Inputs;
}

export interface HighlightEvidence {
  /** Position against the 99.8% funnel limits (overdispersion-adjusted when applied). */
  funnel998: FunnelPosition | null;
  funnelWorse: boolean;
  /** The 95% interval lies wholly on the worse side of the benchmark. */
  intervalWorse: boolean;
  spcPointType: PointType | null;
  spcConcern: boolean;
  /** No special-cause improvement and no significant improving recent trend. */
  noImprovement: boolean;
}

export interface HighlightedMetric {
  metricId: string;
  title: string;
  period: string;
  rank: number;
  score: Explained;
  opportunity: Opportunity;
  evidence: HighlightEvidence;
  reasons: string[];
}

/**
 * Fingertips' recent-trend marker; "not_tested" where the test is not valid (monthly or
 * quarterly series, counts, no interval: trend-scope.ts).
 */
export type RecentTrendMarker =
  "increasing" | "decreasing" | "no_significant_change" | "cannot_be_calculated" | "not_tested";

export interface RecentTrendResult {
  marker: RecentTrendMarker;
  /** By the improvement direction; null for neutral metrics or no significant change. */
  direction: "getting_better" | "getting_worse" | null;
  /** The plain sentence (sentences.ts). */
  text: string;
  /** The statistics behind it, for a details component; null when there are none. */
  detail: string | null;
  /** Periods used (the last 5 consecutive years); empty when none were tested. */
  periods: string[];
  slope: number | null;
  chiSquare: number | null;
}

export interface SpcSummaryInfo {
  /** Points the limits and rules were computed from. */
  n: number;
  latestPeriod: string;
  variationType: PointType;
  variationIcon: VariationIcon;
  /** Plain-English equivalent of the icon, e.g. "Special cause variation of an improving nature". */
  variationText: string;
  assuranceType: AssuranceType | null;
  assuranceIcon: AssuranceIcon | null;
  assuranceText: string;
  target: TargetInfo | null;
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  /** The current limits in words, for a details component (sentences.ts `spcDetail`). */
  detail: string | null;
}

export interface ChangeSinceBaseline {
  baselinePeriod: string;
  latestPeriod: string;
  baselineValue: number;
  latestValue: number;
  difference: number;
  /** 95% interval of the difference, or null when no interval applies. */
  lower: number | null;
  upper: number | null;
  significant: boolean | null;
  direction:
    | "getting_better"
    | "getting_worse"
    | "increasing"
    | "decreasing"
    | "no_significant_change"
    | null;
  /** The change in plain words, without a verdict (sentences.ts `changeText`). */
  text: string;
  /** Its 95% interval and whether it is significant, for a details component. */
  detail: string | null;
  formula: string;
}

/**
 * How one organisation's series is summarised over time: SPC for series of at least 15 points;
 * the recent trend for annual rates and proportions (otherwise it says why it is not tested).
 */
export interface TrendInfo {
  /** "spc" when SPC applies, else "recent_trend" when that is tested, else "none". */
  headline: "spc" | "recent_trend" | "none";
  spc: SpcSummaryInfo | null;
  recentTrend: RecentTrendResult;
  changeSinceBaseline: ChangeSinceBaseline | null;
}

export interface QuartilePosition {
  /** 1 = best quarter (highest quarter for neutral metrics) … 4 = worst. */
  quarter: 1 | 2 | 3 | 4;
  text: string;
  rank: RankInfo;
  distribution: DistributionSummary;
}

// ---------------------------------------------------------------------------------------------
// Service results
// ---------------------------------------------------------------------------------------------

export interface CompareResult {
  metric: MetricInfo;
  organisation: Organisation;
  period: string;
  value: OrgPeriodValue;
  peers: GroupInfo;
  distribution: DistributionSummary;
  rank: RankInfo | null;
  /** Against England, the region, the peer median and the target in force, in that order where available. */
  comparisons: ComparisonItem[];
  /** The confidence level the comparisons were judged at: the one asked for, else the metric's. */
  level: ComparisonLevel;
  /** Inputs an analyst needs to redo the numbers: the peers' values for the period. */
  peerValues: OrgPeriodValue[];
  england: GroupAggregate | null;
  region: GroupAggregate | null;
  target: TargetInfo | null;
  dataVersion: string;
}

export interface OpportunitiesResult {
  organisation: Organisation;
  peers: GroupInfo;
  benchmark: OpportunityBenchmark;
  /** One per metric with data, largest opportunity first. */
  opportunities: Opportunity[];
  highlighted: HighlightedMetric[];
  dataVersion: string;
}

export interface SimilarityFeature {
  /** size, balance, conversion, critical_care, type1_department, subtype. */
  metricId: string;
  label: string;
  kind: "numeric" | "category";
  /** What it measures, in a sentence's words. */
  description: string;
  /** Mean and SD of a numeric feature before standardising (NaN for a category). */
  mean: number;
  sd: number;
}

/** How a recommended peer differs from the organisation on one feature. */
export interface PeerFeatureDifference {
  id: string;
  label: string;
  kind: "numeric" | "category";
  /** Peer − organisation in standard deviations (numeric); 0 same or 1 different (category). */
  difference: number;
  /** The value a person reads: the feature's raw value, or the category. */
  own: number | string | null;
  peer: number | string | null;
}

export interface RecommendedPeer {
  orgCode: string;
  name: string;
  /** Distance over the shared features, in standard deviations. */
  distance: number;
  /** Every shared feature's difference, in the features' order. */
  differences: PeerFeatureDifference[];
  /** Why it was chosen: "similar size and A&E admission conversion; both teaching; differs most in …". */
  reason: string;
  /** Its feature values (numeric raw values or categories). */
  features: Record<string, number | string | null>;
}

export interface RecommendedPeersResult {
  organisation: Organisation;
  k: number;
  features: SimilarityFeature[];
  /** The organisation's own feature values. */
  own: Record<string, number | string | null>;
  peers: RecommendedPeer[];
  /**
   * How many of these peers were also recommended on the data as it stood one period earlier
   * (each measure without its newest period): what a new data version changes.
   */
  persistence: { kept: number; of: number } | null;
  method: string;
  dataVersion: string;
}

/** A way of choosing peers the evaluation (peer-evaluation.ts) scores. */
export type PeerMethodId =
  "recommended" | "size_only" | "region" | "peer_finder" | "england" | "random";

export interface PeerMethodScore {
  method: PeerMethodId;
  label: string;
  /** Mean standardised absolute error over the common cases. */
  error: number;
  /** 1 − error ÷ the England median's error. */
  skill: number;
  /** 1 − error ÷ the error of k trusts drawn at random. */
  skillVsRandom: number;
  /** Per metric: mean standardised error over its common cases. */
  byMetric: Record<string, number>;
}

export interface PeerEvaluation {
  trusts: number;
  /** Trust-metric cases every compared method could predict. */
  cases: number;
  metrics: { metricId: string; period: string; cases: number }[];
  methods: PeerMethodScore[];
  /** Methods left out, and why (e.g. Peer Finder groups not imported). */
  missing: { method: PeerMethodId; reason: string }[];
  /** Recommended peers also recommended on the data one period earlier: kept ÷ all. */
  persistence: { kept: number; of: number; share: number };
  k: number;
  dataVersion: string;
}

export interface DashboardMetric {
  metric: MetricInfo;
  latest: {
    period: string;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
  } | null;
  target: TargetInfo | null;
  trend: TrendInfo;
  /** The 24 periods to the latest (null where missing): a time window, never across a gap. */
  sparkline: { periods: string[]; values: (number | null)[] };
  quartile: QuartilePosition | null;
  opportunity: Opportunity | null;
  /** Against the peer benchmark (the peer median), at the level asked for, else the metric's. */
  comparison: ComparisonItem | null;
  /**
   * Why the latest value is neither compared with peers nor sized (recency.ts: not its peers'
   * period, or the metric's newest data is old); null when it is current.
   */
  notCurrent: string | null;
}

export interface OrganisationDashboard {
  organisation: Organisation;
  peers: GroupInfo;
  metrics: DashboardMetric[];
  highlighted: HighlightedMetric[];
  dataVersion: string;
}

export interface BenchmarkBars {
  period: string;
  /** Sorted best first (highest first for neutral metrics). */
  bars: {
    orgCode: string;
    name: string;
    value: number;
    ci95: ConfidenceInterval | null;
    selected: boolean;
  }[];
  distribution: DistributionSummary;
}

export interface MetricDetail {
  metric: MetricInfo;
  organisation: Organisation;
  peers: GroupInfo;
  latestPeriod: string | null;
  /** The organisation's series (all periods of the metric, null where missing). */
  series: OrgPeriodValue[];
  /** Full SPC result (XmR of the values, with the target in force for the latest period). */
  spc: SpcResult | null;
  suggestedRebasePoints: SuggestedRebasePoint[];
  trend: TrendInfo;
  benchmarkBars: BenchmarkBars | null;
  funnel: FunnelResult | null;
  comparisons: ComparisonItem[];
  /** The confidence level the comparisons were judged at: the one asked for, else the metric's. */
  level: ComparisonLevel;
  opportunity: Opportunity | null;
  target: TargetInfo | null;
  /** The organisation's history through a clean merger (continuation.ts); null when it has none. */
  history: SeriesHistory | null;
  /**
   * Where the SPC limits start again (baseline.ts): the default rule's breaks, and the period a
   * reader asked to view limits recalculated from (`requested`, null for the default view).
   */
  baseline: { breaks: BaselineBreak[]; requested: string | null };
  dataVersion: string;
}

/** Which series a metric page shows: the values as reported, or continued through a merger. */
export type HistoryView = "reported" | "continued";

/**
 * A successor of a clean merger: its predecessors, and whether its series can be (and is)
 * continued with their combined figures before the merger.
 */
export interface SeriesHistory {
  /** The organisations that passed to it whole, with the first day under it. */
  predecessors: { orgCode: string; name: string; effectiveDate: string }[];
  /** "applied" when the series can be continued; otherwise why not (continuation.ts). */
  status: "applied" | "not_aggregable" | "no_predecessor_values" | "no_earlier_periods";
  /** The view of `series` and `spc`. */
  view: HistoryView;
  /** Periods combined from the parts, and periods before the merger left out for a missing part. */
  combinedPeriods: number;
  gapPeriods: number;
  /** The organisation's own figures from before the merger are among those added (an absorption). */
  includesOwn: boolean;
  /** The first period that is the organisation's own alone (the last predecessor's date). */
  mergedFrom: string;
}

export interface Improver {
  orgCode: string;
  name: string;
  /** special_cause_improvement (latest SPC point) and/or significant_recent_trend. */
  evidence: ("special_cause_improvement" | "significant_recent_trend")[];
  change: ChangeSinceBaseline;
}

export interface MetricNational {
  metric: MetricInfo;
  latestPeriod: string | null;
  /**
   * England over time: computed from the organisations' figures, or (`published`) the
   * publication's own England figures for a metric that cannot be computed (a 90th centile).
   */
  england: { series: GroupAggregate[]; spc: SpcResult | null; published: boolean };
  regions: GroupAggregate[];
  networks: GroupAggregate[];
  distribution: DistributionSummary | null;
  /** Ranked by the size of the change in the better direction (by |change| for neutral metrics). */
  improvers: Improver[];
  /** The evidence that can list an improver for this metric (no recent trend on monthly data). */
  improverEvidence: Improver["evidence"];
  dataVersion: string;
}

/** What `precomputeAll()` did. */
export interface PrecomputeReport {
  dataVersion: string;
  metrics: number;
  organisations: number;
  series: number;
  points: number;
  loadMs: number;
  computeMs: number;
}
