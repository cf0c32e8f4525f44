/**
 * RTT May 2022 snapshot (TamTobiRalph/healthyr `england_nhs_referral_treatment_waiting_times`),
 * one row per trust and pathway type:
 *
 *   "Trust Code","Trust Name","Referral Treatment Type","Waiting 52+ Weeks","Waiting 18+ Weeks","Total Waiting List",…
 *
 * Only "Incomplete Pathways" (people still waiting at month end) maps to the catalogue; completed
 * pathways, new periods and "with DTA" rows are skipped. Mapping (period May 2022):
 * rtt_waiting_list = Total Waiting List; rtt_52wk = Waiting 52+ Weeks; rtt_52wk_pct = 52+ / total
 * × 100; rtt_18wk = (total − 18+) / total × 100.
 */
import { minus } from "../shared/values.js";
import { snapshotFormat } from "../shared/snapshot.js";

export const snapshotRttFormat = snapshotFormat({
  id: "snapshot-rtt",
  description:
    "RTT snapshot, May 2022 (TamTobiRalph/healthyr): Trust Code, Referral Treatment Type, Waiting 52+ Weeks, Waiting 18+ Weeks, Total Waiting List",
  columns: [
    "referral treatment type",
    "waiting 52+ weeks",
    "waiting 18+ weeks",
    "total waiting list",
  ],
  periodStart: "2022-05-01",
  map(row, c, org, p, values) {
    if (row.text(c["referral treatment type"]).toLowerCase() !== "incomplete pathways") return;
    const over52 = row.num(c["waiting 52+ weeks"]);
    const over18 = row.num(c["waiting 18+ weeks"]);
    const total = row.num(c["total waiting list"]);
    if (row.bad) return;
    values.count(org, "rtt_waiting_list", "month", p, total, row.line);
    values.count(org, "rtt_52wk", "month", p, over52, row.line);
    values.ratio(org, "rtt_52wk_pct", "month", p, over52, total, row.line);
    values.ratio(org, "rtt_18wk", "month", p, minus(total, over18), total, row.line);
  },
});
