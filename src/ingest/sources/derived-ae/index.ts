/**
 * The cleaned trust-level A&E file for April 2021 – July 2025 (shared data
 * derived/ae_trust_monthly_2021_2025_clean.csv, built from the humaniverse copy with the
 * duplicated February and March 2025 removed):
 *
 *   period,org_code,attendances_all_types,attendances_over_4h,emergency_admissions_via_ae,dta_to_admission_over_4h
 *
 * All types only; mapping in shared/ae-all-types.ts. February and March 2025 are absent, so the
 * gap_before check flags April 2025.
 */
import type { ValuesFormat } from "../../format.js";
import { emitAllTypeAe } from "../shared/ae-all-types.js";
import { hasColumns, requireColumns } from "../shared/columns.js";
import { RowReader } from "../shared/row.js";
import { ValueBatch } from "../shared/values.js";

const COLUMNS = [
  "period",
  "org_code",
  "attendances_all_types",
  "attendances_over_4h",
  "emergency_admissions_via_ae",
  "dta_to_admission_over_4h",
] as const;

export const derivedAeFormat: ValuesFormat = {
  kind: "values",
  id: "derived-ae-2021",
  source: "derived-ae-2021",
  description:
    "Trust A&E 2021–25, cleaned: period, org_code, attendances_all_types, attendances_over_4h, emergency_admissions_via_ae, dta_to_admission_over_4h",
  hasHeader: true,
  detect: (first) =>
    hasColumns(first, ["period", "org_code", "attendances_all_types", "attendances_over_4h"]),
  async *parse(records, ctx) {
    const c = requireColumns(ctx, COLUMNS);
    if (!c) return;
    const row = new RowReader(ctx);
    for await (const batch of records) {
      const values = new ValueBatch(ctx);
      for (const record of batch) {
        if (!row.next(record)) continue;
        const date = row.date(c.period);
        const orgCode = row.orgCode(c.org_code);
        const ae = {
          attendances: row.num(c.attendances_all_types),
          over4: row.num(c.attendances_over_4h),
          admissions: row.num(c.emergency_admissions_via_ae),
          dtaOver4: row.num(c.dta_to_admission_over_4h),
        };
        if (row.bad || !date || !orgCode) continue;
        emitAllTypeAe(values, orgCode, date.slice(0, 8) + "01", ae, row.line);
      }
      yield values.take();
    }
  },
};
