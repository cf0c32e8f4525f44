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
import { hasColumns, requireColumns } from "../shared/columns.js";
import { RowReader } from "../shared/row.js";
import { DailyRollup } from "../shared/rollup.js";
import { ValueBatch } from "../shared/values.js";

const REQUIRED = ["nhs_trust22_code", "date", "do_not_meet_criteria_to_reside"] as const;

export const humaniverseCtrFormat: ValuesFormat = {
  kind: "values",
  id: "humaniverse-ctr",
  source: "humaniverse-ctr",
  description:
    "Daily patients not meeting the criteria to reside by trust (humaniverse/healthyr) → day, week and month means",
  hasHeader: true,
  detect: (first) => hasColumns(first, REQUIRED),
  async *parse(records, ctx) {
    const c = requireColumns(ctx, REQUIRED);
    if (!c) return;
    const row = new RowReader(ctx);
    const rollup = new DailyRollup(1);
    const one: (number | null)[] = [null];
    for await (const batch of records) {
      const values = new ValueBatch(ctx);
      for (const record of batch) {
        if (!row.next(record)) continue;
        // Trap: the daily files end with placeholder rows (a date, no trust, no counts): skipped.
        if (row.emptyExcept([c.date])) continue;
        const orgCode = row.orgCode(c.nhs_trust22_code);
        const day = row.date(c.date);
        const patients = row.num(c.do_not_meet_criteria_to_reside);
        if (row.bad || !day || !orgCode) continue;
        values.count(orgCode, "ctr_patients", "day", day, patients, row.line);
        one[0] = patients;
        rollup.add(orgCode, day, one, row.line);
      }
      yield values.take();
    }
    const values = new ValueBatch(ctx);
    for (const e of rollup.all()) {
      if (e.days[0] === 0) continue;
      values.count(
        e.orgCode,
        "ctr_patients",
        e.periodType,
        e.periodStart,
        e.sums[0]! / e.days[0]!,
        e.line,
      );
    }
    yield values.take();
  },
};
