/**
 * humaniverse/healthyr `england_trust_criteria_to_reside`: NHS England's acute discharge
 * situation report, daily, by trust, 1 April 2022 – 31 August 2025: how many patients in
 * hospital no longer met the criteria to reside.
 *
 *   "nhs_trust22_code","date","do_not_meet_criteria_to_reside"
 *
 * A stock, so it rolls up as a mean, never a sum: ctr_patients is stored for each day, and for
 * each ISO week and calendar month as the mean daily value over the days reported
 * (shared/rollup.ts).
 */
import type { ValuesFormat } from "../../format.js";
import { DailyRollup } from "../shared/rollup.js";
import { rowFormat } from "../shared/row-format.js";

const REQUIRED = ["nhs_trust22_code", "date", "do_not_meet_criteria_to_reside"] as const;

export const humaniverseCtrFormat: ValuesFormat = rowFormat({
  id: "humaniverse-ctr",
  description:
    "Daily patients not meeting the criteria to reside by trust (humaniverse/healthyr) → day, week and month means",
  columns: REQUIRED,
  state: () => ({ rollup: new DailyRollup(1), one: [null] as (number | null)[] }),
  map(row, c, values, { rollup, one }) {
    // Trap: the daily files end with placeholder rows (a date, no trust, no counts): skipped.
    if (row.emptyExcept([c.date])) return;
    const orgCode = row.orgCode(c.nhs_trust22_code);
    const day = row.date(c.date);
    const patients = row.num(c.do_not_meet_criteria_to_reside);
    if (row.bad || !day || !orgCode) return;
    values.count(orgCode, "ctr_patients", "day", day, patients, row.line);
    one[0] = patients;
    rollup.add(orgCode, day, one, row.line);
  },
  finish(values, { rollup }) {
    for (const e of rollup.all()) {
      if (e.days[0] === 0) continue;
      const mean = e.sums[0]! / e.days[0]!;
      values.count(e.orgCode, "ctr_patients", e.periodType, e.periodStart, mean, e.line);
    }
  },
});
