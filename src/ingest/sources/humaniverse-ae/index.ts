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
import { allTypeAeFormat } from "../shared/ae-all-types.js";

export const HUMANIVERSE_AE_COLUMNS = [
  "total_attendances",
  "attendances_over_4hours",
  "total_emergency_admissions",
  "emergency_admissions_over_4hours",
  "date",
] as const;

/** Where the all-type counts are in the humaniverse A&E layouts (trust and ICB files alike). */
export const HUMANIVERSE_AE_FIELDS = {
  date: "date",
  attendances: "total_attendances",
  over4: "attendances_over_4hours",
  admissions: "total_emergency_admissions",
  dtaOver4: "emergency_admissions_over_4hours",
} as const;

export const humaniverseAeFormat: ValuesFormat = allTypeAeFormat({
  id: "humaniverse-ae",
  description:
    "Trust A&E 2021–25 as published in humaniverse/healthyr (uncleaned, month names): nhs_trust22_code, total_attendances, attendances_over_4hours, …, date",
  columns: ["nhs_trust22_code", ...HUMANIVERSE_AE_COLUMNS],
  fields: HUMANIVERSE_AE_FIELDS,
  orgOf: (row, c) => row.orgCode(c.nhs_trust22_code),
});
