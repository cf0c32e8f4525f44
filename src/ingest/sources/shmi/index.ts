/**
 * NHS England's Summary Hospital-level Mortality Indicator (SHMI), trust-level CSV as published
 * (shared data shmi/SHMI_data_at_trust_level_Feb25-Jan26_csv.csv), one row per non-specialist
 * acute trust:
 *
 *   INDICATOR_CODE,PROVIDER_CODE,PROVIDER_NAME,SHMI_VALUE,SHMI_BANDING,SPELLS,OBSERVED,EXPECTED,PO_LL,PO_UL,OD_LL,OD_UL
 *   I00699,RXX,NORTHVALE HOSPITALS NHS TRUST,0.9396,2,32845,985,1045,0.9072,1.0992,0.8463,1.1816
 *
 * Mapping: `shmi`, period type `twelve_months`, value = SHMI_VALUE as published, numerator =
 * OBSERVED, denominator = EXPECTED; the banding and both sets of control limits go to
 * published_limits with the value. The traps, handled on purpose:
 *
 * - The period is only in the file's name ("Feb25-Jan26"): twelve months from February 2025. A
 *   name without it, or with a span other than twelve months, is refused.
 * - OBSERVED and EXPECTED are published rounded to the nearest 5, while SHMI_VALUE is computed
 *   from the unrounded counts: 985 / 1045 = 0.9426, published 0.9396. The value is kept as
 *   published (never recomputed from the rounded counts); a value outside what the rounded
 *   counts allow ((O ± 2.5) / (E ∓ 2.5)) is refused, which catches swapped or shifted columns.
 * - The limits are kept as published, and the platform adds none of its own (catalogue
 *   `publishedLimits`). Which is which is read from the numbers, not the README (which had them
 *   the other way round): OD_LL/OD_UL are the 95% limits adjusted for overdispersion (log SHMI
 *   ± 1.96 √(1/E + τ²), τ² = 0.0063 for every trust of Feb 2025 – Jan 2026), and the banding is
 *   SHMI against them (1 above, 3 below, 2 within: all 118 trusts); PO_LL/PO_UL are the 99.8%
 *   Poisson limits of O/E around 1 (Byar's approximation at z = 3.09, no overdispersion).
 * - Banding 1, 2 and 3 mean higher than expected, as expected and lower than expected.
 */
import type { ValuesFormat } from "../../format.js";
import type { PublishedLimit } from "../../../metrics/values.js";
import { rowFormat } from "../shared/row-format.js";
import {
  LIMITS_REVERSED,
  SHMI_BANDING,
  SHMI_PERIOD_NOT_IN_NAME,
  shmiNotObservedOverExpected,
  shmiNotTwelveMonths,
} from "../../problem-messages.js";

const COLUMNS = [
  "provider_code",
  "shmi_value",
  "shmi_banding",
  "observed",
  "expected",
  "po_ll",
  "po_ul",
  "od_ll",
  "od_ul",
] as const;

const BANDINGS: ReadonlyMap<string, string> = new Map([
  ["1", "higher than expected"],
  ["2", "as expected"],
  ["3", "lower than expected"],
]);

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Half the rounding step of the published counts (nearest 5), and of the published value (4 places). */
const COUNT_ROUNDING = 2.5;
const VALUE_ROUNDING = 0.00005;

/**
 * The twelve months a SHMI file covers, from its name: "…_Feb25-Jan26_…" → 2025-02-01.
 * Returns the first month, or the number of months spanned when it is not twelve, or undefined.
 */
function shmiPeriodFromName(fileName: string): string | { months: number } | undefined {
  const m = /(?<![a-z])([a-z]{3})(\d{2})\s*-\s*([a-z]{3})(\d{2})(?!\d)/i.exec(fileName);
  if (!m) return undefined;
  const from = MONTHS.indexOf(m[1]!.toLowerCase());
  const to = MONTHS.indexOf(m[3]!.toLowerCase());
  if (from < 0 || to < 0) return undefined;
  const fromYear = 2000 + Number(m[2]);
  const months = (2000 + Number(m[4])) * 12 + to - (fromYear * 12 + from) + 1;
  if (months !== 12) return { months };
  return `${fromYear}-${String(from + 1).padStart(2, "0")}-01`;
}

export const shmiFormat: ValuesFormat = rowFormat({
  id: "shmi",
  description:
    "NHS England SHMI trust-level CSV (INDICATOR_CODE, PROVIDER_CODE, SHMI_VALUE, SHMI_BANDING, OBSERVED, EXPECTED, PO_LL…OD_UL); the twelve months from the file's name",
  columns: COLUMNS,
  state(ctx) {
    const period = shmiPeriodFromName(ctx.fileName);
    if (typeof period === "string") return { period };
    ctx.problems.add({
      value: ctx.fileName,
      reason: period ? shmiNotTwelveMonths(period.months) : SHMI_PERIOD_NOT_IN_NAME,
    });
    return { period: undefined };
  },
  map(row, c, values, state) {
    const orgCode = row.orgCode(c.provider_code);
    const value = row.num(c.shmi_value);
    const banding = row.text(c.shmi_banding);
    const bandingLabel = BANDINGS.get(banding);
    if (!bandingLabel) row.problem(c.shmi_banding, banding, SHMI_BANDING);
    const observed = row.num(c.observed);
    const expected = row.num(c.expected);
    if (value !== null && observed !== null && expected !== null) {
      const low = Math.max(0, observed - COUNT_ROUNDING) / (expected + COUNT_ROUNDING);
      const high = (observed + COUNT_ROUNDING) / Math.max(expected - COUNT_ROUNDING, 0.5);
      if (value < low - VALUE_ROUNDING || value > high + VALUE_ROUNDING)
        row.problem(c.shmi_value, row.text(c.shmi_value), shmiNotObservedOverExpected(low, high));
    }
    const limits: PublishedLimit[] = [];
    const limit = (
      lowerColumn: number,
      upperColumn: number,
      level: number,
      method: PublishedLimit["method"],
      bands: boolean,
    ) => {
      const lower = row.num(lowerColumn);
      const upper = row.num(upperColumn);
      if (lower === null || upper === null) return;
      if (lower > upper) row.problem(lowerColumn, row.text(lowerColumn), LIMITS_REVERSED);
      limits.push({ level, method, lower, upper, bands });
    };
    limit(c.od_ll, c.od_ul, 95, "overdispersed", true);
    limit(c.po_ll, c.po_ul, 99.8, "poisson", false);
    if (row.bad || !orgCode || !bandingLabel || state.period === undefined) return;
    values.asPublished(
      orgCode,
      "shmi",
      "twelve_months",
      state.period,
      observed,
      expected,
      value,
      { banding, bandingLabel, limits },
      row.line,
    );
  },
});
