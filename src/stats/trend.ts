import { countLimits, wilsonLimits } from "./intervals.js";
import { zForLevel, type ConfidenceLevel } from "./levels.js";
import type { Estimate, Polarity } from "./types.js";

/**
 * Recent trend and change since a baseline.
 *
 * Recent trend — the Fingertips "recent trend" marker (PHE, "Technical guide: recent trends",
 * 2016): take the latest 5 points; weighted least-squares regression of value on time with
 * weights wᵢ = 1/SEᵢ², SEᵢ = (upperᵢ − lowerᵢ)/3.92 from the 95% interval (3.92 = 2 × 1.96);
 *   t̄ = Σwt/Σw, ȳ = Σwy/Σw, Sₜₜ = Σw(t − t̄)², Sₜᵧ = Σw(t − t̄)(y − ȳ),
 *   slope b = Sₜᵧ/Sₜₜ, Var(b) = 1/Sₜₜ, χ² = b²/Var(b) = b²·Sₜₜ (1 degree of freedom).
 * The trend is significant when χ² > 9.5495 (the 99.8% point of χ²₁) AND the slope keeps its
 * sign when each of the 5 points is left out in turn (robustness to one odd point). Time is the
 * point's position (0…4, equally spaced periods) unless a time is given.
 */

/** Fingertips' threshold: χ²₁ at 99.8% = 9.5495 (to 4 dp, as Fingertips uses it). */
export const TREND_CHI_SQUARE_THRESHOLD = 9.5495;
/** Points in the recent-trend window. */
export const TREND_POINTS = 5;

export type Trend = "increasing" | "decreasing" | "no_significant_change" | "cannot_be_calculated";

/** A point of a series with its 95% interval; time defaults to its position. */
export interface TrendPoint {
  value: number;
  lower: number;
  upper: number;
  time?: number;
}

export interface TrendResult {
  trend: Trend;
  /** "getting_better" / "getting_worse" for a significant trend on a measure with a polarity. */
  direction: "getting_better" | "getting_worse" | null;
  /** Weighted slope per unit of time (NaN when not calculable). */
  slope: number;
  /** b²·Sₜₜ (NaN when not calculable). */
  chiSquare: number;
}

/**
 * Weighted LS slope over the 5 points, optionally leaving one out; also returns Sₜₜ and `noise`,
 * a bound on the slope's rounding error: 16·n·ε·Σ|wᵢ(tᵢ − t̄)(yᵢ − ȳ)| / Sₜₜ. A slope smaller than
 * that has no meaningful sign: its sign could change with the order of the points.
 */
function weightedSlope(
  t: Float64Array,
  y: Float64Array,
  w: Float64Array,
  skip: number,
): { slope: number; stt: number; noise: number } {
  let sw = 0;
  let swt = 0;
  let swy = 0;
  for (let i = 0; i < t.length; i++) {
    if (i === skip) continue;
    const wi = w[i] as number;
    sw += wi;
    swt += wi * (t[i] as number);
    swy += wi * (y[i] as number);
  }
  const tbar = swt / sw;
  const ybar = swy / sw;
  let stt = 0;
  let sty = 0;
  let styAbs = 0;
  for (let i = 0; i < t.length; i++) {
    if (i === skip) continue;
    const wi = w[i] as number;
    const dt = (t[i] as number) - tbar;
    stt += wi * dt * dt;
    const term = wi * dt * ((y[i] as number) - ybar);
    sty += term;
    styAbs += Math.abs(term);
  }
  return { slope: sty / stt, stt, noise: (16 * t.length * Number.EPSILON * styAbs) / stt };
}

const NOT_CALCULABLE: TrendResult = Object.freeze({
  trend: "cannot_be_calculated",
  direction: null,
  slope: NaN,
  chiSquare: NaN,
}) as TrendResult;

/**
 * The Fingertips recent-trend marker for a series in time order (the last 5 points are used).
 * "cannot_be_calculated" with fewer than 5 points, or when any of the last 5 lacks a value or a
 * positive-width interval.
 * Example: values 10, 12, 14, 16, 18 each ± 1.96 (SE = 1) → slope 2, Sₜₜ = 10, χ² = 40 > 9.5495,
 * every leave-one-out slope is 2 → "increasing".
 */
export function recentTrend(
  series: readonly TrendPoint[],
  polarity: Polarity = "neutral",
): TrendResult {
  if (series.length < TREND_POINTS) return NOT_CALCULABLE;
  const t = new Float64Array(TREND_POINTS);
  const y = new Float64Array(TREND_POINTS);
  const w = new Float64Array(TREND_POINTS);
  const start = series.length - TREND_POINTS;
  for (let i = 0; i < TREND_POINTS; i++) {
    const p = series[start + i] as TrendPoint;
    const se = (p.upper - p.lower) / 3.92;
    if (!Number.isFinite(p.value) || !(se > 0) || se === Infinity) return NOT_CALCULABLE;
    t[i] = p.time ?? i;
    y[i] = p.value;
    w[i] = 1 / (se * se);
  }
  const { slope, stt } = weightedSlope(t, y, w, -1);
  if (!(stt > 0)) return NOT_CALCULABLE; // all points at the same time
  const chiSquare = slope * slope * stt;
  let significant = chiSquare > TREND_CHI_SQUARE_THRESHOLD && slope !== 0;
  for (let skip = 0; significant && skip < TREND_POINTS; skip++) {
    // A leave-one-out slope within rounding error of zero has no sign: it counts as zero (not
    // significant), so the verdict never depends on the order the points are summed in.
    const s = weightedSlope(t, y, w, skip);
    if (!(Math.abs(s.slope) > s.noise && Math.sign(s.slope) === Math.sign(slope)))
      significant = false;
  }
  if (!significant) return { trend: "no_significant_change", direction: null, slope, chiSquare };
  const trend: Trend = slope > 0 ? "increasing" : "decreasing";
  let direction: TrendResult["direction"] = null;
  if (polarity !== "neutral") {
    direction = slope > 0 === (polarity === "higherIsBetter") ? "getting_better" : "getting_worse";
  }
  return { trend, direction, slope, chiSquare };
}

// ---------------------------------------------------------------------------------------------
// Change since a baseline
// ---------------------------------------------------------------------------------------------

/**
 * A difference (current − baseline) with its confidence interval and whether it is significant
 * (the interval excludes 0).
 */
export interface Change extends Estimate {
  change: "increase" | "decrease" | "no_significant_change" | "cannot_be_calculated";
}

/**
 * MOVER (method of variance estimates recovery; Zou & Donner 2008, Statistics in Medicine
 * 27:1693–1702) limits for a difference d = v₂ − v₁ from each value's own interval:
 *   lower = d − √((v₂ − l₂)² + (u₁ − v₁)²),  upper = d + √((u₂ − v₂)² + (v₁ − l₁)²).
 */
function moverDifference(
  v1: number,
  l1: number,
  u1: number,
  v2: number,
  l2: number,
  u2: number,
): Change {
  const d = v2 - v1;
  const lower = d - Math.sqrt((v2 - l2) ** 2 + (u1 - v1) ** 2);
  const upper = d + Math.sqrt((u2 - v2) ** 2 + (v1 - l1) ** 2);
  if (Number.isNaN(lower) || Number.isNaN(upper)) {
    return { value: NaN, lower: NaN, upper: NaN, change: "cannot_be_calculated" };
  }
  const change = lower > 0 ? "increase" : upper < 0 ? "decrease" : "no_significant_change";
  return { value: d, lower, upper, change };
}

/**
 * Change in a proportion from a baseline (x₁/n₁) to now (x₂/n₂): Newcombe's hybrid score
 * interval (Newcombe 1998, Statistics in Medicine 17:873–890, method 10), i.e. MOVER with the
 * Wilson limits of each proportion. Treats the two periods as independent samples.
 * Example (95%): 56/70 vs 48/80 → d = −0.2, interval ≈ [−0.3339, −0.0524] (Newcombe's example,
 * reversed): "decrease".
 */
export function proportionChange(
  baselineX: number,
  baselineN: number,
  currentX: number,
  currentN: number,
  level: ConfidenceLevel = 0.95,
): Change {
  const z = zForLevel(level);
  const a = wilsonLimits(baselineX, baselineN, z);
  const b = wilsonLimits(currentX, currentN, z);
  return moverDifference(
    baselineX / baselineN,
    a.lower,
    a.upper,
    currentX / currentN,
    b.lower,
    b.upper,
  );
}

/**
 * Change in a rate from a baseline (x₁ events over d₁) to now (x₂ over d₂), times a multiplier:
 * MOVER with each rate's own interval (exact Poisson for counts under 10, Byar's otherwise —
 * the same limits as {@link rateInterval}), independent periods.
 */
export function rateChange(
  baselineX: number,
  baselineD: number,
  currentX: number,
  currentD: number,
  multiplier = 1,
  level: ConfidenceLevel = 0.95,
): Change {
  if (!(baselineD > 0) || !(currentD > 0)) {
    return { value: NaN, lower: NaN, upper: NaN, change: "cannot_be_calculated" };
  }
  const s1 = multiplier / baselineD;
  const s2 = multiplier / currentD;
  const a = countLimits(baselineX, level);
  const b = countLimits(currentX, level);
  return moverDifference(
    baselineX * s1,
    a.lower * s1,
    a.upper * s1,
    currentX * s2,
    b.lower * s2,
    b.upper * s2,
  );
}
