import type { Polarity } from "./types.js";

/**
 * The recent-trend marker: Fingertips' test of the latest 5 points of a series, exactly as
 * PHEindicatormethods implements it (OHID/DHSC, `assign_trend_markers` in R/TrendMarkers.R, with
 * `calculate_trend_logistic_regression` and `calculate_trend_weighted_regression` in R/utils.R;
 * method: Fingertips Public Health Technical Guidance, "Fingertips trend markers").
 *
 * Valid only for the latest 5 consecutive, equally spaced, non-overlapping periods, in practice
 * years, of proportions, rates and similar values with intervals. Fingertips: "data must be for
 * years: monthly or quarterly data are not tested". On monthly series binomial and Poisson
 * standard errors are far smaller than the real month-to-month variation, so the test flags
 * noise. The caller decides which series qualify; this module only does the arithmetic.
 *
 * Proportions (x of n, time t), {@link recentProportionTrend}: the χ² test for trend on the
 * counts (Cochran–Armitage, as R's `prop.trend.test`), with D = Σn, C = Σx:
 *   X² = D·(D·Σxt − C·Σnt)² / [C·(D − C)·(D·Σnt² − (Σnt)²)],
 * and the direction from the ordinary least-squares slope of logit(x/n) = ln(x/(n − x)) on t.
 *
 * Other values with 95% intervals (rates), {@link recentTrend}: weighted least squares of value
 * on t with wᵢ = 1/SEᵢ², SEᵢ = (upperᵢ − lowerᵢ)/(2·Φ⁻¹(0.975)) (PHEindicatormethods' `qnorm`,
 * 3.919928; Fingertips' guidance rounds it to 3.92):
 *   t̄ = Σwt/Σw, ȳ = Σwy/Σw, Sₜₜ = Σw(t − t̄)², Sₜᵧ = Σw(t − t̄)(y − ȳ),
 *   slope b = Sₜᵧ/Sₜₜ, Var(b) = 1/Sₜₜ, χ² = b²·Sₜₜ.
 *
 * Both: significant when χ² > 9.5495 (χ²₁ at 99.8%) and the slope keeps its sign when each of
 * the 5 points is left out in turn. A leave-one-out slope of zero breaks the trend, as in the
 * reference (R's sign(0) = 0 differs from ±1); a slope within its rounding-error bound counts as
 * zero, so the verdict never depends on the order the points are summed in. Time is the point's
 * position (0…4) unless given; χ² and every sign are unchanged by shifting or scaling time.
 */

/** Fingertips' threshold: χ²₁ at 99.8% = 9.5495 (to 4 dp, as Fingertips and the package use it). */
export const TREND_CHI_SQUARE_THRESHOLD = 9.5495;
/** Points in the recent-trend window. */
export const TREND_POINTS = 5;
/** 2·Φ⁻¹(0.975): a 95% interval's width in standard errors, at full precision as R's qnorm. */
export const TREND_INTERVAL_WIDTH_IN_SE = 3.919927969080108;

export type Trend = "increasing" | "decreasing" | "no_significant_change" | "cannot_be_calculated";

/** A point of a series with its 95% interval; time defaults to its position. */
export interface TrendPoint {
  value: number;
  lower: number;
  upper: number;
  time?: number;
}

/** x events of n at a time (default: the point's position). */
export interface ProportionTrendPoint {
  x: number;
  n: number;
  time?: number;
}

export interface TrendResult {
  trend: Trend;
  /** "getting_better" / "getting_worse" for a significant trend on a measure with a polarity. */
  direction: "getting_better" | "getting_worse" | null;
  /**
   * Slope per unit of time: of the value (weighted), or of logit(p) for proportions; NaN when not
   * calculable (for proportions, when a point is 0% or 100%).
   */
  slope: number;
  /** The χ² statistic (NaN when not calculable). */
  chiSquare: number;
}

/**
 * Weighted LS slope of y on t, optionally leaving one point out; also returns Sₜₜ and `noise`, a
 * bound on the slope's rounding error: 16·n·ε·Σ|wᵢ(tᵢ − t̄)(yᵢ − ȳ)| / Sₜₜ. A slope smaller than
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

/** Does the slope keep its (non-zero) sign with each point left out in turn? */
function robustToEachPoint(t: Float64Array, y: Float64Array, w: Float64Array): boolean {
  const all = weightedSlope(t, y, w, -1);
  if (!(Math.abs(all.slope) > all.noise)) return false;
  for (let skip = 0; skip < t.length; skip++) {
    const s = weightedSlope(t, y, w, skip);
    if (!(Math.abs(s.slope) > s.noise && Math.sign(s.slope) === Math.sign(all.slope))) return false;
  }
  return true;
}

const NOT_CALCULABLE: TrendResult = Object.freeze({
  trend: "cannot_be_calculated",
  direction: null,
  slope: NaN,
  chiSquare: NaN,
}) as TrendResult;

function verdict(
  significant: boolean,
  slope: number,
  chiSquare: number,
  polarity: Polarity,
): TrendResult {
  if (!significant) return { trend: "no_significant_change", direction: null, slope, chiSquare };
  let direction: TrendResult["direction"] = null;
  if (polarity !== "neutral") {
    direction = slope > 0 === (polarity === "higherIsBetter") ? "getting_better" : "getting_worse";
  }
  return { trend: slope > 0 ? "increasing" : "decreasing", direction, slope, chiSquare };
}

const positions = (): Float64Array => Float64Array.from({ length: TREND_POINTS }, (_, i) => i);

/**
 * The recent-trend marker of a proportion series in time order (the last 5 points are used):
 * PHEindicatormethods' `assign_trend_markers(value_type = "proportion")`.
 * "cannot_be_calculated" with fewer than 5 points, invalid counts (n ≤ 0, x < 0, x > n), all
 * points 0% or all 100% (X² is 0/0), or a significant X² with a 0% or 100% point, whose logit
 * is infinite so the direction is undefined (the reference stops with an error there).
 * Example: x = 2, 3, 1, 9, 10 of n = 33, 24, 29, 24, 28 → X² = 372523962/28388425 = 13.1224,
 * logit slope 0.574, every leave-one-out slope positive → "increasing".
 */
export function recentProportionTrend(
  series: readonly ProportionTrendPoint[],
  polarity: Polarity = "neutral",
): TrendResult {
  if (series.length < TREND_POINTS) return NOT_CALCULABLE;
  const t = positions();
  const x = new Float64Array(TREND_POINTS);
  const n = new Float64Array(TREND_POINTS);
  const start = series.length - TREND_POINTS;
  let sumN = 0;
  let sumX = 0;
  let sumNT = 0;
  for (let i = 0; i < TREND_POINTS; i++) {
    const p = series[start + i] as ProportionTrendPoint;
    if (!(p.n > 0 && p.x >= 0 && p.x <= p.n && p.n < Infinity)) return NOT_CALCULABLE;
    if (p.time !== undefined) t[i] = p.time;
    x[i] = p.x;
    n[i] = p.n;
    sumN += p.n;
    sumX += p.x;
    sumNT += p.n * (t[i] as number);
  }
  if (!(sumX > 0 && sumX < sumN)) return NOT_CALCULABLE;
  // X² in centred form (the same algebra as the reference's raw sums, without cancellation when
  // t is a calendar year): with t̄ = Σnt/D, Sₓₜ = Σx(t − t̄), Sₜₜ = Σn(t − t̄)²,
  // X² = Sₓₜ²·D² / (C·(D − C)·Sₜₜ).
  const tbar = sumNT / sumN;
  let sxt = 0;
  let stt = 0;
  for (let i = 0; i < TREND_POINTS; i++) {
    const dt = (t[i] as number) - tbar;
    sxt += (x[i] as number) * dt;
    stt += (n[i] as number) * dt * dt;
  }
  if (!(stt > 0)) return NOT_CALCULABLE; // all points at the same time
  const chiSquare = (sxt * sxt * sumN * sumN) / (sumX * (sumN - sumX) * stt);
  const logit = new Float64Array(TREND_POINTS);
  let finite = true;
  for (let i = 0; i < TREND_POINTS; i++) {
    const xi = x[i] as number;
    const ni = n[i] as number;
    logit[i] = Math.log(xi / (ni - xi));
    if (!(xi > 0 && xi < ni)) finite = false;
  }
  const unit = new Float64Array(TREND_POINTS).fill(1);
  const slope = finite ? weightedSlope(t, logit, unit, -1).slope : NaN;
  if (!(chiSquare > TREND_CHI_SQUARE_THRESHOLD))
    return { trend: "no_significant_change", direction: null, slope, chiSquare };
  if (!finite) return { ...NOT_CALCULABLE, chiSquare };
  return verdict(robustToEachPoint(t, logit, unit), slope, chiSquare, polarity);
}

/**
 * The recent-trend marker of a series of values with 95% intervals (rates and other types), in
 * time order (the last 5 points are used): PHEindicatormethods' `assign_trend_markers(value_type
 * = "other")`. "cannot_be_calculated" with fewer than 5 points, or when any of the last 5 lacks
 * a value or a positive-width interval.
 * Example: values 10, 12, 14, 16, 18 each with SE 1 → slope 2, Sₜₜ = 10, χ² = 40 > 9.5495, every
 * leave-one-out slope is 2 → "increasing".
 */
export function recentTrend(
  series: readonly TrendPoint[],
  polarity: Polarity = "neutral",
): TrendResult {
  if (series.length < TREND_POINTS) return NOT_CALCULABLE;
  const t = positions();
  const y = new Float64Array(TREND_POINTS);
  const w = new Float64Array(TREND_POINTS);
  const start = series.length - TREND_POINTS;
  for (let i = 0; i < TREND_POINTS; i++) {
    const p = series[start + i] as TrendPoint;
    const se = (p.upper - p.lower) / TREND_INTERVAL_WIDTH_IN_SE;
    if (!Number.isFinite(p.value) || !(se > 0) || se === Infinity) return NOT_CALCULABLE;
    if (p.time !== undefined) t[i] = p.time;
    y[i] = p.value;
    w[i] = 1 / (se * se);
  }
  const { slope, stt } = weightedSlope(t, y, w, -1);
  if (!(stt > 0)) return NOT_CALCULABLE; // all points at the same time
  const chiSquare = slope * slope * stt;
  const significant = chiSquare > TREND_CHI_SQUARE_THRESHOLD && robustToEachPoint(t, y, w);
  return verdict(significant, slope, chiSquare, polarity);
}
