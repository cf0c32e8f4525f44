import { medianOfRange } from "../accurateMean.js";
import { fillLines, type ChartDefinition } from "./chartDefinition.js";

/**
 * Run chart: centre line = median of the baseline values, no process limits.
 *
 * Only the shift and trend rules can fire (limits are undefined, so astronomical points and
 * two-in-three never do); a point on the median breaks a shift run, as on an XmR chart.
 * Reference: NHS Improvement, "Run charts" (2017); Anhoej & Olesen, PLoS ONE 9(11) (2014).
 *
 * Example: baseline [3, 1, 4, 1, 5] -> median 3.
 */
export const runChart: ChartDefinition = {
  chart: "run",
  title: "Run chart (median)",
  usesDenominator: false,
  constantLimits: true,
  checkValue: () => null,
  limitsInto(data, start, end, baselineEnd, _screen, ws) {
    const median = medianOfRange(data.value, start, baselineEnd);
    fillLines(ws, start, end, median, NaN, NaN, NaN, NaN);
  },
};
