import { attributeLimitsInto } from "./attribute.js";
import type { ChartDefinition } from "./chartDefinition.js";

const scratch = { z: new Float64Array(0) };

function checkRate(_value: number, numerator: number, denominator: number): string | null {
  if (!(denominator > 0)) return "denominator must be greater than 0";
  if (numerator < 0) return "numerator must not be negative";
  return null;
}

/**
 * u chart: rates (events per unit of exposure) numerator_i / denominator_i.
 *   u = sum(num) / sum(den); sigma_i = sqrt(u / den_i); limits u +/- 3 sigma_i, lower clamped at 0.
 * Reference: Montgomery, Introduction to Statistical Quality Control, section 7.3.
 *
 * Example: 4/2, 8/2 -> u = 3; for den 2, sigma = sqrt(1.5) = 1.224745, UPL = 6.674235, LPL = 0.
 */
export const uChart: ChartDefinition = {
  chart: "u",
  title: "u chart (rates)",
  usesDenominator: true,
  constantLimits: false,
  checkValue: checkRate,
  limitsInto: (data, s, e, b, screen, ws) =>
    attributeLimitsInto(data, s, e, b, screen, ws, "u", false, scratch),
};

/** Laney u' chart: the u chart's sigma_i x AMR(z) / 1.128. Reference: Laney (2002). */
export const uPrimeChart: ChartDefinition = {
  ...uChart,
  chart: "up",
  title: "Laney u' chart (rates, over-dispersion corrected)",
  limitsInto: (data, s, e, b, screen, ws) =>
    attributeLimitsInto(data, s, e, b, screen, ws, "u", true, scratch),
};
