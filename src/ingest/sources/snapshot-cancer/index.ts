/**
 * Cancer waiting times April 2022 snapshot (TamTobiRalph/healthyr `england_nhs_cancer_wait_times`):
 *
 *   "Trust Code","Trust Name","Standard","Total Treated","Within Standard","Breaches"
 *
 * Standards: 2 Week Wait, 28 Days FDS, 31 Days…, 62 Days, 62 Days (Screening), 62 Days (Upgrade).
 * Imports no values: the catalogue's cancer_62d is the combined standard introduced in October
 * 2023, which is not the sum of the three pre-2023 62-day standards (a patient can appear in
 * more than one, and the definitions changed). The rows are still validated.
 */
import { snapshotFormat } from "../shared/snapshot.js";

export const snapshotCancerFormat = snapshotFormat({
  id: "snapshot-cancer",
  description:
    "Cancer waiting times snapshot, April 2022 (TamTobiRalph/healthyr): validated, imports no values (pre-October 2023 standards have no catalogue metric)",
  columns: ["standard", "total treated", "within standard", "breaches"],
  periodStart: "2022-04-01",
  map(row, c) {
    row.num(c["total treated"]);
    row.num(c["within standard"]);
    row.num(c["breaches"]);
  },
});
