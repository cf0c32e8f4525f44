/**
 * The statistics core: pure numerics for benchmarking (no I/O). See docs/statistics.md.
 */
export type { Estimate, Polarity } from "./types.js";
export { Z95, Z998, STANDARD_LEVELS, zForLevel, type ConfidenceLevel } from "./levels.js";
export {
  normalQuantile,
  normalCdf,
  erfc,
  lnGamma,
  gammaP,
  gammaQ,
  gammaPInverse,
  gammaQInverse,
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareUpperQuantile,
  poissonExactLimits,
  incompleteBeta,
  binomialCdf,
  type Limits,
} from "./distributions.js";
export {
  sortedFinite,
  quantileSorted,
  quantile,
  quantiles,
  median,
  quartiles,
  deciles,
  summarise,
  quarterOf,
  type MaybeNumber,
  type Quartiles,
  type Summary,
} from "./quantile.js";
export { rank, competitionRank, averageRank, type TieMethod } from "./rank.js";
export {
  SMALL_COUNT_THRESHOLD,
  wilsonLimits,
  proportionInterval,
  proportionIntervalsInto,
  byarLimits,
  countLimits,
  countInterval,
  rateInterval,
  rateIntervalsInto,
} from "./intervals.js";
export {
  compareWithBenchmark,
  assess,
  quintileCutsSorted,
  quintileOf,
  quintileOfCuts,
  quintileAssessment,
  betterSideOf,
  benchmark,
  type BenchmarkComparison,
  type BetterSide,
  type BenchmarkAssessment,
  type BenchmarkResult,
  type Quintile,
  type QuintileAssessment,
} from "./compare.js";
export {
  binomialFunnelLimits,
  proportionFunnelLimits,
  rateFunnelLimits,
  funnelLimits,
  funnelLimitsInto,
  funnelCurve,
  overdispersion,
  funnelPosition,
  funnelAnalysis,
  funnelDispersion,
  OVERDISPERSION_ALPHA,
  type FunnelMethod,
  type FunnelMeasure,
  type FunnelPosition,
  type FunnelCurve,
  type FunnelCurveOptions,
  type Overdispersion,
  type FunnelOptions,
  type FunnelUnits,
  type FunnelAnalysis,
} from "./funnel.js";
export {
  TREND_CHI_SQUARE_THRESHOLD,
  TREND_INTERVAL_WIDTH_IN_SE,
  TREND_POINTS,
  recentTrend,
  recentProportionTrend,
  type Trend,
  type TrendPoint,
  type ProportionTrendPoint,
  type TrendResult,
} from "./trend.js";
export { proportionChange, rateChange, type Change } from "./change.js";
