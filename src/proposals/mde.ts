/**
 * The minimum detectable effect of a proposal, from the participants' and comparators' own
 * baseline months of the primary measure (docs/proposals.md "Minimum detectable effect"). The
 * method is difference in differences (src/stats/evaluation/did.ts); this file only lines the
 * organisations' months up and keeps the answer with how it was reached.
 */
import { minimumDetectableEffect, type UnitSeries } from "../stats/evaluation/did.js";
import type { MdeRecord } from "./types.js";

/** One measure's monthly values for some organisations, months aligned (NaN = not reported). */
export interface MonthlySeries {
  months: readonly string[];
  /** Aggregated as Σ numerator ÷ Σ denominator (a percentage or rate). */
  ratio: boolean;
  /** What a pooled Σ numerator ÷ Σ denominator is multiplied by to be in the values' units. */
  multiplier: number;
  units: ReadonlyMap<string, UnitSeries>;
}

/** Whether an organisation reported at least one month of the series. */
export function reports(series: MonthlySeries, orgCode: string): boolean {
  return series.units.get(orgCode)?.values.some((v) => Number.isFinite(v)) ?? false;
}

const finiteOrNull = (n: number) => (Number.isFinite(n) ? n : null);

export function computeMde(
  series: MonthlySeries,
  participants: readonly string[],
  comparators: readonly string[],
  now: Date,
): MdeRecord {
  const withData = (codes: readonly string[]) =>
    codes.filter((c) => reports(series, c)).map((c) => series.units.get(c)!);
  const p = withData(participants);
  const c = withData(comparators);
  // Without comparators the placebos are the participants' own changes (did.ts).
  const result =
    p.length > 0
      ? minimumDetectableEffect(
          p,
          c,
          { start: 0, end: series.months.length },
          { pooled: series.ratio },
        )
      : { mde: Number.NaN, standardError: Number.NaN, placebos: Number.NaN };
  // Pooled, the placebo differences are in Σ numerator ÷ Σ denominator; the values' units differ
  // by the measure's multiplier (a percentage is × 100).
  const scale = series.ratio ? series.multiplier : 1;
  return {
    mde: finiteOrNull(result.mde * scale),
    standardError: finiteOrNull(result.standardError * scale),
    placebos: finiteOrNull(result.placebos),
    participants: p.length,
    comparators: c.length,
    computedAt: now,
  };
}
