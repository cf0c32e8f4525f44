/**
 * A&E May 2022 snapshot (TamTobiRalph/healthyr `england_nhs_ae`), one row per trust:
 *
 *   "Trust Code","Trust Name","No. Type 1 Attendance","No. Type 2 Attendance","No. Type 3 Attendance",
 *   "No. Attendance Total","% Type 1 <= 4 hours",…,"% Total <= 4 hours",
 *   "No. patients >= 4h from decisiion to admit to admission","No. patients >= 12h from decisiion …"
 *
 * Percentages are fractions 0–1. Mapping (period May 2022): ae_attendances_type1 (when > 0),
 * ae_4hr_type1 = round(% type 1 × type 1 attendances) / type 1 attendances × 100,
 * ae_attendances_all, ae_4hr_all likewise from the totals, ae_dta_4hr_waits, ae_dta_12hr_waits.
 * (The source's "decisiion" typo is part of the column name.)
 */
import { snapshotFormat } from "../shared/snapshot.js";

const within = (pct: number | null, att: number | null) =>
  pct === null || att === null ? null : Math.round(pct * att);

export const snapshotAeFormat = snapshotFormat({
  id: "snapshot-ae",
  description:
    "A&E snapshot, May 2022 (TamTobiRalph/healthyr): Trust Code, No. Type 1 Attendance, …, % Total <= 4 hours, DTA waits",
  columns: [
    "no. type 1 attendance",
    "no. attendance total",
    "% type 1 <= 4 hours",
    "% total <= 4 hours",
    "no. patients >= 4h from decisiion to admit to admission",
    "no. patients >= 12h from decisiion to admit to admission",
  ],
  periodStart: "2022-05-01",
  map(row, c, org, p, values) {
    const att1 = row.num(c["no. type 1 attendance"]);
    const pct1 = row.num(c["% type 1 <= 4 hours"]);
    const att = row.num(c["no. attendance total"]);
    const pct = row.num(c["% total <= 4 hours"]);
    const dta4 = row.num(c["no. patients >= 4h from decisiion to admit to admission"]);
    const dta12 = row.num(c["no. patients >= 12h from decisiion to admit to admission"]);
    if (row.bad) return;
    if (att1 !== null && att1 > 0) {
      values.count(org, "ae_attendances_type1", "month", p, att1, row.line);
      values.ratio(org, "ae_4hr_type1", "month", p, within(pct1, att1), att1, row.line);
    }
    if (att === null && pct === null && dta4 === null) return; // trust does not report A&E
    values.count(org, "ae_attendances_all", "month", p, att, row.line);
    values.ratio(org, "ae_4hr_all", "month", p, within(pct, att), att, row.line);
    values.count(org, "ae_dta_4hr_waits", "month", p, dta4, row.line);
    values.count(org, "ae_dta_12hr_waits", "month", p, dta12, row.line);
  },
});
