import { UsageError } from "../../errors.js";
import { CHART_TYPES } from "./charts/chartDefinition.js";
import {
  DEFAULT_RUN_LENGTH,
  DEFAULT_TRIAL_LIMIT_MINIMUM,
  MIN_FIX_AFTER_N_POINTS,
} from "./constants.js";
import { isIsoDate } from "./dates.js";
import type { ResolvedSpcOptions, SpcOptions } from "./types.js";

/**
 * Fills in the defaults of the compatibility mode (NHSRplotthedots 0.2.2: increase, screening on,
 * 7-point runs, PTD two-in-three, 13-point trial-limit warning) and rejects malformed options
 * with a UsageError naming the option.
 */
export function resolveOptions(options: SpcOptions = {}): ResolvedSpcOptions {
  const chart = options.chart ?? "xmr";
  if (!CHART_TYPES.includes(chart))
    throw new UsageError(`chart must be one of ${CHART_TYPES.join(", ")}, not "${chart}"`);
  const improvementDirection = options.improvementDirection ?? "increase";
  if (!["increase", "decrease", "neutral"].includes(improvementDirection)) {
    throw new UsageError(
      `improvement direction must be increase, decrease or neutral, not "${improvementDirection}"`,
    );
  }
  const target = options.target ?? null;
  if (target !== null && !Number.isFinite(target))
    throw new UsageError(`target must be a finite number, not ${target}`);
  const rebase = [...(options.rebase ?? [])];
  for (const d of rebase) {
    if (!isIsoDate(d)) throw new UsageError(`rebase date "${d}" is not a valid date (YYYY-MM-DD)`);
  }
  const fix = options.fixAfterNPoints ?? null;
  if (fix !== null && (!Number.isInteger(fix) || fix < MIN_FIX_AFTER_N_POINTS)) {
    throw new UsageError(
      `fix after n points must be a whole number of at least ${MIN_FIX_AFTER_N_POINTS}, not ${fix}`,
    );
  }
  const runLength = options.runLength ?? DEFAULT_RUN_LENGTH;
  if (runLength !== 6 && runLength !== 7)
    throw new UsageError(`run length must be 6 or 7, not ${String(runLength)}`);
  const twoInThree = options.twoInThree ?? "ptd";
  if (twoInThree !== "ptd" && twoInThree !== "mdc2023") {
    throw new UsageError(
      `two-in-three variant must be "ptd" or "mdc2023", not "${String(twoInThree)}"`,
    );
  }
  const trialLimitMinimum = options.trialLimitMinimum ?? DEFAULT_TRIAL_LIMIT_MINIMUM;
  if (!Number.isInteger(trialLimitMinimum) || trialLimitMinimum < 0) {
    throw new UsageError(`trial limit minimum must be a whole number, not ${trialLimitMinimum}`);
  }
  return {
    chart,
    improvementDirection,
    target,
    rebase,
    fixAfterNPoints: fix,
    screenOutliers: options.screenOutliers ?? true,
    runLength,
    twoInThree,
    trialLimitMinimum,
  };
}
