/**
 * England monthly totals of the NHSRdatasets A&E data by type (shared data
 * derived/ae_attendances_england_monthly.csv, April 2016 – March 2019):
 *
 *   period,type,attendances,breaches,admissions,pct_within_4h
 *
 * Stored under the country "ENG" with the same mapping as the provider file (shared/ae-types.ts);
 * pct_within_4h is recomputed from the counts (it is rounded in the file). These national figures
 * are what the England aggregate of the provider rows should reproduce (the England group
 * aggregate counts only NHS trusts, so it is lower by the independent-sector providers).
 */
import type { ValuesFormat } from "../../format.js";
import { ENGLAND } from "../../../metrics/organisations.js";
import { byTypeAeFormat } from "../shared/ae-types.js";
import { headerIs } from "../shared/columns.js";

const COLUMNS = [
  "period",
  "type",
  "attendances",
  "breaches",
  "admissions",
  "pct_within_4h",
] as const;

export const derivedAeEnglandFormat: ValuesFormat = byTypeAeFormat({
  id: "derived-ae-england",
  description:
    "England monthly A&E totals by type: period, type, attendances, breaches, admissions, pct_within_4h (stored under ENG)",
  columns: COLUMNS,
  detect: (first) => headerIs(first, COLUMNS),
  orgOf: () => ENGLAND,
});
