import { meanOfRange, medianOfRange } from "../accurateMean.js";
import { LIMIT_MULTIPLIER, NEAR_LIMIT_MULTIPLIER } from "../constants.js";
import { averageMovingRange } from "../xmrLimits.js";
import { fillLines, type ChartDefinition } from "./chartDefinition.js";

/**
 * g chart: number of cases (opportunities) between rare events (geometric distribution).
 *   centre line = median of the baseline (the distribution is skewed, so runs are judged
 *   against the median); limits from the mean g: sigma = sqrt(g (g + 1)), UPL = g + 3 sigma,
 *   2-sigma line g + 2 sigma; lower lines 0.
 * Reference: Benneyan, "Number-between g-type statistical quality control charts", Health Care
 * Management Science 4 (2001); PowerBI-SPC chart type g.
 *
 * Example: [2, 4, 6] -> median 4, g = 4, sigma = sqrt(20) = 4.472136, UPL = 17.416408.
 */
export const gChart: ChartDefinition = {
  chart: "g",
  title: "g chart (cases between rare events)",
  usesDenominator: false,
  constantLimits: true,
  checkValue: (value) =>
    value < 0 ? "a number of cases between events must not be negative" : null,
  limitsInto(data, start, end, baselineEnd, _screen, ws) {
    const g = meanOfRange(data.value, start, baselineEnd);
    const sigma = Math.sqrt(g * (g + 1));
    fillLines(
      ws,
      start,
      end,
      medianOfRange(data.value, start, baselineEnd),
      0,
      g + 3 * sigma,
      0,
      g + 2 * sigma,
    );
  },
};

/** The t chart's transformation exponent: y^(1/3.6) makes exponential times roughly normal. */
export const T_CHART_EXPONENT = 3.6;

/**
 * t chart: time between rare events (exponential). An XmR chart on x = t^(1/3.6) (Nelson's
 * transformation), with centre and lines transformed back by ^3.6; a negative lower line becomes
 * 0. Uses the same 2.66 x AMR limits and screening as our XmR chart.
 * Reference: Nelson, "A control chart for parts-per-million nonconforming items", Journal of
 * Quality Technology 26(3) (1994); PowerBI-SPC chart type t.
 *
 * Example: times [1, 1, 1] -> x = [1, 1, 1], AMR 0 (unscreened), all lines at 1.
 */
export const tChart: ChartDefinition = {
  chart: "t",
  title: "t chart (time between rare events)",
  usesDenominator: false,
  constantLimits: true,
  checkValue: (value) => (value < 0 ? "a time between events must not be negative" : null),
  limitsInto(data, start, end, baselineEnd, screen, ws) {
    const len = baselineEnd - start;
    const x = new Float64Array(len);
    for (let i = 0; i < len; i++) x[i] = Math.pow(data.value[start + i]!, 1 / T_CHART_EXPONENT);
    const mean = meanOfRange(x, 0, len);
    const amr = averageMovingRange(x, 0, len, screen);
    const back = (v: number) => Math.pow(Math.max(0, v), T_CHART_EXPONENT);
    fillLines(
      ws,
      start,
      end,
      back(mean),
      back(mean - LIMIT_MULTIPLIER * amr),
      back(mean + LIMIT_MULTIPLIER * amr),
      back(mean - NEAR_LIMIT_MULTIPLIER * amr),
      back(mean + NEAR_LIMIT_MULTIPLIER * amr),
    );
  },
};
