/**
 * `gap_before`: the first value after a gap in an organisation's series for a metric (a period
 * type's previous value, ignoring missing values, is more than one period earlier). A gap can be
 * real (a trust that stopped reporting, the 14 field-testing trusts) or a lost month (the cleaned
 * 2021–25 A&E file has no February or March 2025): SPC charts must not join across it unseen.
 */
import type { PoolClient } from "pg";
import { flagValues, type CheckResult } from "./flag.js";

export const GAP_BEFORE = "gap_before";

export function checkGapBefore(client: PoolClient, source: string): Promise<CheckResult> {
  return flagValues(
    client,
    GAP_BEFORE,
    `SELECT org_code, metric_id, period_type, period_start, source, 'previous value ' || prev AS detail FROM (
       SELECT org_code, metric_id, period_type, period_start, source,
         lag(period_start) OVER (PARTITION BY org_code, metric_id, period_type ORDER BY period_start) AS prev
       FROM metric_values WHERE source = $1 AND value IS NOT NULL
     ) s
     WHERE prev IS NOT NULL AND period_start > prev + CASE period_type
       WHEN 'day' THEN interval '1 day' WHEN 'week' THEN interval '7 days' WHEN 'month' THEN interval '1 month'
       WHEN 'quarter' THEN interval '3 months' ELSE interval '1 year' END`,
    [source],
  );
}
