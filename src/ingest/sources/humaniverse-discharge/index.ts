/**
 * humaniverse/healthyr `england_trust_discharged_patients`: NHS England's acute discharge
 * situation report, daily, by trust, 1 April 2022 – 31 August 2025 (the largest shared file):
 *
 *   "nhs_trust22_code","date","discharged_by_1700","discharged_between_1701_2359","discharged_total"
 *
 * Stored three ways (shared/rollup.ts): each day (period_type "day"), each ISO week and each
 * calendar month, as discharges_before_5pm with numerator = discharged by 17:00 and denominator =
 * all discharged, summed over the days reported (a ratio of sums, so partial weeks at the edges
 * of the data stay unbiased). Periods with discharges but none before 17:00 are "not recorded"
 * (shared/discharge.ts).
 */
import type { ValuesFormat } from "../../format.js";
import { hasColumns } from "../shared/columns.js";
import { emitDischarges } from "../shared/discharge.js";
import { DailyRollup } from "../shared/rollup.js";
import { rowFormat } from "../shared/row-format.js";

const REQUIRED = ["nhs_trust22_code", "date", "discharged_by_1700", "discharged_total"] as const;

export const humaniverseDischargeFormat: ValuesFormat = rowFormat({
  id: "humaniverse-discharge",
  description:
    "Daily discharges by trust (humaniverse/healthyr): nhs_trust22_code, date, discharged_by_1700, discharged_between_1701_2359, discharged_total → day, week, month",
  columns: REQUIRED,
  detect: (first) => hasColumns(first, REQUIRED) && !hasColumns(first, ["period"]),
  state: () => ({ rollup: new DailyRollup(2), pair: [null, null] as (number | null)[] }),
  map(row, c, values, { rollup, pair }) {
    // Trap: the daily files end with placeholder rows (a date, no trust, no counts): skipped.
    if (row.emptyExcept([c.date])) return;
    const orgCode = row.orgCode(c.nhs_trust22_code);
    const day = row.date(c.date);
    const by1700 = row.num(c.discharged_by_1700);
    const total = row.num(c.discharged_total);
    if (row.bad || !day || !orgCode) return;
    emitDischarges(values, orgCode, "day", day, by1700, total, row.line);
    // Only days that give both counts enter the roll-up, so the ratio compares like with like.
    pair[0] = by1700 === null || total === null ? null : by1700;
    pair[1] = by1700 === null || total === null ? null : total;
    rollup.add(orgCode, day, pair, row.line);
  },
  finish(values, { rollup }) {
    for (const e of rollup.all()) {
      if (e.days[1] === 0) continue;
      emitDischarges(
        values,
        e.orgCode,
        e.periodType,
        e.periodStart,
        e.sums[0]!,
        e.sums[1]!,
        e.line,
      );
    }
  },
});
