/**
 * NHSRdatasets `ae_attendances` (NHS-R Community R package; NHS England "A&E Attendances and
 * Emergency Admissions", April 2016 – March 2019, monthly, 274 providers):
 *
 *   period,org_code,type,attendances,breaches,admissions
 *   2017-03-01,"RF4","1",21289,2879,5060
 *
 * One row per provider, month and A&E type (1, 2, other). Mapping in shared/ae-types.ts:
 * type-1 and all-type attendances, 4-hour performance (numerator attendances − breaches,
 * denominator attendances), emergency admissions and the type-1 admission conversion rate.
 */
import type { ValuesFormat } from "../../format.js";
import { byTypeAeFormat } from "../shared/ae-types.js";
import { headerIs } from "../shared/columns.js";

const COLUMNS = ["period", "org_code", "type", "attendances", "breaches", "admissions"] as const;

export const nhsrAeFormat: ValuesFormat = byTypeAeFormat({
  id: "nhsr-ae",
  description:
    "NHSRdatasets ae_attendances: period, org_code, type (1, 2, other), attendances, breaches, admissions",
  columns: COLUMNS,
  detect: (first) => headerIs(first, COLUMNS),
  orgOf: (row, c) => row.orgCode(c.org_code),
});
