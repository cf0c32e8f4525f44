/**
 * Ambulance Quality Indicators (AmbSYS) June 2022 snapshot (TamTobiRalph/healthyr
 * `england_nhs_ambulance_quality_indicators`), one row per trust and category; acute trusts
 * appear with blank cells:
 *
 *   "Trust Code","Trust Name","Ambulance Service","Incident Count","Total Response Time (h)",
 *   "Mean Response Time (min:sec)","90th Centile Response Time (min:sec)","Category"
 *
 * Mapping (period June 2022), category "cat2" only: amb_cat2_mean = Total Response Time (h) × 60
 * / Incident Count (minutes). The min:sec columns are not used: some are garbled in the source
 * (minutes past an hour without the hour), and the total gives the exact mean.
 */
import { snapshotFormat } from "../shared/snapshot.js";

export const snapshotAmbulanceFormat = snapshotFormat({
  id: "snapshot-ambulance",
  description:
    "Ambulance response times snapshot, June 2022 (TamTobiRalph/healthyr): Trust Code, Incident Count, Total Response Time (h), Category",
  columns: ["ambulance service", "incident count", "total response time (h)", "category"],
  periodStart: "2022-06-01",
  map(row, c, org, p, values) {
    if (row.text(c.category).toLowerCase() !== "cat2") return;
    const incidents = row.num(c["incident count"]);
    const hours = row.num(c["total response time (h)"]);
    if (row.bad) return;
    values.ratio(
      org,
      "amb_cat2_mean",
      "month",
      p,
      hours === null ? null : hours * 60,
      incidents,
      row.line,
    );
  },
});
