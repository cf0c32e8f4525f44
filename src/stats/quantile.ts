/**
 * Quantiles, used everywhere in the app (quartiles, deciles, quintiles, funnel-plot winsorising).
 *
 * Definition — Hyndman & Fan (1996) "type 7", the default of R's quantile() and of Excel's
 * QUARTILE.INC / PERCENTILE.INC: for the sorted values x[0] ≤ … ≤ x[n−1] and probability p,
 *   h = (n − 1)·p,  Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
 * Example: x = [1, 2, 3, 4], p = 0.25 → h = 0.75, Q = 1 + 0.75·(2 − 1) = 1.75.
 *
 * Missing values (null, undefined, NaN, ±∞) are ignored. An empty input gives NaN.
 */

/** A value as it arrives from data: possibly missing. */
export type MaybeNumber = number | null | undefined;

/** Copies the finite values into a new ascending Float64Array (typed-array sort is numeric). */
export function sortedFinite(values: ArrayLike<MaybeNumber>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) count++;
  }
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) out[j++] = v;
  }
  return out.sort();
}

/**
 * Type-7 quantile of values that are already sorted ascending and all finite (no copy, no
 * allocation: the hot-path form). p outside [0, 1] or an empty array gives NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const xlo = sorted[lo] as number;
  if (lo >= n - 1) return xlo;
  const frac = h - lo;
  // frac = 0 returns the order statistic exactly (no 0·∞ or rounding from the difference).
  return frac === 0 ? xlo : xlo + frac * ((sorted[lo + 1] as number) - xlo);
}

/** Type-7 quantile of unsorted values with missing values ignored. Example: quantile([4, 1, 3, 2], 0.5) = 2.5. */
export function quantile(values: ArrayLike<MaybeNumber>, p: number): number {
  return quantileSorted(sortedFinite(values), p);
}

/** Several type-7 quantiles with one sort. */
export function quantiles(values: ArrayLike<MaybeNumber>, ps: readonly number[]): number[] {
  const sorted = sortedFinite(values);
  return ps.map((p) => quantileSorted(sorted, p));
}

/** Median: the type-7 quantile at p = 0.5 (the usual median). Example: median([1, 2, 3, 4]) = 2.5. */
export function median(values: ArrayLike<MaybeNumber>): number {
  return quantile(values, 0.5);
}

/** First, second and third quartiles (type 7, as Excel QUARTILE.INC). */
export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

/** Quartiles. Example: quartiles([1, 2, 3, 4]) = { q1: 1.75, median: 2.5, q3: 3.25 }. */
export function quartiles(values: ArrayLike<MaybeNumber>): Quartiles {
  const sorted = sortedFinite(values);
  return {
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
  };
}

const DECILE_PS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

/** The nine deciles D1…D9 (p = 0.1 … 0.9, type 7). Example: deciles of 0…10 are 1, 2, …, 9. */
export function deciles(values: ArrayLike<MaybeNumber>): number[] {
  return decilesOfSorted(sortedFinite(values));
}

function decilesOfSorted(sorted: ArrayLike<number>): number[] {
  return DECILE_PS.map((p) => quantileSorted(sorted, p));
}

/** Five-number summary plus deciles of a distribution. All NaN (count 0) when no values. */
export interface Summary {
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** D1…D9. */
  deciles: number[];
}

/**
 * Summary of a distribution: count of non-missing values, min, type-7 quartiles, max, deciles.
 * Example: summarise([3, 1, null, 2, NaN, 4]) → count 4, min 1, q1 1.75, median 2.5, q3 3.25, max 4.
 */
export function summarise(values: ArrayLike<MaybeNumber>): Summary {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  return {
    count: n,
    min: n > 0 ? (sorted[0] as number) : NaN,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: n > 0 ? (sorted[n - 1] as number) : NaN,
    deciles: decilesOfSorted(sorted),
  };
}

/**
 * Which quarter of a distribution a value falls in, counted from the better end: 1 = best
 * quarter … 4 = worst. "higher" means higher values are better, "lower" the reverse. A value on a
 * quartile belongs to the better side, symmetrically in both directions, so ties on a boundary
 * never fall into the worse quarter:
 *   higher: v ≥ Q3 → 1, v ≥ median → 2, v ≥ Q1 → 3, else 4
 *   lower:  v ≤ Q1 → 1, v ≤ median → 2, v ≤ Q3 → 3, else 4
 * Example: quartiles of [1, 2, 3, 4] are 1.75, 2.5, 3.25; quarterOf(3.25, q, "higher") = 1 and
 * quarterOf(1.75, q, "lower") = 1. NaN quartiles or value give null.
 */
export function quarterOf(
  value: number,
  q: Quartiles,
  better: "higher" | "lower",
): 1 | 2 | 3 | 4 | null {
  if (!(value === value && q.q1 === q.q1 && q.median === q.median && q.q3 === q.q3)) return null;
  if (better === "higher") return value >= q.q3 ? 1 : value >= q.median ? 2 : value >= q.q1 ? 3 : 4;
  return value <= q.q1 ? 1 : value <= q.median ? 2 : value <= q.q3 ? 3 : 4;
}
