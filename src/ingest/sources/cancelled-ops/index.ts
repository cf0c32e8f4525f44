/**
 * Cancelled elective operations by provider and quarter (NHS England's quarterly "Cancelled
 * Elective Operations" provider sheets, stacked and converted;
 * cancelled-ops/cancelled_ops_provider_*.csv in the shared data):
 *
 *   "quarter","region_code","org_code","org_name","last_minute_cancellations",
 *   "not_treated_within_28_days","source_file"
 *   "Quarter 1, 2025-26 (April to June 2025)","Y59","ADP02","KIMS HOSPITAL (NEWNHAM COURT)",5,1,…
 *
 * Mapping (period: the calendar quarter the label names, e.g. 2025-04-01):
 *
 *   cancelled_ops_last_minute      last_minute_cancellations
 *   cancelled_ops_not_treated_28d  not_treated_within_28_days
 *   cancelled_ops_28d_pct          not_treated_within_28_days / last_minute_cancellations × 100
 *
 * The quarter label is read whole and its months checked against its number; a label that does
 * not add up is refused. Independent-sector providers (NT…, ADP02…) are kept under their codes
 * as unlisted providers, as in every other format.
 */
import type { ValuesFormat } from "../../format.js";
import { NOT_A_CANCELLED_OPS_QUARTER } from "../../problem-messages.js";
import { parseQuarterLabel } from "../shared/financial-quarter.js";
import { rowFormat } from "../shared/row-format.js";

const COLUMNS = [
  "quarter",
  "org_code",
  "last_minute_cancellations",
  "not_treated_within_28_days",
] as const;

export const cancelledOpsFormat: ValuesFormat = rowFormat({
  id: "cancelled-ops",
  description:
    "Cancelled elective operations by provider and quarter (NHS England): last-minute cancellations for non-clinical reasons, not treated within 28 days",
  columns: COLUMNS,
  map(row, c, values) {
    const periodStart = parseQuarterLabel(row.text(c.quarter));
    if (!periodStart) row.problem(c.quarter, row.text(c.quarter), NOT_A_CANCELLED_OPS_QUARTER);
    const orgCode = row.orgCode(c.org_code);
    const cancelled = row.num(c.last_minute_cancellations);
    const notTreated = row.num(c.not_treated_within_28_days);
    if (row.bad || !periodStart || !orgCode) return;
    values.count(orgCode, "cancelled_ops_last_minute", "quarter", periodStart, cancelled, row.line);
    values.count(
      orgCode,
      "cancelled_ops_not_treated_28d",
      "quarter",
      periodStart,
      notTreated,
      row.line,
    );
    values.ratio(
      orgCode,
      "cancelled_ops_28d_pct",
      "quarter",
      periodStart,
      notTreated,
      cancelled,
      row.line,
    );
  },
});
