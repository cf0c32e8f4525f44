import { divideDoubleDouble } from "./accurateMean.js";
import { LIMIT_MULTIPLIER, NEAR_LIMIT_MULTIPLIER, SCREEN_MULTIPLIER } from "./constants.js";
import { copyLinesFromStart, type SpcWorkspace } from "./workspace.js";

/**
 * Average moving range of y[start..end): AMR = mean(|y_i - y_(i-1)|), optionally screened.
 *
 * Screening (PTD `screen_outliers`, default on): one pass drops every moving range with
 * MR >= 3.267 x AMR (strict `<` keeps), then AMR is recomputed from the rest. NaN when there is no
 * moving range (fewer than two points) or when screening drops them all, which only happens when
 * every moving range is 0 (a constant baseline): 0 < 0 fails, exactly as in PTD.
 *
 * Example: y = [1, 2, 4, 5] gives MRs 1, 2, 1 and AMR = 4/3 (no MR >= 4.356, nothing screened).
 */
export function averageMovingRange(
  y: Float64Array,
  start: number,
  end: number,
  screen: boolean,
): number {
  let hi = 0;
  let lo = 0;
  for (let i = start + 1; i < end; i++) {
    const x = Math.abs(y[i]! - y[i - 1]!);
    const t = hi + x;
    lo += hi >= x ? hi - t + x : x - t + hi;
    hi = t;
  }
  const count = end - start - 1;
  if (count <= 0) return NaN;
  const amr = divideDoubleDouble(hi, lo, count);
  return screen ? screenedAmr(y, start, end, amr) : amr;
}

/** AMR of the moving ranges of y[start..end) below 3.267 x `amr` (strict); NaN if none is. */
function screenedAmr(y: Float64Array, start: number, end: number, amr: number): number {
  const threshold = SCREEN_MULTIPLIER * amr;
  let hi = 0;
  let lo = 0;
  let kept = 0;
  for (let i = start + 1; i < end; i++) {
    const x = Math.abs(y[i]! - y[i - 1]!);
    if (x < threshold) {
      const t = hi + x;
      lo += hi >= x ? hi - t + x : x - t + hi;
      hi = t;
      kept++;
    }
  }
  return kept > 0 ? divideDoubleDouble(hi, lo, kept) : NaN;
}

/**
 * XmR (individuals) limits for one rebase group y[start..end), written into the workspace.
 *
 *   CL  = mean of the baseline values
 *   UPL = CL + 2.66 x AMR,  LPL = CL - 2.66 x AMR               (3-sigma, sigma = AMR / 1.128)
 *   near lines = CL +/- (2 x 2.66 / 3) x AMR                     (2-sigma)
 *
 * The baseline is y[start..baselineEnd) (all points unless limits are fixed after n points); the
 * limits then apply to the whole group. No clamping at 0. Reference: NHSRplotthedots 0.2.2
 * `ptd_spc_standard()`; Wheeler, Making Sense of Data (2003).
 *
 * Example: baseline [21.7, 20.2, 20.3, 24.5, 18.3] -> CL 21, MRs 1.5, 0.1, 4.2, 6.2, AMR 3,
 * LPL 13.02, UPL 28.98, near lines 15.68 and 26.32.
 */
export function xmrLimitsInto(
  y: Float64Array,
  start: number,
  end: number,
  baselineEnd: number,
  screen: boolean,
  ws: SpcWorkspace,
): void {
  xmrLinesAt(y, start, baselineEnd, screen, ws);
  copyLinesFromStart(ws, start, end);
}

/**
 * `xmrLimitsInto` for the first point of the group only (the kernel copies the lines to the other
 * points in its own pass over them, which is cheaper than five `fill` calls: `Float64Array.fill`
 * costs about 70 ns for 78 points in Node 20).
 */
export function xmrLinesAt(
  y: Float64Array,
  start: number,
  baselineEnd: number,
  screen: boolean,
  ws: SpcWorkspace,
): void {
  // One pass for the sum of values and of moving ranges (both compensated), then screening.
  let hi = 0;
  let lo = 0;
  let mrHi = 0;
  let mrLo = 0;
  let mrMax = 0;
  let prev = y[start]!;
  for (let i = start; i < baselineEnd; i++) {
    const x = y[i]!;
    let t = hi + x;
    lo += Math.abs(hi) >= Math.abs(x) ? hi - t + x : x - t + hi;
    hi = t;
    const mr = Math.abs(x - prev);
    prev = x;
    t = mrHi + mr;
    mrLo += mrHi >= mr ? mrHi - t + mr : mr - t + mrHi;
    mrHi = t;
    mrMax = mr > mrMax ? mr : mrMax;
  }
  const count = baselineEnd - start;
  const mean = count > 0 ? divideDoubleDouble(hi, lo, count) : NaN;
  let amr = count > 1 ? divideDoubleDouble(mrHi, mrLo, count - 1) : NaN;
  const threshold = SCREEN_MULTIPLIER * amr;
  // Screening drops nothing when even the largest moving range is below the threshold.
  if (screen && count > 1 && !(mrMax < threshold)) {
    // Take the dropped ranges (few) out of the compensated sum instead of adding up the kept ones
    // again: a compare per range instead of an addition. Both give the exact sum of the kept
    // ranges (the compensated sums are exact unless the values span some 40 binary orders of
    // magnitude), hence the same correctly rounded AMR; test/stats/spc/exact-mean.test.ts checks
    // it against exact rational arithmetic.
    let kept = count - 1;
    prev = y[start]!;
    for (let i = start + 1; i < baselineEnd; i++) {
      const x = y[i]!;
      const mr = Math.abs(x - prev);
      prev = x;
      if (mr < threshold) continue;
      const t = mrHi - mr;
      mrLo += Math.abs(mrHi) >= mr ? mrHi - t - mr : -mr - t + mrHi;
      mrHi = t;
      kept--;
    }
    amr = kept > 0 ? divideDoubleDouble(mrHi, mrLo, kept) : NaN;
  }
  // Same operation order as PTD (mean - (2.66 * amr)) so results are bit-identical.
  ws.centre[start] = mean;
  ws.lpl[start] = mean - LIMIT_MULTIPLIER * amr;
  ws.upl[start] = mean + LIMIT_MULTIPLIER * amr;
  ws.nearLpl[start] = mean - NEAR_LIMIT_MULTIPLIER * amr;
  ws.nearUpl[start] = mean + NEAR_LIMIT_MULTIPLIER * amr;
}
