import { attributeLimitsInto } from "./attribute.js";
import type { ChartDefinition } from "./chartDefinition.js";

const scratch = { z: new Float64Array(0) };

function checkProportion(_value: number, numerator: number, denominator: number): string | null {
  if (!(denominator > 0)) return "denominator must be greater than 0";
  if (numerator < 0 || numerator > denominator)
    return "numerator must be between 0 and the denominator";
  return null;
}

/**
 * p chart: proportions numerator_i / denominator_i.
 *   p = sum(num) / sum(den); sigma_i = sqrt(p (1 - p) / den_i); limits p +/- 3 sigma_i in [0, 1].
 * Reference: Montgomery, Introduction to Statistical Quality Control, section 7.2.
 *
 * Example: 10/100, 20/100 -> p = 0.15; for den 100, sigma = sqrt(0.15 x 0.85 / 100) = 0.035707,
 * UPL = 0.257121, LPL = 0.042879.
 */
export const pChart: ChartDefinition = {
  chart: "p",
  title: "p chart (proportions)",
  usesDenominator: true,
  constantLimits: false,
  checkValue: checkProportion,
  limitsInto: (data, s, e, b, screen, ws) =>
    attributeLimitsInto(data, s, e, b, screen, ws, "p", false, scratch),
};

/**
 * Laney p' chart: the p chart's sigma_i multiplied by sigma_z = AMR(z) / 1.128, where
 * z_i = (p_i - p) / sigma_i, so large denominators do not make every point special cause.
 * Reference: Laney (2002), Quality Engineering 14(4), 531-537.
 */
export const pPrimeChart: ChartDefinition = {
  ...pChart,
  chart: "pp",
  title: "Laney p' chart (proportions, over-dispersion corrected)",
  limitsInto: (data, s, e, b, screen, ws) =>
    attributeLimitsInto(data, s, e, b, screen, ws, "p", true, scratch),
};
