import { normalQuantile } from "./distributions.js";

/**
 * Confidence levels and their normal deviates.
 *
 * The two levels the app uses are 95% and 99.8% (≈ 2 and 3 standard deviations, as in
 * Fingertips and funnel plots). Their z values are the 6-decimal constants of the Fingertips
 * tools (PHE's spreadsheet and SQL conventions) — 1.959964 and 3.090232 — not the full-precision
 * Φ⁻¹(0.975) = 1.959963984540054 and Φ⁻¹(0.999) = 3.090232306167813 that the PHEindicatormethods
 * R package computes with qnorm, so that our limits agree with published Fingertips figures digit
 * for digit. The difference moves a limit by under 1e-7 of its half-width. Any other level uses
 * Φ⁻¹(½ + level/2).
 */

/** z for 95% two-sided intervals: the Fingertips tools' 6-decimal constant. */
export const Z95 = 1.959964;
/** z for 99.8% two-sided intervals: the Fingertips tools' 6-decimal constant. */
export const Z998 = 3.090232;

/** A two-sided confidence level in (0, 1), e.g. 0.95 or 0.998. */
export type ConfidenceLevel = number;

/** The levels shown on funnel plots and used for benchmarking. */
export const STANDARD_LEVELS = [0.95, 0.998] as const;

/**
 * Two-sided normal deviate for a confidence level: 1.959964 for 0.95, 3.090232 for 0.998
 * (Fingertips constants), otherwise Φ⁻¹(½ + level/2). NaN for a level outside (0, 1).
 */
export function zForLevel(level: ConfidenceLevel): number {
  if (level === 0.95) return Z95;
  if (level === 0.998) return Z998;
  if (!(level > 0 && level < 1)) return NaN;
  return normalQuantile(0.5 + level / 2);
}
