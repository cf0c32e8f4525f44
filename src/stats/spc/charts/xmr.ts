import { xmrLimitsInto } from "../xmrLimits.js";
import type { ChartDefinition } from "./chartDefinition.js";

/** XmR (individuals) chart, the Making Data Count method; see `xmrLimitsInto` for the formulas. */
export const xmrChart: ChartDefinition = {
  chart: "xmr",
  title: "XmR (individuals) chart",
  usesDenominator: false,
  constantLimits: true,
  checkValue: () => null,
  limitsInto: (data, start, end, baselineEnd, screen, ws) =>
    xmrLimitsInto(data.value, start, end, baselineEnd, screen, ws),
};
