/**
 * `outlier_vs_history`: a value more than 5 robust standard deviations from the organisation's
 * own history for the metric (same source and period type). Robust: the centre is the median and
 * the spread is the median absolute deviation × 1.4826 (the MAD's consistency factor for normal
 * data), so one wild month cannot hide itself by inflating the spread. Series with fewer than 12
 * values, or with no spread at all, are not judged. The history is the whole stored series,
 * before and after the period.
 */
import type { PoolClient } from "pg";
import { flagValues, type CheckResult } from "./flag.js";

export const OUTLIER_VS_HISTORY = "outlier_vs_history";
export const ROBUST_SDS = 5;
const MIN_HISTORY = 12;

export function checkOutlierVsHistory(client: PoolClient, source: string): Promise<CheckResult> {
  return flagValues(
    client,
    OUTLIER_VS_HISTORY,
    `WITH s AS (
       SELECT org_code, metric_id, period_type, period_start, source, value
       FROM metric_values WHERE source = $1 AND value IS NOT NULL
     ),
     centre AS (
       SELECT org_code, metric_id, period_type, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median
       FROM s GROUP BY org_code, metric_id, period_type HAVING count(*) >= ${MIN_HISTORY}
     ),
     spread AS (
       SELECT s.org_code, s.metric_id, s.period_type, c.median,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(s.value - c.median)) AS mad
       FROM s JOIN centre c USING (org_code, metric_id, period_type)
       GROUP BY s.org_code, s.metric_id, s.period_type, c.median
     )
     SELECT s.org_code, s.metric_id, s.period_type, s.period_start, s.source,
       round(((s.value - p.median) / (1.4826 * p.mad))::numeric, 1) || ' robust SDs from median ' || round(p.median::numeric, 2) AS detail
     FROM s JOIN spread p USING (org_code, metric_id, period_type)
     WHERE p.mad > 0 AND abs(s.value - p.median) > $2 * 1.4826 * p.mad`,
    [source, ROBUST_SDS],
  );
}
