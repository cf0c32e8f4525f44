/**
 * The A&E files that give all-type counts only (the 2021–2025 trust files, the ICB file, the
 * autospc hospital). Mapping:
 *
 *   ae_attendances_all      = attendances of all types
 *   ae_4hr_all              = (attendances − attendances over 4 hours) / attendances × 100
 *   ae_emergency_admissions = emergency admissions via A&E
 *   ae_dta_4hr_waits        = emergency admissions waiting over 4 hours from decision to admit
 *
 * A missing over-4-hour count (the 14 trusts field-testing new standards, April 2021 – May 2023)
 * gives a null 4-hour value: missing, never 0%. Type-1 metrics and the admission conversion rate
 * are deliberately not derived from all-type figures (the catalogue forbids the substitution).
 */
import { minus, type ValueBatch } from "./values.js";

export interface AllTypeAe {
  attendances: number | null;
  over4: number | null;
  admissions: number | null;
  dtaOver4: number | null;
}

export function emitAllTypeAe(
  values: ValueBatch,
  orgCode: string,
  periodStart: string,
  ae: AllTypeAe,
  line: number,
): void {
  values.count(orgCode, "ae_attendances_all", "month", periodStart, ae.attendances, line);
  values.ratio(
    orgCode,
    "ae_4hr_all",
    "month",
    periodStart,
    minus(ae.attendances, ae.over4),
    ae.attendances,
    line,
  );
  values.count(orgCode, "ae_emergency_admissions", "month", periodStart, ae.admissions, line);
  values.count(orgCode, "ae_dta_4hr_waits", "month", periodStart, ae.dtaOver4, line);
}
