/**
 * Benchmarking methods the analytics engine needed before src/stats/{quantile,intervals,funnel,
 * trend}.ts existed (written by the analytics engineer; to be folded into those modules). Formulas
 * as in /work/shared/spec/benchmarking.md (PHEindicatormethods, Spiegelhalter 2005). Scales:
 * proportions 0–1, rates per unit of denominator, counts as counts.
 */
import { normalCdf, poissonExactLimits } from "./distributions.js";

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Type 7 quantile (Hyndman & Fan 1996; R's default, Excel QUARTILE.INC / PERCENTILE.INC) of the
 * ascending values sorted[0..n): h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]).
 * Example: [1, 2, 3, 4], p = 0.25 → 1.75.
 */
export function quantileType7Sorted(sorted: ArrayLike<number>, n: number, p: number): number {
  if (n <= 0 || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  return lo + 1 < n ? a + (h - lo) * (sorted[lo + 1]! - a) : a;
}

/**
 * Wilson score interval for x events of n at normal deviate z:
 * (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²)). Example: x = 8, n = 10, z = 1.959964 →
 * [0.4902, 0.9433].
 */
export function wilsonScore(x: number, n: number, z: number): Interval {
  if (!(n > 0) || !(x >= 0) || x > n) return { lower: NaN, upper: NaN };
  const z2 = z * z;
  const root = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  const den = 2 * (n + z2);
  return { lower: Math.max(0, (2 * x + z2 - root) / den), upper: Math.min(1, (2 * x + z2 + root) / den) };
}

/** Two-sided α of a normal deviate z: 2(1 − Φ(z)). z = 1.959964 → 0.05. */
export function alphaOfZ(z: number): number {
  return 2 * normalCdf(-z);
}

/**
 * Limits of a Poisson count x: Byar's approximation for x ≥ 10,
 * lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³;
 * exact (Garwood) limits for x < 10; lower = 0 when x = 0.
 * Example (95%): x = 100 → [81.36, 121.63].
 */
export function poissonCountLimits(x: number, z: number): Interval & { method: "byar" | "exact_poisson" } {
  if (!(x >= 0)) return { lower: NaN, upper: NaN, method: "byar" };
  if (x < 10) {
    const l = poissonExactLimits(x, alphaOfZ(z));
    return { lower: l.lower, upper: l.upper, method: "exact_poisson" };
  }
  const lower = x * Math.pow(1 - 1 / (9 * x) - z / (3 * Math.sqrt(x)), 3);
  const x1 = x + 1;
  const upper = x1 * Math.pow(1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1)), 3);
  return { lower, upper, method: "byar" };
}

/**
 * Funnel limits of a proportion around p0 at denominator n: p0 ± z√(p0(1 − p0)/n + τ²), clamped to
 * [0, 1] (Spiegelhalter 2005, normal approximation; τ² = 0 without overdispersion).
 */
export function proportionFunnelLimits(p0: number, n: number, z: number, tau2 = 0): Interval {
  const half = z * Math.sqrt((p0 * (1 - p0)) / n + tau2);
  return { lower: Math.max(0, p0 - half), upper: Math.min(1, p0 + half) };
}

/**
 * Funnel limits of a rate (per unit of denominator) around r0 at denominator n: exact Poisson
 * limits of the expected count r0·n, ÷ n; with overdispersion the normal approximation
 * r0 ± z√(r0/n + τ²) (lower clamped at 0).
 */
export function rateFunnelLimits(r0: number, n: number, z: number, tau2 = 0): Interval {
  if (tau2 > 0) {
    const half = z * Math.sqrt(r0 / n + tau2);
    return { lower: Math.max(0, r0 - half), upper: r0 + half };
  }
  const l = poissonExactLimits(r0 * n, alphaOfZ(z));
  return { lower: l.lower / n, upper: l.upper / n };
}

export interface OverdispersionEstimate {
  /** φ = (1/N) Σ z²_w, the z-scores winsorised at their 10th and 90th percentiles (type 7). */
  phi: number;
  /** τ² = (Nφ − (N − 1)) / (Σw − Σw²/Σw), w = 1/SE², when Nφ > N − 1; otherwise 0. */
  tau2: number;
  applied: boolean;
}

/**
 * Spiegelhalter's (2005) additive random-effects overdispersion for indicator values y[0..n) with
 * null standard errors se[0..n) around the target.
 */
export function spiegelhalterOverdispersion(y: ArrayLike<number>, se: ArrayLike<number>, n: number, target: number): OverdispersionEstimate {
  if (n < 2) return { phi: NaN, tau2: 0, applied: false };
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (y[i]! - target) / se[i]!;
  const sorted = Float64Array.from(z).sort();
  const lo = quantileType7Sorted(sorted, n, 0.1);
  const hi = quantileType7Sorted(sorted, n, 0.9);
  let sumZ2 = 0;
  let sw = 0;
  let sw2 = 0;
  for (let i = 0; i < n; i++) {
    const zw = Math.min(hi, Math.max(lo, z[i]!));
    sumZ2 += zw * zw;
    const w = 1 / (se[i]! * se[i]!);
    sw += w;
    sw2 += w * w;
  }
  const phi = sumZ2 / n;
  if (!(n * phi > n - 1)) return { phi, tau2: 0, applied: false };
  const tau2 = (n * phi - (n - 1)) / (sw - sw2 / sw);
  return { phi, tau2, applied: tau2 > 0 };
}

export interface RecentTrendFit {
  marker: "increasing" | "decreasing" | "no_significant_change" | "cannot_be_calculated";
  slope: number;
  chiSquare: number;
}

/** χ² at 99.8% with 1 degree of freedom. */
export const TREND_CHI_SQUARE_CRITICAL = 9.5495;

function weightedSlope(t: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, n: number, skip: number): { slope: number; chi: number } {
  let sw = 0;
  let st = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    if (i === skip) continue;
    sw += w[i]!;
    st += w[i]! * t[i]!;
    sy += w[i]! * y[i]!;
  }
  const tm = st / sw;
  const ym = sy / sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    if (i === skip) continue;
    const dt = t[i]! - tm;
    sxx += w[i]! * dt * dt;
    sxy += w[i]! * dt * (y[i]! - ym);
  }
  const slope = sxy / sxx;
  return { slope, chi: slope * slope * sxx };
}

/**
 * Fingertips' recent trend over the last 5 points: weighted least squares of value on time with
 * weights 1/SE², SE = (upper − lower)/3.92 from the 95% interval; significant when χ² = b²/Var(b)
 * exceeds 9.5495 (99.8%, 1 df) and the slope keeps its sign when each point is left out in turn.
 */
export function recentTrendFit(values: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, n: number): RecentTrendFit {
  if (n < 5) return { marker: "cannot_be_calculated", slope: NaN, chiSquare: NaN };
  const t = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = i + 1;
    const se = (upper[i]! - lower[i]!) / 3.92;
    if (!(se > 0)) return { marker: "cannot_be_calculated", slope: NaN, chiSquare: NaN };
    w[i] = 1 / (se * se);
  }
  const { slope, chi } = weightedSlope(t, values, w, n, -1);
  if (!(chi > TREND_CHI_SQUARE_CRITICAL) || slope === 0) return { marker: "no_significant_change", slope, chiSquare: chi };
  for (let k = 0; k < n; k++) {
    if (Math.sign(weightedSlope(t, values, w, n, k).slope) !== Math.sign(slope)) return { marker: "no_significant_change", slope, chiSquare: chi };
  }
  return { marker: slope > 0 ? "increasing" : "decreasing", slope, chiSquare: chi };
}

/**
 * Interval of the difference a − b from each value's own (possibly asymmetric) limits at the same
 * level: the MOVER method (Newcombe 1998; Zou & Donner 2008):
 * lower = d − √((a − lₐ)² + (u_b − b)²), upper = d + √((uₐ − a)² + (b − l_b)²).
 * Significant when the interval excludes 0.
 */
export function moverDifference(a: number, aLimits: Interval, b: number, bLimits: Interval): { difference: number; lower: number; upper: number; significant: boolean } {
  const d = a - b;
  const lower = d - Math.sqrt((a - aLimits.lower) ** 2 + (bLimits.upper - b) ** 2);
  const upper = d + Math.sqrt((aLimits.upper - a) ** 2 + (b - bLimits.lower) ** 2);
  return { difference: d, lower, upper, significant: lower > 0 || upper < 0 };
}
