/**
 * Small integer codes the engine keeps in typed arrays (one byte per organisation), and their
 * names in results.
 */
import type { ComparisonOutcome, FunnelPosition } from "./types.js";

/** An interval against a benchmark: wholly below, including it, wholly above (none: no interval). */
export const Outcome = { none: 0, lower: 1, similar: 2, higher: 3 } as const;
/** A value against funnel limits. */
export const FunnelCode = { none: 0, inside: 1, above: 2, below: 3 } as const;
/** Fingertips' recent-trend marker. */
export const TrendCode = { cannot: 0, up: 1, down: 2, flat: 3 } as const;

/** lower / similar / higher by whether the interval excludes the benchmark (NaN interval: none). */
export function outcomeCode(lower: number, upper: number, benchmark: number): number {
  if (!(lower === lower) || !(upper === upper) || !(benchmark === benchmark)) return Outcome.none;
  return upper < benchmark ? Outcome.lower : lower > benchmark ? Outcome.higher : Outcome.similar;
}

/** better / worse by the improvement direction (sign), higher / lower for neutral metrics. */
export function outcomeName(code: number, sign: number): ComparisonOutcome {
  if (code === Outcome.similar) return "similar";
  if (code === Outcome.none) return "not_compared";
  const up = code === Outcome.higher;
  if (sign === 0) return up ? "higher" : "lower";
  return (up ? 1 : -1) === sign ? "better" : "worse";
}

export function positionName(code: number): FunnelPosition | null {
  return code === FunnelCode.inside
    ? "inside"
    : code === FunnelCode.above
      ? "above"
      : code === FunnelCode.below
        ? "below"
        : null;
}

/** The funnel code of the worse side: below for higher-is-better, above for lower-is-better. */
export const worseFunnelSide = (sign: number): number =>
  sign > 0 ? FunnelCode.below : FunnelCode.above;
/** The interval outcome of the worse side. */
export const worseOutcome = (sign: number): number => (sign > 0 ? Outcome.lower : Outcome.higher);
