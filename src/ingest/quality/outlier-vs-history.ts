/**
 * `outlier_vs_history`: a value more than 5 robust standard deviations from the organisation's
 * own history for the metric (same source and period type). Robust: the centre is the median and
 * the spread is the median absolute deviation × 1.4826 (the MAD's consistency factor for normal
 * data), so one wild month cannot hide itself by inflating the spread. Series with fewer than 12
 * values, or with no spread at all, are not judged. The history is the whole stored series,
 * before and after the period.
 *
 * Reads the shared pass (series.ts): median and MAD per series from its values, then only series
 * whose smallest or largest value is that far out are searched for the values to flag (|x − median|
 * is largest at one of the two ends, so the others cannot have one).
 */
import type { PoolClient } from "pg";
import { collect } from "./flag.js";

export const OUTLIER_VS_HISTORY = "outlier_vs_history";
export const ROBUST_SDS = 5;
const MIN_HISTORY = 12;

export async function checkOutlierVsHistory(client: PoolClient, source: string): Promise<void> {
  await collect(
    client,
    OUTLIER_VS_HISTORY,
    `SELECT s.org_code, s.metric_id, s.period_type, u.period_start, $1::text AS source,
       round(((u.value - c.median) / (1.4826 * d.mad))::numeric, 1) || ' robust SDs from median ' || round(c.median::numeric, 2) AS detail
     FROM dq_series s
     CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS median FROM unnest(s.vals) AS x) c
     CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(x - c.median)) AS mad FROM unnest(s.vals) AS x) d
     CROSS JOIN LATERAL unnest(s.periods, s.vals) AS u(period_start, value)
     WHERE s.n >= ${MIN_HISTORY} AND d.mad > 0
       AND greatest(abs(s.hi - c.median), abs(s.lo - c.median)) > $2 * 1.4826 * d.mad
       AND abs(u.value - c.median) > $2 * 1.4826 * d.mad`,
    [source, ROBUST_SDS],
  );
}
