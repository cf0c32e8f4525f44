import { meanOfRange } from "../accurateMean.js";
import { fillLines, type ChartDefinition } from "./chartDefinition.js";

/**
 * c chart: counts of events in equal areas of opportunity (Poisson).
 *   c = mean count; sigma = sqrt(c); limits c +/- 3 sigma, lower lines clamped at 0.
 * Reference: Montgomery, Introduction to Statistical Quality Control, section 7.3.
 *
 * Example: counts [4, 6, 5, 5] -> c = 5, sigma = 2.236068, UPL = 11.708204, LPL = 0,
 * 2-sigma lines 0.527864 and 9.472136.
 */
export const cChart: ChartDefinition = {
  chart: "c",
  title: "c chart (counts)",
  usesDenominator: false,
  constantLimits: true,
  checkValue: (value) => (value < 0 ? "a count must not be negative" : null),
  limitsInto(data, start, end, baselineEnd, _screen, ws) {
    const c = meanOfRange(data.value, start, baselineEnd);
    const sigma = Math.sqrt(c);
    fillLines(
      ws,
      start,
      end,
      c,
      Math.max(0, c - 3 * sigma),
      c + 3 * sigma,
      Math.max(0, c - 2 * sigma),
      c + 2 * sigma,
    );
  },
};
