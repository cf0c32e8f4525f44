/**
 * `source_disagreement`: two sources give the same organisation, metric and period different
 * values (more than 0.1% apart and more than 0.05 in the metric's unit, or one missing and one
 * present). Both values are kept (they are keyed by source); the one shown is the lower
 * precedence number (the `sources` table, metrics/sources.ts), and the flag goes on the value
 * that is NOT shown, so a person looking at the other source's figure knows it was overruled.
 * Equal precedence flags both. Runs over every key this import's source has, so it catches
 * disagreements whichever of the two files was imported first.
 */
import type { PoolClient } from "pg";
import { flagValues, type CheckResult } from "./flag.js";

export const SOURCE_DISAGREEMENT = "source_disagreement";

export async function checkSourceDisagreement(
  client: PoolClient,
  source: string,
): Promise<CheckResult> {
  // Earlier flags on other sources' values that share a key with this source are recomputed too.
  await client.query(
    `UPDATE metric_values v SET dq_flags = array_remove(v.dq_flags, $2)
     WHERE $2 = ANY (v.dq_flags) AND v.source <> $1 AND EXISTS (
       SELECT 1 FROM metric_values m WHERE m.source = $1 AND m.org_code = v.org_code AND m.metric_id = v.metric_id
         AND m.period_type = v.period_type AND m.period_start = v.period_start)`,
    [source, SOURCE_DISAGREEMENT],
  );
  return flagValues(
    client,
    SOURCE_DISAGREEMENT,
    `WITH pairs AS (
       SELECT m.org_code, m.metric_id, m.period_type, m.period_start,
         m.source AS a_source, m.value AS a_value, coalesce(sa.precedence, 500) AS a_rank,
         o.source AS b_source, o.value AS b_value, coalesce(sb.precedence, 500) AS b_rank
       FROM metric_values m
       JOIN metric_values o ON o.org_code = m.org_code AND o.metric_id = m.metric_id AND o.period_type = m.period_type
         AND o.period_start = m.period_start AND o.source <> m.source
       LEFT JOIN sources sa ON sa.source = m.source
       LEFT JOIN sources sb ON sb.source = o.source
       WHERE m.source = $1
         AND CASE WHEN m.value IS NULL OR o.value IS NULL THEN (m.value IS NULL) <> (o.value IS NULL)
           ELSE abs(m.value - o.value) > greatest(0.05, 0.001 * greatest(abs(m.value), abs(o.value))) END
     )
     SELECT org_code, metric_id, period_type, period_start, a_source AS source,
       'overruled by ' || b_source || ' (' || coalesce(round(b_value::numeric, 2)::text, 'missing') || ')' AS detail
     FROM pairs WHERE a_rank >= b_rank
     UNION
     SELECT org_code, metric_id, period_type, period_start, b_source AS source,
       'overruled by ' || a_source || ' (' || coalesce(round(a_value::numeric, 2)::text, 'missing') || ')' AS detail
     FROM pairs WHERE b_rank >= a_rank`,
    [source],
  );
}
