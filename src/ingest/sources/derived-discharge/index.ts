/**
 * The derived monthly roll-up of the two daily discharge files (shared data
 * derived/discharge_trust_monthly.csv):
 *
 *   period,org_code,days_reported,discharged_total,discharged_by_1700,mean_daily_not_meeting_criteria_to_reside
 *
 * Mapping: discharges_before_5pm = discharged_by_1700 / discharged_total × 100 (with the
 * "not recorded" rule of shared/discharge.ts); ctr_patients = the mean daily value as given.
 * The importer's own roll-up of the daily files (source humaniverse-discharge / -ctr) should
 * agree: the source_disagreement check compares them.
 */
import type { ValuesFormat } from "../../format.js";
import { emitDischarges } from "../shared/discharge.js";
import { rowFormat } from "../shared/row-format.js";

const REQUIRED = [
  "period",
  "org_code",
  "discharged_total",
  "discharged_by_1700",
  "mean_daily_not_meeting_criteria_to_reside",
] as const;

export const derivedDischargeFormat: ValuesFormat = rowFormat({
  id: "derived-discharge",
  description:
    "Monthly discharge roll-up: period, org_code, days_reported, discharged_total, discharged_by_1700, mean_daily_not_meeting_criteria_to_reside",
  columns: REQUIRED,
  map(row, c, values) {
    const date = row.date(c.period);
    const orgCode = row.orgCode(c.org_code);
    const total = row.num(c.discharged_total);
    const by1700 = row.num(c.discharged_by_1700);
    const ctr = row.num(c.mean_daily_not_meeting_criteria_to_reside);
    if (row.bad || !date || !orgCode) return;
    const periodStart = date.slice(0, 8) + "01";
    emitDischarges(values, orgCode, "month", periodStart, by1700, total, row.line);
    values.count(orgCode, "ctr_patients", "month", periodStart, ctr, row.line);
  },
});
