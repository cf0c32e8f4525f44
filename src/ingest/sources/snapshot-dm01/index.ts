/**
 * Diagnostics DM01 May 2022 snapshot (TamTobiRalph/healthyr `england_nhs_diagnostic_wait_times`):
 *
 *   "Trust Code","Trust Name","Waiting List Total","Waiting 6+ weeks","Waiting 13+ weeks",…
 *
 * Mapping (period May 2022): diag_6wk_pct = Waiting 6+ weeks / Waiting List Total × 100.
 */
import { snapshotFormat } from "../shared/snapshot.js";

export const snapshotDm01Format = snapshotFormat({
  id: "snapshot-dm01",
  description:
    "Diagnostics DM01 snapshot, May 2022 (TamTobiRalph/healthyr): Trust Code, Waiting List Total, Waiting 6+ weeks, Waiting 13+ weeks",
  columns: ["waiting list total", "waiting 6+ weeks", "waiting 13+ weeks"],
  periodStart: "2022-05-01",
  map(row, c, org, p, values) {
    const total = row.num(c["waiting list total"]);
    const over6 = row.num(c["waiting 6+ weeks"]);
    row.num(c["waiting 13+ weeks"]);
    if (row.bad || (total === null && over6 === null)) return;
    values.ratio(org, "diag_6wk_pct", "month", p, over6, total, row.line);
  },
});
