import {
  binomialCdf,
  chiSquareUpperTail,
  lnGamma,
  normalQuantile,
  poissonExactLimits,
  type Limits,
} from "./distributions.js";
import { zForLevel, type ConfidenceLevel } from "./levels.js";
import { quantileSorted } from "./quantile.js";

/**
 * Funnel plots (Spiegelhalter 2005, "Funnel plots for comparing institutional performance",
 * Statistics in Medicine 24:1185–1202), with the PHE conventions for the limits.
 *
 * Proportions, target p₀, denominator n:
 *   normal: p₀ ± z·√(p₀(1 − p₀)/n), clipped to [0, 1];
 *   exact:  interpolated binomial quantiles (Spiegelhalter 2005, appendix A.1.1): with
 *           F(r) = P(R ≤ r), R ~ Bin(n, p₀), r_q the smallest r with F(r) ≥ q, and
 *           a = (F(r_q) − q)/(F(r_q) − F(r_q − 1)), the limit is (r_q − a)/n, for q = α/2 and
 *           1 − α/2. Preferable for small n; n is rounded to a whole number.
 * Rates, target r₀ per unit of denominator: exact Poisson limits of the expected count E = r₀·n
 *   (lower χ²(α/2; 2E)/2, upper χ²(1 − α/2; 2E + 2)/2, as PHE's funnel tools), divided by n.
 * Levels 95% and 99.8% use z = 1.959964 and 3.090232 (see levels.ts).
 *
 * Overdispersion (Spiegelhalter 2005 §3.4; Spiegelhalter et al. 2012, JRSS A 175:1–47, "additive
 * random effects"): zᵢ = (yᵢ − target)/SEᵢ with SEᵢ the null standard error (√(p₀(1 − p₀)/nᵢ)
 * or √(r₀/nᵢ)); the zᵢ are winsorised at their 10th and 90th percentiles (type-7 quantiles, the
 * app's definition); φ = (1/N)Σzᵢ²; τ² = (Nφ − (N − 1))/(Σwᵢ − Σwᵢ²/Σwᵢ) with wᵢ = 1/SEᵢ²
 * (DerSimonian & Laird's moment estimator), and the limits become target ± z·√(SEᵢ² + τ²)
 * (normal, for both measures). The limits are widened only when the units are shown to be
 * overdispersed: Nφ, which follows χ² with N − 1 degrees of freedom when units differ by sampling
 * error alone (the heterogeneity test of Spiegelhalter 2005, "Handling over-dispersion of
 * performance indicators", Qual Saf Health Care 14:347–351; Verburg et al. 2018, Stat Methods
 * Med Res 27:3350–3366, step 4), must exceed its upper 5% point (p < 0.05,
 * {@link OVERDISPERSION_ALPHA}). Otherwise τ² = 0 and the exact limits stand: an estimate of τ²
 * from units that sampling error could explain would only blur a funnel that is right.
 */

/** Whether limits come from the normal approximation or the exact distribution. */
export type FunnelMethod = "normal" | "exact";

/** Where a unit falls relative to the funnel at one level. */
export type FunnelPosition = "below" | "inside" | "above";

// ---------------------------------------------------------------------------------------------
// Limits at one denominator
// ---------------------------------------------------------------------------------------------

/**
 * Spiegelhalter's interpolated binomial quantile, as a proportion: (r_q − a)/n (see the module
 * comment). Starts from the Cornish–Fisher approximation r ≈ np + zσ + (z² − 1)(1 − 2p)/6, which
 * is usually exact or one off, evaluates the CDF once (incomplete beta) and then steps with the
 * pmf recurrence P(r + 1) = P(r)·(n − r)/(r + 1)·p/(1 − p), so each limit costs one continued
 * fraction.
 */
function binomialFunnelQuantile(p0: number, n: number, q: number): number {
  const z = normalQuantile(q);
  const guess = n * p0 + z * Math.sqrt(n * p0 * (1 - p0)) + ((z * z - 1) * (1 - 2 * p0)) / 6;
  let r = Math.min(n, Math.max(0, Math.round(guess)));
  let f = binomialCdf(r, n, p0);
  let pmf = Math.exp(
    lnGamma(n + 1) -
      lnGamma(r + 1) -
      lnGamma(n - r + 1) +
      r * Math.log(p0) +
      (n - r) * Math.log1p(-p0),
  );
  if (!(pmf > 0)) {
    // The pmf underflowed (far tail): fall back to evaluating the CDF at each step.
    while (f < q && r < n) f = binomialCdf(++r, n, p0);
    let below = binomialCdf(r - 1, n, p0);
    while (r > 0 && below >= q) {
      r--;
      f = below;
      below = binomialCdf(r - 1, n, p0);
    }
    return Math.max(0, (r - (f > below ? (f - q) / (f - below) : 0)) / n);
  }
  const odds = p0 / (1 - p0);
  while (f < q && r < n) {
    pmf *= ((n - r) / (r + 1)) * odds;
    r++;
    f += pmf;
  }
  while (r > 0 && f - pmf >= q) {
    f -= pmf;
    pmf *= r / ((n - r + 1) * odds);
    r--;
  }
  const below = r > 0 ? f - pmf : 0;
  const a = f > below ? (f - q) / (f - below) : 0;
  // At r = 0 the interpolation would go below 0; the limit is then 0.
  return Math.max(0, (r - a) / n);
}

/**
 * Exact (interpolated binomial) funnel limits for a proportion with target p₀ at denominator n.
 * Example (95%): p₀ = 0.5, n = 10 → F(1) = 11/1024, F(2) = 56/1024, so r = 2,
 * a = (56/1024 − 0.025)/(45/1024) = 0.675555…, lower = (2 − 0.675555…)/10 = 0.1324444….
 */
export function binomialFunnelLimits(p0: number, n: number, level: ConfidenceLevel = 0.95): Limits {
  const nn = Math.round(n);
  if (!(nn > 0) || !(p0 >= 0 && p0 <= 1) || nn === Infinity) return { lower: NaN, upper: NaN };
  if (p0 === 0 || p0 === 1) return { lower: p0, upper: p0 };
  const half = (1 - level) / 2;
  return {
    lower: Math.max(0, binomialFunnelQuantile(p0, nn, half)),
    upper: Math.min(1, binomialFunnelQuantile(p0, nn, 1 - half)),
  };
}

/**
 * Funnel limits for a proportion at denominator n. Normal: p₀ ± z·√(p₀(1 − p₀)/n + τ²), clipped
 * to [0, 1] (τ² = 0 unless adjusting for overdispersion). Exact: {@link binomialFunnelLimits}
 * (τ² must be 0; an overdispersion-adjusted funnel is always normal).
 * Example (95%, normal): p₀ = 0.2, n = 100 → 0.2 ± 1.959964·0.04 = [0.12160144, 0.27839856].
 */
export function proportionFunnelLimits(
  p0: number,
  n: number,
  level: ConfidenceLevel = 0.95,
  method: FunnelMethod = "normal",
  tau2 = 0,
): Limits {
  if (method === "exact" && tau2 === 0) return binomialFunnelLimits(p0, n, level);
  if (!(n > 0) || !(p0 >= 0 && p0 <= 1)) return { lower: NaN, upper: NaN };
  const half = zForLevel(level) * Math.sqrt((p0 * (1 - p0)) / n + tau2);
  return { lower: Math.max(0, p0 - half), upper: Math.min(1, p0 + half) };
}

/**
 * Funnel limits for a rate with target r₀ (per unit of denominator) at denominator n: exact
 * Poisson limits of the expected count r₀·n divided by n, or with τ² > 0 the adjusted normal
 * limits r₀ ± z·√(r₀/n + τ²) (lower clipped at 0). Multiply by the display multiplier afterwards
 * (τ² is on the per-unit scale here).
 * Example (95%): r₀ = 0.001, n = 5000 → E = 5 → [1.623486…/5000, 11.668332…/5000].
 */
export function rateFunnelLimits(
  r0: number,
  n: number,
  level: ConfidenceLevel = 0.95,
  method: FunnelMethod = "exact",
  tau2 = 0,
): Limits {
  if (!(n > 0) || !(r0 >= 0) || n === Infinity || r0 === Infinity)
    return { lower: NaN, upper: NaN };
  if (method === "exact" && tau2 === 0) {
    const lim = poissonExactLimits(r0 * n, 1 - level);
    return { lower: lim.lower / n, upper: lim.upper / n };
  }
  const half = zForLevel(level) * Math.sqrt(r0 / n + tau2);
  return { lower: Math.max(0, r0 - half), upper: r0 + half };
}

/** The kind of measure on a funnel plot. */
export type FunnelMeasure = "proportion" | "rate";

/** Limits for one measure, dispatching to the proportion or rate form. */
export function funnelLimits(
  measure: FunnelMeasure,
  target: number,
  n: number,
  level: ConfidenceLevel,
  method: FunnelMethod,
  tau2 = 0,
): Limits {
  return measure === "proportion"
    ? proportionFunnelLimits(target, n, level, method, tau2)
    : rateFunnelLimits(target, n, level, method, tau2);
}

/**
 * Funnel limits for many denominators, written into caller-provided arrays (no allocation per
 * unit in the normal case).
 */
export function funnelLimitsInto(
  measure: FunnelMeasure,
  target: number,
  n: ArrayLike<number>,
  level: ConfidenceLevel,
  method: FunnelMethod,
  tau2: number,
  lowerOut: Float64Array,
  upperOut: Float64Array,
): void {
  const normal = method === "normal" || tau2 > 0;
  const z = zForLevel(level);
  const variance = measure === "proportion" ? target * (1 - target) : target;
  const validTarget =
    measure === "proportion" ? target >= 0 && target <= 1 : target >= 0 && target < Infinity;
  for (let i = 0; i < n.length; i++) {
    const ni = n[i] as number;
    if (!normal) {
      const lim = funnelLimits(measure, target, ni, level, method, 0);
      lowerOut[i] = lim.lower;
      upperOut[i] = lim.upper;
      continue;
    }
    if (!(ni > 0) || !validTarget) {
      lowerOut[i] = NaN;
      upperOut[i] = NaN;
      continue;
    }
    const half = z * Math.sqrt(variance / ni + tau2);
    lowerOut[i] = Math.max(0, target - half);
    upperOut[i] = measure === "proportion" ? Math.min(1, target + half) : target + half;
  }
}

// ---------------------------------------------------------------------------------------------
// Curves for plotting
// ---------------------------------------------------------------------------------------------

/** Points of the 95% and 99.8% funnel limits across a range of denominators. */
export interface FunnelCurve {
  n: Float64Array;
  lower95: Float64Array;
  upper95: Float64Array;
  lower998: Float64Array;
  upper998: Float64Array;
}

/** Options for {@link funnelCurve}. */
export interface FunnelCurveOptions {
  measure: FunnelMeasure;
  /** p₀ or r₀ (per unit of denominator). */
  target: number;
  nMin: number;
  nMax: number;
  /** Number of points, at least 2 (default 200). */
  points?: number;
  /** Default "normal" for proportions, "exact" for rates. */
  method?: FunnelMethod;
  /** Between-unit variance from {@link overdispersion}; 0 (default) for the unadjusted funnel. */
  tau2?: number;
  /** Spacing of the denominators (default "log": dense where the funnel bends, at small n). */
  spacing?: "log" | "linear";
}

/**
 * A smooth curve of limit points for plotting the funnel from nMin to nMax (inclusive).
 * Exact binomial limits are step-like by nature (the interpolation smooths them only partly).
 */
export function funnelCurve(options: FunnelCurveOptions): FunnelCurve {
  const points = Math.max(2, Math.floor(options.points ?? 200));
  const method = options.method ?? (options.measure === "proportion" ? "normal" : "exact");
  const tau2 = options.tau2 ?? 0;
  const { nMin, nMax } = options;
  const n = new Float64Array(points);
  const logSpacing = (options.spacing ?? "log") === "log" && nMin > 0;
  for (let i = 0; i < points; i++) {
    const t = i / (points - 1);
    n[i] = logSpacing ? nMin * Math.pow(nMax / nMin, t) : nMin + (nMax - nMin) * t;
  }
  n[points - 1] = nMax; // exact end point despite rounding in pow
  const curve: FunnelCurve = {
    n,
    lower95: new Float64Array(points),
    upper95: new Float64Array(points),
    lower998: new Float64Array(points),
    upper998: new Float64Array(points),
  };
  funnelLimitsInto(
    options.measure,
    options.target,
    n,
    0.95,
    method,
    tau2,
    curve.lower95,
    curve.upper95,
  );
  funnelLimitsInto(
    options.measure,
    options.target,
    n,
    0.998,
    method,
    tau2,
    curve.lower998,
    curve.upper998,
  );
  return curve;
}

// ---------------------------------------------------------------------------------------------
// Overdispersion
// ---------------------------------------------------------------------------------------------

/**
 * The significance level of the overdispersion test: the limits are widened only when
 * P(χ²_{N−1} ≥ Nφ) is below it.
 */
export const OVERDISPERSION_ALPHA = 0.05;

/** Result of the overdispersion test. */
export interface Overdispersion {
  /** Units used (finite value, SE > 0). */
  count: number;
  /** φ = mean of the winsorised z², the dispersion ratio (≈ 1 without overdispersion). */
  phi: number;
  /** The test statistic Nφ (χ² with N − 1 degrees of freedom without overdispersion). */
  statistic: number;
  /** P(χ²_{N−1} ≥ Nφ); NaN with fewer than 2 units. */
  pValue: number;
  /** Between-unit variance τ² on the scale of the values, 0 unless adjusted. */
  tau2: number;
  /** True when the test is significant at the level asked (and so τ² > 0): the limits widen. */
  adjusted: boolean;
  /** The 10th and 90th percentiles (type 7) at which z was winsorised. */
  zLow: number;
  zHigh: number;
}

/**
 * Spiegelhalter's overdispersion estimate and test (see the module comment) from values yᵢ with
 * null standard errors SEᵢ around a target. Units with a non-finite value or SE ≤ 0 are skipped.
 * With fewer than 2 usable units φ is NaN and nothing is adjusted. `alpha` is the test's level
 * (default {@link OVERDISPERSION_ALPHA}; 1 adjusts whenever Nφ > N − 1, as FunnelPlotR does).
 * Example: z = −4, −1, 0, 1, 6 (winsorised to −2.8 … 4) → φ = 5.168, Nφ = 25.84,
 * P(χ²₄ ≥ 25.84) = 3.4e-5 → adjusted; z = −2 … 2 (φ = 1.424, Nφ = 7.12, p = 0.13) → not.
 */
export function overdispersion(
  values: ArrayLike<number>,
  se: ArrayLike<number>,
  target: number,
  alpha = OVERDISPERSION_ALPHA,
): Overdispersion {
  const m = values.length;
  const z = new Float64Array(m);
  let count = 0;
  for (let i = 0; i < m; i++) {
    const y = values[i] as number;
    const s = se[i] as number;
    if (Number.isFinite(y) && s > 0 && s < Infinity) z[count++] = (y - target) / s;
  }
  if (count < 2 || !Number.isFinite(target)) {
    return {
      count,
      phi: NaN,
      statistic: NaN,
      pValue: NaN,
      tau2: 0,
      adjusted: false,
      zLow: NaN,
      zHigh: NaN,
    };
  }
  const sortedZ = z.slice(0, count).sort();
  const zLow = quantileSorted(sortedZ, 0.1);
  const zHigh = quantileSorted(sortedZ, 0.9);
  let sumZ2 = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (let i = 0; i < m; i++) {
    const y = values[i] as number;
    const s = se[i] as number;
    if (!(Number.isFinite(y) && s > 0 && s < Infinity)) continue;
    const zi = Math.min(zHigh, Math.max(zLow, (y - target) / s));
    sumZ2 += zi * zi;
    const w = 1 / (s * s);
    sumW += w;
    sumW2 += w * w;
  }
  const phi = sumZ2 / count;
  const statistic = count * phi;
  const pValue = chiSquareUpperTail(statistic, count - 1);
  const excess = statistic - (count - 1);
  const adjusted = excess > 0 && pValue < alpha;
  const tau2 = adjusted ? excess / (sumW - sumW2 / sumW) : 0;
  return { count, phi, statistic, pValue, tau2, adjusted, zLow, zHigh };
}

// ---------------------------------------------------------------------------------------------
// A whole funnel analysis
// ---------------------------------------------------------------------------------------------

/** What a funnel's units are measured on and against. */
export interface FunnelUnitOptions {
  measure: FunnelMeasure;
  /** Target p₀ or r₀ per unit of denominator; default the pooled value Σx/Σn of usable units. */
  target?: number;
  /** The overdispersion test's level (default {@link OVERDISPERSION_ALPHA}). */
  alpha?: number;
}

/** Options for {@link funnelAnalysis}. */
export interface FunnelOptions extends FunnelUnitOptions {
  /** Multiply rates (values, limits, target, τ) by this for display, e.g. 100 000. Default 1. */
  multiplier?: number;
  /** Allow for overdispersion (default true). */
  overdispersion?: boolean;
  /**
   * An overdispersion estimate made elsewhere, used instead of one from these units: e.g.
   * {@link funnelDispersion} over every comparable unit, reused for a subset of them (a
   * handful of units cannot estimate τ² themselves). τ² on the per-unit scale.
   */
  dispersion?: Overdispersion;
  /** Default "normal" for proportions, "exact" for rates. Ignored once adjusted (normal). */
  method?: FunnelMethod;
}

/** Per-unit funnel results (index-aligned with the input). NaN / null for unusable units. */
export interface FunnelUnits {
  value: Float64Array;
  /** Null-hypothesis standard error: √(p₀(1 − p₀)/n) or √(r₀/n) (times the multiplier). */
  se: Float64Array;
  /** (value − target)/SE, not winsorised. */
  z: Float64Array;
  lower95: Float64Array;
  upper95: Float64Array;
  lower998: Float64Array;
  upper998: Float64Array;
  position95: (FunnelPosition | null)[];
  position998: (FunnelPosition | null)[];
}

/** A funnel plot's statistics. */
export interface FunnelAnalysis {
  measure: FunnelMeasure;
  /** On the display scale (rates times the multiplier). */
  target: number;
  multiplier: number;
  /** φ, τ² (display scale), whether the limits were widened. φ is NaN when not estimated. */
  phi: number;
  tau2: number;
  adjusted: boolean;
  /** The estimate used (per-unit scale), from these units or given; null when not allowed for. */
  dispersion: Overdispersion | null;
  /** The method of the limits actually used ("normal" whenever adjusted). */
  method: FunnelMethod;
  /** Usable units (a value and a position). */
  count: number;
  units: FunnelUnits;
}

/** NaN for ±Infinity: a figure past the largest double is not one to show. */
const finiteOrNaN = (x: number): number => (Number.isFinite(x) ? x : NaN);

/** Position of a value relative to limits; null when either is missing. */
export function funnelPosition(value: number, lower: number, upper: number): FunnelPosition | null {
  if (Number.isNaN(value) || Number.isNaN(lower) || Number.isNaN(upper)) return null;
  if (value > upper) return "above";
  if (value < lower) return "below";
  return "inside";
}

/**
 * The units' values xᵢ/nᵢ and null SEs around the target, per unit of denominator. A unit is
 * usable with a finite count x ≥ 0 over a finite n > 0, and for a proportion x ≤ n (more events
 * than trials is an error in the data, as the interval code treats it; a negative count is
 * unusable for either measure); others get NaN and are left out of the pooled target.
 */
function unitValues(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  options: FunnelUnitOptions,
): { target: number; value: Float64Array; se: Float64Array; count: number } {
  const m = numerators.length;
  const { measure } = options;
  const usable = (x: number, n: number): boolean =>
    Number.isFinite(x) && x >= 0 && n > 0 && n < Infinity && (measure !== "proportion" || x <= n);
  let target = options.target;
  if (target === undefined) {
    let sx = 0;
    let sn = 0;
    for (let i = 0; i < m; i++) {
      const x = numerators[i] as number;
      const n = denominators[i] as number;
      if (usable(x, n)) {
        sx += x;
        sn += n;
      }
    }
    target = sn > 0 ? sx / sn : NaN;
  }
  // A target that is not a number (given so, or sums past the largest double) gives no funnel.
  if (!Number.isFinite(target)) target = NaN;
  const variance = measure === "proportion" ? target * (1 - target) : target;
  const value = new Float64Array(m);
  const se = new Float64Array(m);
  let count = 0;
  for (let i = 0; i < m; i++) {
    const x = numerators[i] as number;
    const n = denominators[i] as number;
    const ok = usable(x, n);
    if (ok) count++;
    value[i] = ok ? x / n : NaN;
    se[i] = ok ? Math.sqrt(variance / n) : NaN;
  }
  return { target, value, se, count };
}

/**
 * φ, τ² and the overdispersion test of units with numerators xᵢ and denominators nᵢ (usable as
 * in {@link funnelAnalysis}), on the per-unit scale: {@link overdispersion} of the values xᵢ/nᵢ
 * and their null SEs around the target (default the pooled Σx/Σn).
 */
export function funnelDispersion(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  options: FunnelUnitOptions,
): Overdispersion {
  const u = unitValues(numerators, denominators, options);
  return overdispersion(u.value, u.se, u.target, options.alpha);
}

/**
 * Funnel-plot statistics for units with numerator xᵢ and denominator nᵢ: value, SE, z, the 95%
 * and 99.8% limits at each unit's denominator (widened for overdispersion when the test shows it,
 * from these units or from a given estimate), each unit's position at each level, and φ, τ².
 * Units with n ≤ 0, a missing or negative numerator, or (proportions) x > n get NaN and position
 * null and are left out of the pooled target and φ.
 */
export function funnelAnalysis(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  options: FunnelOptions,
): FunnelAnalysis {
  const m = numerators.length;
  const { measure } = options;
  const multiplier = measure === "rate" ? (options.multiplier ?? 1) : 1;
  const { target, value, se, count } = unitValues(numerators, denominators, options);
  const units: FunnelUnits = {
    value,
    se,
    z: value.map((v, i) => ((se[i] as number) > 0 ? (v - target) / (se[i] as number) : NaN)),
    lower95: new Float64Array(m),
    upper95: new Float64Array(m),
    lower998: new Float64Array(m),
    upper998: new Float64Array(m),
    position95: new Array<FunnelPosition | null>(m).fill(null),
    position998: new Array<FunnelPosition | null>(m).fill(null),
  };
  const dispersion =
    options.overdispersion === false
      ? null
      : (options.dispersion ?? overdispersion(value, se, target, options.alpha));
  const adjusted = dispersion?.adjusted ?? false;
  const tau2 = adjusted ? (dispersion?.tau2 ?? 0) : 0;
  const method: FunnelMethod = adjusted
    ? "normal"
    : (options.method ?? (measure === "proportion" ? "normal" : "exact"));
  funnelLimitsInto(measure, target, denominators, 0.95, method, tau2, units.lower95, units.upper95);
  funnelLimitsInto(
    measure,
    target,
    denominators,
    0.998,
    method,
    tau2,
    units.lower998,
    units.upper998,
  );
  for (let i = 0; i < m; i++) {
    if (Number.isNaN(units.value[i] as number)) {
      units.lower95[i] = NaN;
      units.upper95[i] = NaN;
      units.lower998[i] = NaN;
      units.upper998[i] = NaN;
      continue;
    }
    if (multiplier !== 1) {
      units.value[i] = (units.value[i] as number) * multiplier;
      units.se[i] = (units.se[i] as number) * multiplier;
      units.lower95[i] = (units.lower95[i] as number) * multiplier;
      units.upper95[i] = (units.upper95[i] as number) * multiplier;
      units.lower998[i] = (units.lower998[i] as number) * multiplier;
      units.upper998[i] = (units.upper998[i] as number) * multiplier;
    }
    const v = units.value[i] as number;
    // Past the largest double (a huge rate times its multiplier, an SE over a denominator near
    // 0): no value to place.
    const lines = [v, units.se[i]!, units.lower95[i]!, units.upper95[i]!];
    if (!lines.every(Number.isFinite) || !Number.isFinite(units.z[i]!)) {
      units.z[i] = NaN;
      units.value[i] = NaN;
      units.se[i] = NaN;
      units.lower95[i] = NaN;
      units.upper95[i] = NaN;
      units.lower998[i] = NaN;
      units.upper998[i] = NaN;
      continue;
    }
    units.position95[i] = funnelPosition(v, units.lower95[i] as number, units.upper95[i] as number);
    units.position998[i] = funnelPosition(
      v,
      units.lower998[i] as number,
      units.upper998[i] as number,
    );
  }
  return {
    measure,
    target: finiteOrNaN(target * multiplier),
    multiplier,
    phi: finiteOrNaN(dispersion?.phi ?? NaN),
    tau2: finiteOrNaN(tau2 * multiplier * multiplier),
    adjusted,
    dispersion,
    method,
    count,
    units,
  };
}
