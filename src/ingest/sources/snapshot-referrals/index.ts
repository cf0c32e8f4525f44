/**
 * Outpatient referrals (MRR) April 2022 snapshot (TamTobiRalph/healthyr
 * `england_nhs_outpatient_referrals`): GP and other referrals made, all and specific acute.
 *
 * Imports no values: the catalogue has no referral metric yet. Rows are validated.
 */
import { snapshotFormat } from "../shared/snapshot.js";

export const snapshotReferralsFormat = snapshotFormat({
  id: "snapshot-referrals",
  description:
    "Outpatient referrals snapshot, April 2022 (TamTobiRalph/healthyr): validated, imports no values (no referral metric in the catalogue)",
  columns: ["gp referrals made (all)", "other referrals made (all)"],
  periodStart: "2022-04-01",
  map(row, c) {
    row.num(c["gp referrals made (all)"]);
    row.num(c["other referrals made (all)"]);
  },
});
