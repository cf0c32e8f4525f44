/**
 * The statistics the engine uses, in the shapes it needs, all delegated to src/stats (one
 * implementation of each method in the code base). Scales: proportions 0–1, rates per unit of
 * denominator and counts as counts here; the engine converts to display units.
 */
import {
  competitionRank,
  countLimits,
  proportionChange,
  quantileSorted as statsQuantileSorted,
  quarterOf as statsQuarterOf,
  betterSideOf,
  quintileAssessment,
  quintileCutsSorted,
  quintileOfCuts,
  rateChange,
  recentProportionTrend as statsRecentProportionTrend,
  recentTrend as statsRecentTrend,
  SMALL_COUNT_THRESHOLD,
  TREND_CHI_SQUARE_THRESHOLD as STATS_TREND_CHI_SQUARE_THRESHOLD,
  wilsonLimits,
  Z95 as STATS_Z95,
  Z998 as STATS_Z998,
  type Polarity,
  type Quintile,
  type QuintileAssessment,
} from "../../stats/index.js";

export const Z95 = STATS_Z95;
export const Z998 = STATS_Z998;
/** χ²₁ at 99.8% to 4 dp, the recent-trend threshold. */
export const TREND_CHI_SQUARE_THRESHOLD = STATS_TREND_CHI_SQUARE_THRESHOLD;

export const QUANTILE_DEFINITION =
  "type 7 (Hyndman & Fan 1996): linear interpolation between order statistics at h = (n − 1)p + 1; R's default quantile(), Excel's QUARTILE.INC and PERCENTILE.INC";

export interface Limits {
  lower: number;
  upper: number;
}

const levelOf = (z: number): number => (z === Z998 ? 0.998 : 0.95);

export function polarityOf(sign: number): Polarity {
  return sign > 0 ? "higherIsBetter" : sign < 0 ? "lowerIsBetter" : "neutral";
}

/** Type 7 quantile of ascending values[0..n). */
export function quantileSorted(sorted: Float64Array, n: number, p: number): number {
  return statsQuantileSorted(sorted.length === n ? sorted : sorted.subarray(0, n), p);
}

/** Quarter 1 (best) … 4 of v against type 7 quartiles (src/stats quarterOf). */
export function quarterOf(
  v: number,
  d: { q1: number | null; median: number | null; q3: number | null },
  better: "higher" | "lower",
): 1 | 2 | 3 | 4 | null {
  if (d.q1 === null || d.median === null || d.q3 === null) return null;
  return statsQuarterOf(v, { q1: d.q1, median: d.median, q3: d.q3 }, better);
}

/** Quintiles need at least this many reporting peers (else a comparison is "not compared"). */
export const QUINTILE_MIN_PEERS = 5;

/**
 * A quarter among peers needs at least this many reporting (as the benchmark chart's quartile
 * lines): with fewer, "the best quarter … 1st of 1" says nothing (an acute trust that also runs
 * an ambulance service was "in the best quarter of all acute trusts" on ambulance metrics).
 */
export const QUARTILE_MIN_PEERS = 4;

/**
 * Quintile 1 (lowest) … 5 of v among ascending values[0..n) (type 7 cut points), a value on a cut
 * going to the better side by the improvement direction's sign (src/stats quintileOfCuts; neutral
 * as higher), with its label read through the polarity ("worst" … "best", or "lowest" …
 * "highest" when neutral). The assembled comparison and the highlight rule's "worst fifth" both
 * come from here, so they cannot disagree.
 */
export function quintile(
  sorted: Float64Array,
  n: number,
  v: number,
  sign: number,
): { quintile: Quintile; label: QuintileAssessment } | null {
  const polarity = polarityOf(sign);
  const q = quintileOfCuts(
    v,
    quintileCutsSorted(sorted.length === n ? sorted : sorted.subarray(0, n)),
    betterSideOf(polarity),
  );
  return q === null ? null : { quintile: q, label: quintileAssessment(q, polarity) };
}

/** Competition rank ("1224") of v among values[0..n), best first (highest first when neutral). */
export function competitionRankOf(
  values: Float64Array,
  n: number,
  v: number,
  sign: number,
): number {
  const xs = values.length === n ? values : values.subarray(0, n);
  const i = xs.indexOf(v);
  if (i < 0) return NaN;
  return competitionRank(xs, sign < 0 ? "lowerIsBetter" : "higherIsBetter")[i]!;
}

/** Wilson score interval of x of n at z, as proportions (0–1). */
export function wilson(x: number, n: number, z: number): Limits {
  return wilsonLimits(x, n, z);
}

/** Byar (x ≥ 10) or exact Poisson (x < 10) limits of a count at z. */
export function poissonCount(x: number, z: number): Limits & { method: "byar" | "exact_poisson" } {
  const l = countLimits(x, levelOf(z));
  return {
    lower: l.lower,
    upper: l.upper,
    method: x >= SMALL_COUNT_THRESHOLD ? "byar" : "exact_poisson",
  };
}

export interface RecentTrendStats {
  marker: "increasing" | "decreasing" | "no_significant_change" | "cannot_be_calculated";
  slope: number;
  chiSquare: number;
}

/**
 * Fingertips' recent trend of the last 5 points of a rate (values with their 95% limits, in
 * order): weighted regression, PHEindicatormethods' "other" method.
 */
export function recentTrend(
  values: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  n: number,
): RecentTrendStats {
  const points = [];
  for (let i = 0; i < n; i++)
    points.push({ value: values[i]!, lower: lower[i]!, upper: upper[i]! });
  const t = statsRecentTrend(points);
  return { marker: t.trend, slope: t.slope, chiSquare: t.chiSquare };
}

/**
 * Fingertips' recent trend of the last 5 points of a proportion (numerators and denominators, in
 * order): χ² test for trend on the counts, direction from the logit slope.
 */
export function recentProportionTrend(
  numerators: Float64Array,
  denominators: Float64Array,
  n: number,
): RecentTrendStats {
  const points = [];
  for (let i = 0; i < n; i++) points.push({ x: numerators[i]!, n: denominators[i]! });
  const t = statsRecentProportionTrend(points);
  return { marker: t.trend, slope: t.slope, chiSquare: t.chiSquare };
}

export interface DifferenceInterval {
  difference: number;
  lower: number;
  upper: number;
  significant: boolean;
}

/**
 * 95% interval of the change from a baseline to now (MOVER: Newcombe's hybrid score for
 * proportions, Poisson limits for rates and counts), in display units (× multiplier).
 */
export function changeInterval(
  kind: "proportion" | "rate" | "count",
  baseline: { x: number; n: number },
  current: { x: number; n: number },
  multiplier: number,
): DifferenceInterval | null {
  const c =
    kind === "proportion"
      ? proportionChange(baseline.x, baseline.n, current.x, current.n)
      : rateChange(baseline.x, baseline.n, current.x, current.n, multiplier);
  if (c.change === "cannot_be_calculated") return null;
  const m = kind === "proportion" ? multiplier : 1;
  return {
    difference: c.value * m,
    lower: c.lower * m,
    upper: c.upper * m,
    significant: c.change !== "no_significant_change",
  };
}

/**
 * Funnels (src/stats/funnel.ts): a group's limits and positions (funnelAnalysis), φ, τ² and the
 * overdispersion test of a population (funnelDispersion), and limit curves for drawing.
 */
export { funnelAnalysis, funnelCurve, funnelDispersion } from "../../stats/index.js";
