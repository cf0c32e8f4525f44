/**
 * The tidy extract of NHS England's twelve monthly A&E CSV files for August 2024 – July 2025
 * (shared data derived/ae_provider_monthly_2024-08_to_2025-07.csv): one row per provider and
 * month, the types added up, the revised files where NHS England revised them, no Total rows:
 *
 *   period,org_code,org_name,parent_org,attendances_all_types,attendances_over_4h,
 *   attendances_type1,attendances_over_4h_type1,booked_attendances_all_types,dta_4_to_12h,
 *   dta_over_12h,emergency_admissions_via_ae,other_emergency_admissions,source_file
 *
 * Mapping, as the official files' (ae-monthly): booked appointments are already in the all-type
 * and type 1 columns (as in the headline 4-hour statistic), so they are not added again.
 *
 *   ae_attendances_all      = attendances_all_types
 *   ae_4hr_all              = (attendances_all_types − attendances_over_4h) / attendances_all_types × 100
 *   ae_attendances_type1    = attendances_type1                                 only when > 0
 *   ae_4hr_type1            = (attendances_type1 − attendances_over_4h_type1) / attendances_type1 × 100
 *   ae_emergency_admissions = emergency_admissions_via_ae
 *   ae_dta_4hr_waits        = dta_4_to_12h + dta_over_12h
 *   ae_dta_12hr_waits       = dta_over_12h
 *   ae_dta_12hr_pct         = dta_over_12h / emergency_admissions_via_ae × 100
 *
 * Not mapped: booked_attendances_all_types (no catalogue metric; part of the all-type count),
 * other_emergency_admissions (not via A&E, as in ae-monthly). The admission conversion rate
 * needs type 1 admissions, which this extract does not keep.
 *
 * Every figure equals the official file's (all 2,383 rows), so it ranks just below them
 * (precedence 20 against ae-monthly's 10): it adds nothing where the official files are
 * imported, and above the older cleaned 2021–25 file (30) it adds the type 1 figures, the
 * decision-to-admit split, February and March 2025 and NHS England's revisions.
 */
import type { ValuesFormat } from "../../format.js";
import { rowFormat } from "../shared/row-format.js";
import { minus } from "../shared/values.js";

const COLUMNS = [
  "period",
  "org_code",
  "attendances_all_types",
  "attendances_over_4h",
  "attendances_type1",
  "attendances_over_4h_type1",
  "booked_attendances_all_types",
  "dta_4_to_12h",
  "dta_over_12h",
  "emergency_admissions_via_ae",
  "other_emergency_admissions",
] as const;

const plus = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : a + b;

export const derivedAeProviderFormat: ValuesFormat = rowFormat({
  id: "derived-ae-provider",
  description:
    "Provider A&E 2024–25, tidy extract of the official monthly files: period, org_code, attendances_all_types, attendances_over_4h, attendances_type1, booked_attendances_all_types, dta_4_to_12h, dta_over_12h, emergency_admissions_via_ae, …",
  columns: COLUMNS,
  map(row, c, values) {
    const date = row.date(c.period);
    const orgCode = row.orgCode(c.org_code);
    const all = row.num(c.attendances_all_types);
    const over4 = row.num(c.attendances_over_4h);
    const type1 = row.num(c.attendances_type1);
    const over4Type1 = row.num(c.attendances_over_4h_type1);
    row.num(c.booked_attendances_all_types);
    const dta4to12 = row.num(c.dta_4_to_12h);
    const dta12 = row.num(c.dta_over_12h);
    const admissions = row.num(c.emergency_admissions_via_ae);
    row.num(c.other_emergency_admissions);
    if (row.bad || !date || !orgCode) return;
    const start = date.slice(0, 8) + "01";
    const line = row.line;
    if (type1 !== null && type1 > 0) {
      values.count(orgCode, "ae_attendances_type1", "month", start, type1, line);
      values.ratio(orgCode, "ae_4hr_type1", "month", start, minus(type1, over4Type1), type1, line);
    }
    values.count(orgCode, "ae_attendances_all", "month", start, all, line);
    values.ratio(orgCode, "ae_4hr_all", "month", start, minus(all, over4), all, line);
    values.count(orgCode, "ae_emergency_admissions", "month", start, admissions, line);
    values.count(orgCode, "ae_dta_4hr_waits", "month", start, plus(dta4to12, dta12), line);
    values.count(orgCode, "ae_dta_12hr_waits", "month", start, dta12, line);
    values.ratio(orgCode, "ae_dta_12hr_pct", "month", start, dta12, admissions, line);
  },
});
