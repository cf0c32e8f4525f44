/**
 * `source_disagreement`: two sources give the same organisation, metric and period different
 * values (more than 0.1% apart and more than 0.05 in the metric's unit, or one missing and one
 * present). Both values are kept (they are keyed by source); the one shown is the lower
 * precedence number (the `sources` table, metrics/sources.ts), and the flag goes on the value
 * that is NOT shown, so a person looking at the other source's figure knows it was overruled.
 * Equal precedence flags both. Runs over every key this import's source has, so it catches
 * disagreements whichever of the two files was imported first; the flag on another source's
 * value that shares a key with this source is recomputed too (flag.ts, `dq_touch`), against
 * every source that may overrule it, not this one only: with three sources (the CWT extract, the
 * CWT pipeline it overrules, the extract's derived roll-up), importing the third must not clear
 * the pipeline's flag the first set.
 *
 * The other sources present are listed first (a few index probes); with none, nothing is read.
 * Otherwise the join of this source's values with theirs is planned on fresh statistics, so
 * that the smaller side drives it.
 */
import type { PoolClient } from "pg";
import { collect } from "./flag.js";
import { withSettings } from "./settings.js";

export const SOURCE_DISAGREEMENT = "source_disagreement";

export async function checkSourceDisagreement(client: PoolClient, source: string): Promise<void> {
  // Distinct sources by skipping through the metric_values(source) index.
  const { rows } = await client.query<{ source: string }>(
    `WITH RECURSIVE s(source) AS (
       SELECT min(source) FROM metric_values
       UNION ALL
       SELECT (SELECT min(m.source) FROM metric_values m WHERE m.source > s.source) FROM s WHERE s.source IS NOT NULL
     )
     SELECT source FROM s WHERE source IS NOT NULL AND source <> $1`,
    [source],
  );
  if (rows.length === 0) return;
  await client.query("DROP TABLE IF EXISTS pg_temp.dq_pairs");
  // The rows were just read or written, so looking them up by key costs little more than
  // reading them in order: with that, the smaller side drives the join through the primary key
  // (PostgreSQL's default costs hash the whole of the larger side instead).
  await withSettings(client, { random_page_cost: "1.1" }, () =>
    client.query(
      `CREATE TEMP TABLE dq_pairs ON COMMIT DROP AS
     SELECT m.org_code, m.metric_id, m.period_type, m.period_start,
       m.source AS a_source, m.value AS a_value, m.precedence AS a_rank,
       o.source AS b_source, o.value AS b_value, o.precedence AS b_rank,
       CASE WHEN m.value IS NULL OR o.value IS NULL THEN (m.value IS NULL) <> (o.value IS NULL)
         ELSE abs(m.value - o.value) > greatest(0.05, 0.001 * greatest(abs(m.value), abs(o.value))) END AS disagree,
       $3 = ANY (o.dq_flags) AS b_flagged
     FROM ranked_values o
     JOIN ranked_values m ON m.org_code = o.org_code AND m.metric_id = o.metric_id AND m.period_type = o.period_type
       AND m.period_start = o.period_start
     WHERE m.source = $1 AND o.source = ANY ($2::text[])
       AND ($3 = ANY (o.dq_flags) OR CASE WHEN m.value IS NULL OR o.value IS NULL THEN (m.value IS NULL) <> (o.value IS NULL)
         ELSE abs(m.value - o.value) > greatest(0.05, 0.001 * greatest(abs(m.value), abs(o.value))) END)`,
      [source, rows.map((r) => r.source), SOURCE_DISAGREEMENT],
    ),
  );
  // The other source's earlier flag is recomputed: kept only if it still disagrees.
  await client.query(
    `INSERT INTO dq_touch (org_code, metric_id, period_type, period_start, source)
     SELECT org_code, metric_id, period_type, period_start, b_source FROM dq_pairs WHERE b_flagged`,
  );
  await collect(
    client,
    SOURCE_DISAGREEMENT,
    // This source's value once (the first of the sources that overrule it, by detail).
    `(SELECT DISTINCT ON (org_code, metric_id, period_type, period_start) org_code, metric_id, period_type, period_start, a_source AS source,
       'overruled by ' || b_source || ' (' || coalesce(round(b_value::numeric, 2)::text, 'missing') || ')' AS detail
     FROM dq_pairs WHERE disagree AND a_rank >= b_rank
     ORDER BY org_code, metric_id, period_type, period_start, detail)
     UNION ALL
     -- The other source's value once: overruled by this source, or (when its earlier flag is
     -- recomputed) still by a third one, so that a third source's import never clears a flag
     -- this one did not set.
     (SELECT DISTINCT ON (org_code, metric_id, period_type, period_start, source) * FROM (
       SELECT org_code, metric_id, period_type, period_start, b_source AS source,
         'overruled by ' || a_source || ' (' || coalesce(round(a_value::numeric, 2)::text, 'missing') || ')' AS detail
       FROM dq_pairs WHERE disagree AND b_rank >= a_rank
       UNION ALL
       SELECT p.org_code, p.metric_id, p.period_type, p.period_start, p.b_source,
         'overruled by ' || c.source || ' (' || coalesce(round(c.value::numeric, 2)::text, 'missing') || ')'
       FROM dq_pairs p JOIN ranked_values c ON c.org_code = p.org_code AND c.metric_id = p.metric_id
         AND c.period_type = p.period_type AND c.period_start = p.period_start
       WHERE p.b_flagged AND c.source <> p.a_source AND c.source <> p.b_source AND p.b_rank >= c.precedence
         AND CASE WHEN c.value IS NULL OR p.b_value IS NULL THEN (c.value IS NULL) <> (p.b_value IS NULL)
           ELSE abs(c.value - p.b_value) > greatest(0.05, 0.001 * greatest(abs(c.value), abs(p.b_value))) END
     ) AS other
     ORDER BY org_code, metric_id, period_type, period_start, source, detail)`,
    [],
  );
}
