/**
 * Constants of the Making Data Count XmR method, exactly as NHSRplotthedots 0.2.2 uses them.
 *
 * - `LIMIT_MULTIPLIER` 2.66 is 3/d2 with d2 = 1.128 (the bias constant for moving ranges of two),
 *   rounded to two decimals as in the MDC Excel tool and PTD (3/1.128 = 2.65957...).
 * - `NEAR_LIMIT_MULTIPLIER` is 2/3 of it (the "2-sigma" line), computed in floating point the same
 *   way PTD does (`2 * (2.66 / 3)`) so comparisons against it are bit-identical.
 * - `SCREEN_MULTIPLIER` 3.267 is D4 for subgroups of two: a moving range at or above 3.267 x the
 *   average moving range is itself out of control and is screened out before the limits.
 * - `D2` 1.128 converts an average moving range to a sigma estimate (sigma = AMR / d2).
 *
 * Reference: Wheeler & Chambers, Understanding Statistical Process Control (1992), table A;
 * NHS England, Making Data Count (2019); NHSRplotthedots R/ptd_spc_standard.R.
 */
export const LIMIT_MULTIPLIER = 2.66;
export const NEAR_LIMIT_MULTIPLIER = 2 * (LIMIT_MULTIPLIER / 3);
export const SCREEN_MULTIPLIER = 3.267;
export const D2 = 1.128;

/** Defaults of the compatibility mode (NHSRplotthedots 0.2.2). */
export const DEFAULT_RUN_LENGTH = 7;
/** PTD warns for groups with fewer than 13 points (option `ptd_spc.warning_threshold`). */
export const DEFAULT_TRIAL_LIMIT_MINIMUM = 13;
/** PTD validates `fix_after_n_points >= 12`. */
export const MIN_FIX_AFTER_N_POINTS = 12;
