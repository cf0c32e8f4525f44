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
import { allTypeAeFormat } from "../shared/ae-all-types.js";

const COLUMNS = [
  "period",
  "org_code",
  "attendances_all_types",
  "attendances_over_4h",
  "emergency_admissions_via_ae",
  "dta_to_admission_over_4h",
] as const;

export const derivedAeFormat: ValuesFormat = allTypeAeFormat({
  id: "derived-ae-2021",
  description:
    "Trust A&E 2021–25, cleaned: period, org_code, attendances_all_types, attendances_over_4h, emergency_admissions_via_ae, dta_to_admission_over_4h",
  // Every column: the provider file of 2024–25 shares the first four but not the DTA column.
  columns: COLUMNS,
  fields: {
    date: "period",
    attendances: "attendances_all_types",
    over4: "attendances_over_4h",
    admissions: "emergency_admissions_via_ae",
    dtaOver4: "dta_to_admission_over_4h",
  },
  orgOf: (row, c) => row.orgCode(c.org_code),
});
