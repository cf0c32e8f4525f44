/**
 * `gap_before`: the first value after a gap in an organisation's series for a metric (a period
 * type's previous value, ignoring missing values, is more than one period earlier). A gap can be
 * real (a trust that stopped reporting, the 14 field-testing trusts) or a lost month (the cleaned
 * 2021–25 A&E file has no February or March 2025): SPC charts must not join across it unseen.
 *
 * Reads the shared pass (series.ts): series it proved consecutive are skipped; the others' periods
 * are sorted one series at a time.
 */
import type { PoolClient } from "pg";
import { collect } from "./flag.js";

export const GAP_BEFORE = "gap_before";

export async function checkGapBefore(client: PoolClient, source: string): Promise<void> {
  await collect(
    client,
    GAP_BEFORE,
    `SELECT s.org_code, s.metric_id, s.period_type, u.period_start, $1::text AS source,
       'previous value ' || u.prev AS detail
     FROM dq_series s CROSS JOIN LATERAL (
       SELECT p AS period_start, lag(p) OVER (ORDER BY p) AS prev
       FROM unnest(s.periods, s.vals) AS x(p, value) WHERE x.value IS NOT NULL
     ) u
     WHERE NOT s.consecutive AND u.prev IS NOT NULL AND u.period_start > u.prev + CASE s.period_type
       WHEN 'day' THEN interval '1 day' WHEN 'week' THEN interval '7 days' WHEN 'month' THEN interval '1 month'
       WHEN 'quarter' THEN interval '3 months' ELSE interval '1 year' END`,
    [source],
  );
}
