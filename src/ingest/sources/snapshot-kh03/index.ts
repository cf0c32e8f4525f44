/**
 * KH03 bed availability and occupancy, Q4 2021-22 snapshot (TamTobiRalph/healthyr
 * `england_nhs_bed_occupancy`): day and night beds occupied by sector, and occupancy shares.
 *
 * Imports no values: KH03 is a quarterly average of midnight counts over all bed types and is
 * not comparable with the daily situation-report occupancy behind ga_occupancy (the catalogue's
 * caveat). Rows are validated.
 */
import { snapshotFormat } from "../shared/snapshot.js";

export const snapshotKh03Format = snapshotFormat({
  id: "snapshot-kh03",
  description:
    "KH03 bed occupancy snapshot, Q4 2021-22 (TamTobiRalph/healthyr): validated, imports no values (not comparable with ga_occupancy)",
  columns: [
    "total day beds occupied",
    "general acute day beds occupied",
    "total night beds occupied",
  ],
  periodStart: "2022-01-01",
  map(row, c) {
    row.num(c["total day beds occupied"]);
    row.num(c["general acute day beds occupied"]);
    row.num(c["total night beds occupied"]);
  },
});
