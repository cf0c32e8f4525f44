/**
 * DM01 diagnostic waiting times by provider (NHS England's monthly provider web file, "Provider"
 * sheet, converted; dm01/dm01_provider_*.csv in the shared data):
 *
 *   "period","regional_team_code","regional_team_name","provider_code","provider_name",
 *   "total_waiting_list","waiting_6_plus_weeks","waiting_13_plus_weeks",
 *   "share_waiting_6_plus_weeks","band_00_01_weeks",…,"band_13_plus_weeks",
 *   "planned_tests_procedures","unscheduled_tests_procedures",…
 *
 * Mapping (month of `period`), over the 15 key tests together:
 *
 *   diag_waiting_list  total_waiting_list
 *   diag_6wk           waiting_6_plus_weeks
 *   diag_13wk          waiting_13_plus_weeks
 *   diag_6wk_pct       waiting_6_plus_weeks / total_waiting_list × 100
 *   diag_13wk_pct      waiting_13_plus_weeks / total_waiting_list × 100
 *
 * The published share column is not read: the percentage is recomputed from the counts, which
 * carry it as numerator and denominator. Weekly bands and tests done have no catalogue metric.
 * Every provider is kept under its code: independent-sector providers (codes not in the ODS
 * trust list) become unlisted providers, as in every other format. A row of zeros (a provider
 * with nothing on its list) stores zero counts and a missing percentage. Detected by its
 * columns without `diagnostic_id` (the by-test sheet, dm01-by-test, has the same columns and
 * that one more).
 */
import type { ValuesFormat } from "../../format.js";
import { hasColumns } from "../shared/columns.js";
import { DM01_COLUMNS, readDm01Waits } from "../shared/dm01.js";
import { rowFormat } from "../shared/row-format.js";

export const dm01Format: ValuesFormat = rowFormat({
  id: "dm01",
  description:
    "DM01 diagnostic waiting times by provider and month (NHS England provider web file, Provider sheet): waiting list, 6+ and 13+ weeks",
  columns: DM01_COLUMNS,
  detect: (first) => hasColumns(first, DM01_COLUMNS) && !hasColumns(first, ["diagnostic_id"]),
  map(row, c, values) {
    const w = readDm01Waits(row, c);
    if (!w) return;
    const { orgCode, periodStart, total, over6, over13 } = w;
    values.count(orgCode, "diag_waiting_list", "month", periodStart, total, row.line);
    values.count(orgCode, "diag_6wk", "month", periodStart, over6, row.line);
    values.count(orgCode, "diag_13wk", "month", periodStart, over13, row.line);
    values.ratio(orgCode, "diag_6wk_pct", "month", periodStart, over6, total, row.line);
    values.ratio(orgCode, "diag_13wk_pct", "month", periodStart, over13, total, row.line);
  },
});
