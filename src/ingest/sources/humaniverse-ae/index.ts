/**
 * humaniverse/healthyr `england_trust_accidents_emergency`: the trust-level monthly A&E data for
 * April 2021 – July 2025 as the package ships it, before any cleaning, with month names:
 *
 *   "nhs_trust22_code","total_attendances","attendances_over_4hours","total_emergency_admissions",
 *   "emergency_admissions_over_4hours","pct_attendance_over_4hours","pct_emergency_admissions_over_4hours","date"
 *   "R0A",36777,7772,8941,808,0.21,0.09,"April 2021"
 *
 * All types only; mapping in shared/ae-all-types.ts (emergency_admissions_over_4hours are waits
 * over 4 hours from decision to admit; the pct_ columns are rounded and ignored). Known trap:
 * February and March 2025 repeat February and March 2024 for every trust; the duplicate_period
 * check flags them.
 */
import type { ValuesFormat } from "../../format.js";
import { emitAllTypeAe } from "../shared/ae-all-types.js";
import { hasColumns, requireColumns } from "../shared/columns.js";
import { RowReader } from "../shared/row.js";
import { ValueBatch } from "../shared/values.js";

export const HUMANIVERSE_AE_COLUMNS = [
  "total_attendances",
  "attendances_over_4hours",
  "total_emergency_admissions",
  "emergency_admissions_over_4hours",
  "date",
] as const;

export const humaniverseAeFormat: ValuesFormat = {
  kind: "values",
  id: "humaniverse-ae",
  source: "humaniverse-ae",
  description:
    "Trust A&E 2021–25 as published in humaniverse/healthyr (uncleaned, month names): nhs_trust22_code, total_attendances, attendances_over_4hours, …, date",
  hasHeader: true,
  detect: (first) => hasColumns(first, ["nhs_trust22_code", ...HUMANIVERSE_AE_COLUMNS]),
  async *parse(records, ctx) {
    const c = requireColumns(ctx, ["nhs_trust22_code", ...HUMANIVERSE_AE_COLUMNS]);
    if (!c) return;
    const row = new RowReader(ctx);
    for await (const batch of records) {
      const values = new ValueBatch(ctx);
      for (const record of batch) {
        if (!row.next(record)) continue;
        const orgCode = row.orgCode(c.nhs_trust22_code);
        const date = row.date(c.date);
        const ae = {
          attendances: row.num(c.total_attendances),
          over4: row.num(c.attendances_over_4hours),
          admissions: row.num(c.total_emergency_admissions),
          dtaOver4: row.num(c.emergency_admissions_over_4hours),
        };
        if (row.bad || !date || !orgCode) continue;
        emitAllTypeAe(values, orgCode, date.slice(0, 8) + "01", ae, row.line);
      }
      yield values.take();
    }
  },
};
