/**
 * The shared pass: one scan of the source's values, grouped by series (organisation, metric,
 * period type), into the temporary table `dq_series`, which the series checks read instead of
 * metric_values (one hash aggregation, no sort of the whole source):
 *
 *   n            how many values are present (not null)
 *   periods,     every value's period and value (nulls included), in matching but unspecified
 *   vals         order: gap_before sorts the periods of the few series that need it, and
 *                outlier_vs_history takes median and MAD per series
 *   lo, hi       the smallest and largest value
 *   consecutive  true when the series provably has no gap (so gap_before skips it): daily
 *                values on n consecutive days, or monthly values on the 1st of n consecutive
 *                months (n present values in n slots fill every slot, so none follows a gap)
 *   ruled        periods of the values a row rule flags (`RowRule`: negative values, …)
 *   flagged      periods of the values that carry flags already (recomputed by flag.ts even if
 *                no check flags them again); both usually empty
 */
import type { PoolClient } from "pg";
import { collect } from "./flag.js";
import { withSettings } from "./settings.js";

/** A check that judges each value on its own: a condition on a metric_values row `v`. */
export interface RowRule {
  flag: string;
  /** SQL condition on `v`; `bind` adds a parameter and returns its placeholder. */
  condition(bind: (value: unknown) => string): string;
  /** SQL text shown in the report's examples. */
  detail: string;
}

/** Builds dq_series for `source` (after createFlagTables); returns how many values it holds. */
export async function buildSeries(
  client: PoolClient,
  source: string,
  rules: readonly RowRule[],
): Promise<number> {
  await client.query("DROP TABLE IF EXISTS pg_temp.dq_series");
  await client.query(
    `CREATE TEMP TABLE dq_series (org_code text, metric_id text, period_type text, n integer,
       periods date[], vals double precision[], lo double precision, hi double precision,
       consecutive boolean, ruled date[], flagged date[]) ON COMMIT DROP`,
  );
  // Long arrays are stored out of line uncompressed: compressing them costs more than it saves.
  await client.query(
    "ALTER TABLE dq_series ALTER COLUMN periods SET STORAGE EXTERNAL, ALTER COLUMN vals SET STORAGE EXTERNAL",
  );
  const params: unknown[] = [source];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const ruled = rules.map((r) => `(${r.condition(bind)})`).join(" OR ");
  // One hash aggregation over a scan of the source (sequential, or by its index when it is a small
  // part of the table). Never by the primary key: that reads the heap in random order, and the
  // planner picks it when it expects the arrays to overflow work_mem.
  const result = await withSettings(client, { enable_indexscan: "off" }, () =>
    client.query(
      `INSERT INTO dq_series
     SELECT org_code, metric_id, period_type, count(value)::int,
       array_agg(period_start), array_agg(value), min(value), max(value),
       coalesce(CASE period_type
         WHEN 'day' THEN max(period_start) - min(period_start) = count(value) - 1
         WHEN 'month' THEN bool_and(date_part('day', period_start) = 1)
           AND max(period_start) = min(period_start) + make_interval(months => count(value)::int - 1)
       END, false),
       array_agg(period_start) FILTER (WHERE ${ruled || "false"}),
       array_agg(period_start) FILTER (WHERE cardinality(dq_flags) > 0)
     FROM metric_values v WHERE source = $1
     GROUP BY org_code, metric_id, period_type`,
      params,
    ),
  );
  await client.query("ANALYZE dq_series");
  // Values flagged before are recomputed even if no check flags them now (flag.ts).
  await client.query(
    `INSERT INTO dq_touch (org_code, metric_id, period_type, period_start, source)
     SELECT s.org_code, s.metric_id, s.period_type, m.period_start, $1
     FROM dq_series s CROSS JOIN LATERAL unnest(s.flagged) AS m(period_start) WHERE s.flagged IS NOT NULL`,
    [source],
  );
  if (!result.rowCount) return 0;
  const { rows } = await client.query<{ values: number }>(
    "SELECT coalesce(sum(cardinality(periods)), 0)::int AS values FROM dq_series",
  );
  return rows[0]?.values ?? 0;
}

/** Collects the values of `source` a row rule flags (the shared pass found them; only they are read). */
export async function collectRowRule(
  client: PoolClient,
  source: string,
  rule: RowRule,
): Promise<void> {
  const params: unknown[] = [source];
  const bind = (value: unknown) => `$${params.push(value)}`;
  await collect(
    client,
    rule.flag,
    `SELECT v.org_code, v.metric_id, v.period_type, v.period_start, v.source, ${rule.detail} AS detail
     FROM dq_series s CROSS JOIN LATERAL unnest(s.ruled) AS m(period_start)
     JOIN metric_values v ON v.org_code = s.org_code AND v.metric_id = s.metric_id
       AND v.period_type = s.period_type AND v.period_start = m.period_start AND v.source = $1
     WHERE s.ruled IS NOT NULL AND (${rule.condition(bind)})`,
    params,
  );
}
