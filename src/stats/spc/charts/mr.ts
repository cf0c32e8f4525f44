import { divideDoubleDouble } from "../accurateMean.js";
import { SCREEN_MULTIPLIER } from "../constants.js";
import { fillLines, type ChartDefinition } from "./chartDefinition.js";

/**
 * Mean of v[start..end), optionally screened: values >= 3.267 x mean are dropped once and the mean
 * is recomputed (the same moving-range screening as the XmR chart). NaN if nothing is left.
 */
export function screenedMean(v: Float64Array, start: number, end: number, screen: boolean): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += v[i]!;
  const n = end - start;
  if (n <= 0) return NaN;
  const mean = divideDoubleDouble(sum, 0, n);
  if (!screen) return mean;
  const threshold = SCREEN_MULTIPLIER * mean;
  let kept = 0;
  sum = 0;
  for (let i = start; i < end; i++) {
    const x = v[i]!;
    if (x < threshold) {
      sum += x;
      kept++;
    }
  }
  return kept > 0 ? sum / kept : NaN;
}

/** sigma of a moving range in units of AMR: (D4 - 1) / 3 = 0.7557 (d3/d2 = 0.8525/1.128). */
const MR_SIGMA_PER_AMR = (SCREEN_MULTIPLIER - 1) / 3;

/**
 * Moving-range (mR) chart. The plotted values are MR_i = |y_i - y_(i-1)| within a rebase group
 * (the first point of a group has none). Centre = AMR (screened like the XmR chart when screening
 * is on); UPL = D4 x AMR = 3.267 x AMR; 2-sigma line = AMR x (1 + 2 x (3.267 - 1) / 3) = 2.5113
 * x AMR; the lower lines are 0 (D3 = 0 for ranges of two).
 * Reference: Montgomery, Introduction to Statistical Quality Control, 7th ed., section 6.4.
 *
 * Example: MRs [1, 2, 1, 2] -> AMR 1.5, UPL 4.9005, 2-sigma line 3.767.
 */
export const mrChart: ChartDefinition = {
  chart: "mr",
  title: "Moving range (mR) chart",
  usesDenominator: false,
  constantLimits: true,
  checkValue: () => null,
  limitsInto(data, start, end, baselineEnd, screen, ws) {
    const amr = screenedMean(data.value, start, baselineEnd, screen);
    const upl = SCREEN_MULTIPLIER * amr;
    const nearUpl = amr * (1 + 2 * MR_SIGMA_PER_AMR);
    fillLines(ws, start, end, amr, 0, upl, Math.max(0, amr * (1 - 2 * MR_SIGMA_PER_AMR)), nearUpl);
  },
};
