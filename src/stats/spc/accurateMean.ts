/**
 * Means computed the way R computes them, so that strict comparisons against the mean and limits
 * give the same answer as NHSRplotthedots.
 *
 * R's `mean()` accumulates in 80-bit long double and then adds a correction pass, which in
 * practice returns the correctly rounded mean of the doubles. A naive JavaScript sum can be one ulp
 * off, and one ulp decides whether a point "exactly on the mean" is above, below or on it. We
 * therefore accumulate in double-double (Neumaier's compensated summation, exact to about 2^-106)
 * and divide the double-double sum by n with one error-free product correction (Dekker).
 *
 * Example: meanOf([0.1, 0.2, 0.3]) === 0.2, where (0.1 + 0.2 + 0.3) / 3 === 0.20000000000000004.
 */

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter for 53-bit doubles

/** Divides the double-double (hi, lo) by n and rounds once to the nearest double. */
export function divideDoubleDouble(hi: number, lo: number, n: number): number {
  const q = hi / n;
  // Error-free product q * n = p + pe (Dekker / Veltkamp), so hi - (q * n) is known exactly.
  const p = q * n;
  let t = SPLIT * q;
  const qh = t - (t - q);
  const ql = q - qh;
  t = SPLIT * n;
  const nh = t - (t - n);
  const nl = n - nh;
  const pe = qh * nh - p + qh * nl + ql * nh + ql * nl;
  const r = hi - p - pe + lo;
  return q + r / n;
}

/** Mean of a[start..end) (end exclusive), correctly rounded; NaN when the range is empty. */
export function meanOfRange(a: Float64Array, start: number, end: number): number {
  let hi = 0;
  let lo = 0;
  for (let i = start; i < end; i++) {
    const x = a[i]!;
    const t = hi + x;
    lo += Math.abs(hi) >= Math.abs(x) ? hi - t + x : x - t + hi;
    hi = t;
  }
  const n = end - start;
  return n > 0 ? divideDoubleDouble(hi, lo, n) : NaN;
}

/** Convenience for plain arrays (tests, small helpers). */
export function meanOf(values: readonly number[]): number {
  return meanOfRange(Float64Array.from(values), 0, values.length);
}

/**
 * Median of a[start..end): the middle value, or the average of the two middle values (R's
 * `median()`, quantile type 7 at 0.5). NaN when empty. Copies, so the input is not reordered.
 */
export function medianOfRange(a: Float64Array, start: number, end: number): number {
  const n = end - start;
  if (n <= 0) return NaN;
  const s = a.slice(start, end).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
