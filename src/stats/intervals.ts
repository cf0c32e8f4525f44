import { poissonExactLimits, type Limits } from "./distributions.js";
import { zForLevel, type ConfidenceLevel } from "./levels.js";
import type { Estimate } from "./types.js";

/**
 * Confidence intervals for proportions, counts and rates: the methods of Fingertips and the
 * PHEindicatormethods R package (phe_proportion, phe_rate), with z = 1.959964 (95%) and
 * 3.090232 (99.8%) — see levels.ts.
 *
 * Invalid input (n ≤ 0, x < 0, x > n, non-finite) gives NaN value and limits rather than an
 * exception: one bad cell must not stop a whole recomputation.
 */

const NO_ESTIMATE: Readonly<Estimate> = Object.freeze({ value: NaN, lower: NaN, upper: NaN });

/**
 * Fingertips suppresses (or flags) rates based on fewer than this many events: their intervals
 * are wide and the values unstable.
 */
export const SMALL_COUNT_THRESHOLD = 10;

// ---------------------------------------------------------------------------------------------
// Proportions: Wilson score interval
// ---------------------------------------------------------------------------------------------

/**
 * Wilson (1927) score limits for x events out of n, with normal deviate z:
 *   lower = (2x + z² − z·√(z² + 4x(1 − x/n))) / (2(n + z²)),
 *   upper = (2x + z² + z·√(z² + 4x(1 − x/n))) / (2(n + z²)).
 * Lower is exactly 0 when x = 0 and upper exactly 1 when x = n.
 * Example (z = 1.959964): 81/263 → [0.2553…, 0.3662…].
 */
export function wilsonLimits(x: number, n: number, z: number): Limits {
  if (!(n > 0 && x >= 0 && x <= n) || n === Infinity) return { lower: NaN, upper: NaN };
  const z2 = z * z;
  const centre = 2 * x + z2;
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  // Halved first: 2(n + z²) would overflow for n near the largest double.
  const denom = n + z2;
  return {
    lower: x === 0 ? 0 : (centre - spread) / 2 / denom,
    upper: x === n ? 1 : (centre + spread) / 2 / denom,
  };
}

/** Proportion x/n with its Wilson score interval at the given level (default 95%). */
export function proportionInterval(x: number, n: number, level: ConfidenceLevel = 0.95): Estimate {
  const { lower, upper } = wilsonLimits(x, n, zForLevel(level));
  if (Number.isNaN(lower)) return { ...NO_ESTIMATE };
  return { value: x / n, lower, upper };
}

/**
 * Wilson limits for many units at once, written into caller-provided arrays (no allocation per
 * unit). Units with invalid input get NaN.
 */
export function proportionIntervalsInto(
  x: ArrayLike<number>,
  n: ArrayLike<number>,
  level: ConfidenceLevel,
  lowerOut: Float64Array,
  upperOut: Float64Array,
): void {
  const z = zForLevel(level);
  const z2 = z * z;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const ni = n[i] as number;
    if (!(ni > 0 && xi >= 0 && xi <= ni) || ni === Infinity) {
      lowerOut[i] = NaN;
      upperOut[i] = NaN;
      continue;
    }
    const centre = 2 * xi + z2;
    const spread = z * Math.sqrt(z2 + 4 * xi * (1 - xi / ni));
    const denom = 2 * (ni + z2);
    lowerOut[i] = xi === 0 ? 0 : (centre - spread) / denom;
    upperOut[i] = xi === ni ? 1 : (centre + spread) / denom;
  }
}

// ---------------------------------------------------------------------------------------------
// Counts and rates: Byar's approximation (x ≥ 10) or exact Poisson (x < 10)
// ---------------------------------------------------------------------------------------------

/**
 * Byar's approximation to the Poisson limits of a count x (Breslow & Day 1987, vol. II, p. 69):
 *   lower = x·(1 − 1/(9x) − z/(3√x))³,  upper = (x + 1)·(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³.
 * Used by Fingertips for x ≥ 10. Example (z = 1.959964, x = 10): [4.787449…, 18.391458…].
 */
export function byarLimits(x: number, z: number): Limits {
  if (!(x > 0) || x === Infinity) return { lower: x === 0 ? 0 : NaN, upper: NaN };
  const x1 = x + 1;
  const l = 1 - 1 / (9 * x) - z / (3 * Math.sqrt(x));
  const u = 1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1));
  return { lower: x * l * l * l, upper: x1 * u * u * u };
}

/** Exact Poisson limits for x = 0…9 at a level, computed once per level (the common case). */
const exactTableCache = new Map<number, Float64Array>();

function exactTable(level: ConfidenceLevel): Float64Array {
  let table = exactTableCache.get(level);
  if (table === undefined) {
    table = new Float64Array(2 * SMALL_COUNT_THRESHOLD);
    for (let k = 0; k < SMALL_COUNT_THRESHOLD; k++) {
      const lim = poissonExactLimits(k, 1 - level);
      table[2 * k] = lim.lower;
      table[2 * k + 1] = lim.upper;
    }
    exactTableCache.set(level, table);
  }
  return table;
}

/**
 * Confidence limits for a Poisson count x: exact (chi-square) limits when x < 10, Byar's
 * approximation when x ≥ 10 (the Fingertips / PHEindicatormethods rule). Lower = 0 when x = 0.
 * Example (95%): x = 0 → [0, 3.688879…]; x = 5 → [1.623486…, 11.668332…].
 */
export function countLimits(x: number, level: ConfidenceLevel = 0.95): Limits {
  if (!(x >= 0) || x === Infinity) return { lower: NaN, upper: NaN };
  if (x >= SMALL_COUNT_THRESHOLD) return byarLimits(x, zForLevel(level));
  if (Number.isInteger(x)) {
    const table = exactTable(level);
    return { lower: table[2 * x] as number, upper: table[2 * x + 1] as number };
  }
  return poissonExactLimits(x, 1 - level);
}

/** A count with its Poisson interval (value = x). */
export function countInterval(x: number, level: ConfidenceLevel = 0.95): Estimate {
  const { lower, upper } = countLimits(x, level);
  if (Number.isNaN(upper)) return { ...NO_ESTIMATE };
  return { value: x, lower, upper };
}

/**
 * A rate x/d·m (x events, denominator d such as person-years or population, multiplier m such
 * as 100 000) with the count limits of {@link countLimits} scaled the same way.
 * Example (95%): 5 events in a population of 20 000 per 100 000 → 25 [8.117…, 58.342…].
 */
export function rateInterval(
  x: number,
  denominator: number,
  multiplier = 1,
  level: ConfidenceLevel = 0.95,
): Estimate {
  if (!(denominator > 0) || denominator === Infinity) return { ...NO_ESTIMATE };
  const { lower, upper } = countLimits(x, level);
  if (Number.isNaN(upper)) return { ...NO_ESTIMATE };
  const scale = multiplier / denominator;
  const estimate = { value: x * scale, lower: lower * scale, upper: upper * scale };
  // A denominator near 0 (or a huge multiplier) can scale past the largest double: no estimate.
  if (!Number.isFinite(estimate.upper) || !Number.isFinite(estimate.value))
    return { ...NO_ESTIMATE };
  return estimate;
}

/**
 * Rates and their limits for many units, written into caller-provided arrays. Invalid units
 * get NaN in all three outputs.
 */
export function rateIntervalsInto(
  x: ArrayLike<number>,
  denominator: ArrayLike<number>,
  multiplier: number,
  level: ConfidenceLevel,
  valueOut: Float64Array,
  lowerOut: Float64Array,
  upperOut: Float64Array,
): void {
  const z = zForLevel(level);
  const table = exactTable(level);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const di = denominator[i] as number;
    if (!(di > 0 && xi >= 0) || di === Infinity || xi === Infinity) {
      valueOut[i] = NaN;
      lowerOut[i] = NaN;
      upperOut[i] = NaN;
      continue;
    }
    const scale = multiplier / di;
    let lower: number;
    let upper: number;
    if (xi >= SMALL_COUNT_THRESHOLD) {
      const x1 = xi + 1;
      const l = 1 - 1 / (9 * xi) - z / (3 * Math.sqrt(xi));
      const u = 1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1));
      lower = xi * l * l * l;
      upper = x1 * u * u * u;
    } else if (Number.isInteger(xi)) {
      lower = table[2 * xi] as number;
      upper = table[2 * xi + 1] as number;
    } else {
      const lim = poissonExactLimits(xi, 1 - level);
      lower = lim.lower;
      upper = lim.upper;
    }
    valueOut[i] = xi * scale;
    lowerOut[i] = lower * scale;
    upperOut[i] = upper * scale;
  }
}
