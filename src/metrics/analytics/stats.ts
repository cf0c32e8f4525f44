/**
 * The statistics the engine uses, in the shapes it needs, all delegated to src/stats (one
 * implementation of each method in the code base). Scales: proportions 0–1, rates per unit of
 * denominator and counts as counts here; the engine converts to display units.
 */
import {
  moverDifference,
  poissonCountLimits,
  proportionFunnelLimits,
  quantileType7Sorted,
  rateFunnelLimits,
  recentTrendFit,
  spiegelhalterOverdispersion,
  wilsonScore,
} from "../../stats/analytics-methods.js";

export const Z95 = 1.959964;
export const Z998 = 3.090232;

export const QUANTILE_DEFINITION =
  "type 7 (Hyndman & Fan 1996): linear interpolation between order statistics at h = (n − 1)p + 1; R's default quantile(), Excel's QUARTILE.INC and PERCENTILE.INC";

export interface Limits {
  lower: number;
  upper: number;
}


/** Type 7 quantile of ascending values[0..n). */
export function quantileSorted(sorted: Float64Array, n: number, p: number): number {
  return quantileType7Sorted(sorted, n, p);
}

/** Wilson score interval of x of n at z, as proportions (0–1). */
export function wilson(x: number, n: number, z: number): Limits {
  return wilsonScore(x, n, z);
}

/** Byar (x ≥ 10) or exact Poisson (x < 10) limits of a count at z. */
export function poissonCount(x: number, z: number): Limits & { method: "byar" | "exact_poisson" } {
  return poissonCountLimits(x, z);
}

/** Funnel limits for a proportion with benchmark p0 at denominator n (0–1), widened by τ² when given. */
export function funnelProportion(p0: number, n: number, z: number, tau2: number): Limits {
  return proportionFunnelLimits(p0, n, z, tau2);
}

/** Funnel limits for a rate per unit with benchmark r0 at denominator n, widened by τ² when given. */
export function funnelRate(r0: number, n: number, z: number, tau2: number): Limits {
  return rateFunnelLimits(r0, n, z, tau2);
}

export interface Overdispersion {
  phi: number;
  tau2: number;
  applied: boolean;
}

/** Spiegelhalter's overdispersion from y (indicator values), se (their SEs under the null) and the target. */
export function overdispersion(y: Float64Array, se: Float64Array, n: number, target: number): Overdispersion {
  return spiegelhalterOverdispersion(y, se, n, target);
}

export interface RecentTrendStats {
  marker: "increasing" | "decreasing" | "no_significant_change" | "cannot_be_calculated";
  slope: number;
  chiSquare: number;
}

/** Fingertips' recent trend of the last 5 points (values with their 95% limits, in order). */
export function recentTrend(values: Float64Array, lower: Float64Array, upper: Float64Array, n: number): RecentTrendStats {
  return recentTrendFit(values, lower, upper, n);
}

export interface DifferenceInterval {
  difference: number;
  lower: number;
  upper: number;
  significant: boolean;
}

/** 95% interval of a difference between two periods' values, each with its 95% limits. */
export function differenceInterval(a: number, aLimits: Limits, b: number, bLimits: Limits): DifferenceInterval {
  return moverDifference(a, aLimits, b, bLimits);
}
