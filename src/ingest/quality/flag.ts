/**
 * How checks flag values. A check never updates metric_values itself: it adds the keys of the
 * values it flags, each with a text detail, to the temporary table `dq_found` (`collect`). When
 * every check has run, `writeFlags` counts them per flag, picks the examples for the import
 * report (the first 10 by period, organisation, metric), and rewrites dq_flags in one UPDATE,
 * only on the values whose flags change.
 *
 * Which flags a run owns: on the import's own source, every quality flag (recomputed from
 * scratch, so a corrected file clears its flags); on other sources' values, only the flags the
 * caller names (source_disagreement, which compares the two). Values whose old flags may need
 * clearing without being flagged again are listed in `dq_touch`. Flags set by importers (any
 * other name) are kept, in their order; a value's quality flags follow them in check order.
 */
import type { PoolClient } from "pg";
import { withSettings } from "./settings.js";

export interface FlagExample {
  orgCode: string;
  metricId: string;
  periodType: string;
  periodStart: string;
  source: string;
  value: number | null;
  detail?: string;
}

export interface CheckResult {
  flagged: number;
  examples: FlagExample[];
  /** Check-specific findings (e.g. which period duplicates which). */
  findings?: unknown[];
}

const KEY = "org_code, metric_id, period_type, period_start, source";

/** Creates the (empty) tables checks report into; dropped at commit. */
export async function createFlagTables(client: PoolClient): Promise<void> {
  await client.query("DROP TABLE IF EXISTS pg_temp.dq_found, pg_temp.dq_touch");
  await client.query(
    `CREATE TEMP TABLE dq_found (flag text NOT NULL, org_code text NOT NULL, metric_id text NOT NULL,
       period_type text NOT NULL, period_start date NOT NULL, source text NOT NULL, detail text) ON COMMIT DROP`,
  );
  await client.query(
    `CREATE TEMP TABLE dq_touch (org_code text NOT NULL, metric_id text NOT NULL, period_type text NOT NULL,
       period_start date NOT NULL, source text NOT NULL) ON COMMIT DROP`,
  );
}

/**
 * Records values to flag. `select` must return org_code, metric_id, period_type, period_start,
 * source and a text `detail` (shown in the examples; may be null), at most one row per value.
 */
export async function collect(
  client: PoolClient,
  flag: string,
  select: string,
  params: unknown[],
): Promise<void> {
  await client.query(
    `INSERT INTO dq_found (flag, ${KEY}, detail)
     SELECT $${params.length + 1}::text, org_code, metric_id, period_type, period_start, source, detail FROM (${select}) f`,
    [...params, flag],
  );
}

/**
 * Writes the flags collected for `source` and returns, per flag that flagged anything, the
 * number of values flagged and the first `examples` of them (by period, organisation, metric).
 * `flags` are the checks' flags in order; `otherSourceFlags` the ones this run owns on values of
 * other sources; `sourceValues` how many values the source has.
 */
export async function writeFlags(
  client: PoolClient,
  source: string,
  sourceValues: number,
  flags: readonly string[],
  otherSourceFlags: readonly string[],
  examples = 10,
): Promise<Record<string, CheckResult>> {
  const results: Record<string, CheckResult> = {};
  const counts = await client.query<{ flag: string; flagged: number }>(
    "SELECT flag, count(*)::int AS flagged FROM dq_found GROUP BY flag",
  );
  for (const r of counts.rows) results[r.flag] = { flagged: r.flagged, examples: [] };
  const { rows } = await client.query<{
    flag: string;
    org_code: string;
    metric_id: string;
    period_type: string;
    period_start: string;
    source: string;
    value: number | null;
    detail: string | null;
  }>(
    `SELECT e.flag, e.org_code, e.metric_id, e.period_type, e.period_start::text AS period_start, e.source, v.value, e.detail
     FROM unnest($1::text[]) AS f(flag)
     CROSS JOIN LATERAL (
       SELECT * FROM dq_found d WHERE d.flag = f.flag
       ORDER BY period_start, org_code, metric_id, source, period_type LIMIT $2
     ) e
     JOIN metric_values v USING (${KEY})
     ORDER BY e.flag, e.period_start, e.org_code, e.metric_id, e.source, e.period_type`,
    [Object.keys(results), examples],
  );
  for (const r of rows)
    results[r.flag]?.examples.push({
      orgCode: r.org_code,
      metricId: r.metric_id,
      periodType: r.period_type,
      periodStart: r.period_start,
      source: r.source,
      value: r.value,
      ...(r.detail ? { detail: r.detail } : {}),
    });

  // Per value, the flags this run gives it, in check order (none: it only loses flags). A bit
  // mask per value first (one hash aggregation), then the mask spelt out.
  await client.query("DROP TABLE IF EXISTS pg_temp.dq_new");
  const spelt = flags.map(
    (_, i) => `CASE WHEN mask & ${1 << i} <> 0 THEN ($1::text[])[${i + 1}] END`,
  );
  const targets = await client.query(
    `CREATE TEMP TABLE dq_new ON COMMIT DROP AS
     SELECT ${KEY}, array_remove(ARRAY[${spelt.join(", ")}], NULL) AS flags
     FROM (
       SELECT ${KEY}, coalesce(bit_or(1 << (array_position($1::text[], flag) - 1)), 0) AS mask
       FROM (SELECT flag, ${KEY} FROM dq_found UNION ALL SELECT NULL, ${KEY} FROM dq_touch) t
       GROUP BY ${KEY}
     ) m`,
    [flags],
  );
  const count = targets.rowCount ?? 0;
  if (count === 0) return results;
  await client.query("ANALYZE dq_new");
  // Importers' flags in their order (on other sources' values, every flag this run does not
  // own), then this run's. Most values had no flags: they simply get the new ones.
  const updated = `CASE WHEN cardinality(v.dq_flags) = 0 THEN n.flags ELSE ARRAY(
      SELECT f FROM unnest(v.dq_flags) WITH ORDINALITY AS k(f, i)
      WHERE NOT (f = ANY (CASE WHEN v.source = $1 THEN $2::text[] ELSE $3::text[] END)) ORDER BY i) || n.flags END`;
  // A few targets are looked up by key. Left to itself the planner hashes the whole of
  // metric_values instead: it takes the five key columns for independent, so it expects a hash
  // table of the targets to have crowded buckets.
  const lookUp = count * 10 < sourceValues;
  await withSettings(
    client,
    lookUp ? { enable_hashjoin: "off", enable_mergejoin: "off" } : {},
    () =>
      client.query(
        `UPDATE metric_values v SET dq_flags = ${updated}
         FROM dq_new n
         WHERE v.org_code = n.org_code AND v.metric_id = n.metric_id AND v.period_type = n.period_type
           AND v.period_start = n.period_start AND v.source = n.source AND v.dq_flags IS DISTINCT FROM ${updated}`,
        [source, flags, otherSourceFlags],
      ),
  );
  return results;
}
