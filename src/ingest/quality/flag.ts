/**
 * The one way checks write flags: a SELECT naming the values to flag (by their full key) becomes
 * one UPDATE that appends the flag where it is not already present, returning how many values
 * it flagged and the first few as examples for the import report.
 */
import type { PoolClient } from "pg";

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

/**
 * `select` must return org_code, metric_id, period_type, period_start, source and a text `detail`
 * (shown in the examples; may be null) of the values to flag.
 */
export async function flagValues(
  client: PoolClient,
  flag: string,
  select: string,
  params: unknown[],
  examples = 10,
): Promise<CheckResult> {
  // The targets go through a temporary table with fresh statistics: planned blind, the UPDATE
  // join can pick a nested loop over the whole of metric_values per flagged row.
  await client.query("DROP TABLE IF EXISTS dq_target");
  await client.query(
    "CREATE TEMP TABLE dq_target (org_code text, metric_id text, period_type text, period_start date, source text, detail text) ON COMMIT DROP",
  );
  await client.query(
    `INSERT INTO dq_target (org_code, metric_id, period_type, period_start, source, detail) ${select}`,
    params,
  );
  await client.query("ANALYZE dq_target");
  const { rows } = await client.query<{
    total: number;
    org_code: string;
    metric_id: string;
    period_type: string;
    period_start: string;
    source: string;
    value: number | null;
    detail: string | null;
  }>(
    `WITH flagged AS (
       UPDATE metric_values v SET dq_flags = array_append(v.dq_flags, $1::text)
       FROM dq_target t
       WHERE v.org_code = t.org_code AND v.metric_id = t.metric_id AND v.period_type = t.period_type
         AND v.period_start = t.period_start AND v.source = t.source AND NOT ($1::text = ANY (v.dq_flags))
       RETURNING v.org_code, v.metric_id, v.period_type, v.period_start, v.source, v.value, t.detail
     )
     SELECT count(*) OVER ()::int AS total, org_code, metric_id, period_type, period_start::text AS period_start, source, value, detail
     FROM flagged ORDER BY period_start, org_code, metric_id LIMIT ${examples}`,
    [flag],
  );
  return {
    flagged: rows[0]?.total ?? 0,
    examples: rows.map((r) => ({
      orgCode: r.org_code,
      metricId: r.metric_id,
      periodType: r.period_type,
      periodStart: r.period_start,
      source: r.source,
      value: r.value,
      ...(r.detail ? { detail: r.detail } : {}),
    })),
  };
}
