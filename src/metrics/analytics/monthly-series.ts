/**
 * One measure's monthly values for a few organisations, months aligned (issue 17: a proposal's
 * minimum detectable effect and, later, its evaluation need each participant's and comparator's
 * own series with numerators and denominators, so ratios can be pooled as Σ numerator ÷ Σ
 * denominator). Read from the metric's cached analysis, so it follows the data version.
 */
import { UsageError } from "../../errors.js";
import type { EngineContext } from "./context.js";
import { analysis, definition } from "./state.js";

export interface OrganisationMonthlySeries {
  /** Every month from `from` to `to` (YYYY-MM), in order. */
  months: string[];
  /** The measure is aggregated as Σ numerator ÷ Σ denominator. */
  ratio: boolean;
  /** The measure's multiplier: a ratio's values are Σ numerator ÷ Σ denominator × this. */
  multiplier: number;
  /** By ODS code: one value per month (NaN = not reported), with numerators and denominators. */
  units: Map<string, { values: number[]; numerators: number[]; denominators: number[] }>;
}

function monthsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  const [y1, m1] = to.split("-").map(Number) as [number, number];
  while ((y < y1 || (y === y1 && m <= m1)) && out.length < 600) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

export async function monthlySeries(
  e: EngineContext,
  metricId: string,
  orgCodes: readonly string[],
  from: string,
  to: string,
): Promise<OrganisationMonthlySeries> {
  if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to))
    throw new UsageError(`Months are written YYYY-MM (got "${from}" and "${to}").`);
  const s = await e.cache.current();
  const def = definition(s, metricId);
  if (def.frequency !== "monthly") throw new UsageError(`"${metricId}" is not a monthly measure.`);
  const months = monthsFrom(from, to);
  const a = await analysis(s, e.store, e.scratch, metricId);
  const column = new Map((a?.matrix.periods ?? []).map((p, i) => [p.slice(0, 7), i]));
  const units: OrganisationMonthlySeries["units"] = new Map();
  for (const code of orgCodes) {
    const row = a?.row.get(code);
    const pick = (cells: Float64Array | undefined) =>
      months.map((month) => {
        const p = column.get(month);
        return row === undefined || p === undefined || !cells
          ? Number.NaN
          : cells[row * a!.periodCount + p]!;
      });
    units.set(code, {
      values: pick(a?.matrix.value),
      numerators: pick(a?.matrix.numerator),
      denominators: pick(a?.matrix.denominator),
    });
  }
  return { months, ratio: a?.ratio ?? false, multiplier: def.multiplier, units };
}
