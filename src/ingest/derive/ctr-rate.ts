/**
 * `ctr_rate`, derived: patients not meeting the criteria to reside per 100 occupied adult general
 * and acute beds. No publication gives the rate; it joins two collections (docs/metrics.md):
 *
 *   numerator   = ctr_patients (mean daily patients not meeting the criteria to reside)
 *   denominator = the numerator of ga_occupancy_adult (mean daily occupied adult G&A beds)
 *   value       = numerator / denominator × the catalogue multiplier (100)
 *
 * for every organisation, period type and period start that has both. Each side is the value
 * readers would show: where several sources give it, the one with the lowest precedence number
 * (as `series()`; ties broken by source name so the result is deterministic). The synthetic demo
 * is never an input (it writes its own ctr_rate). The results are stored under the source
 * `derived-ctr-rate`.
 *
 * Recomputed in full, set-based, inside the transaction of any import whose source holds either
 * input (derive/index.ts, step 3 of the after-import pipeline), so the import order does not
 * matter and no stale rate survives: new keys are inserted, changed ones updated (the old
 * figures kept in metric_value_revisions under the triggering import, as the value writer does),
 * keys that lost an input deleted (also recorded as a revision to nulls), identical ones left
 * alone. Derivations are serialised by an advisory lock, so imports of the two inputs running at
 * once still give the full result.
 */
import type { PoolClient } from "pg";
import { getMetric, type MetricId } from "../../metrics/catalogue/index.js";

export const DERIVED_CTR_RATE_SOURCE = "derived-ctr-rate";
export const CTR_RATE_METRIC = "ctr_rate";
/** The metrics ctr_rate is computed from: a change to either recomputes it. */
export const CTR_RATE_INPUTS = [
  "ctr_patients",
  "ga_occupancy_adult",
] as const satisfies readonly MetricId[];
/** Sources never used as inputs: the synthetic demo (which has its own ctr_rate) and the output. */
const EXCLUDED_SOURCES = ["demo", DERIVED_CTR_RATE_SOURCE];

export interface DeriveCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/** The import running in this transaction (its `imports` row was inserted by it), if any. */
async function currentImportId(client: PoolClient): Promise<number | null> {
  const { rows } = await client.query<{ import_id: string }>(
    `SELECT import_id FROM imports WHERE status = 'running' AND xmin = pg_current_xact_id()::xid
     ORDER BY import_id DESC LIMIT 1`,
  );
  return rows[0] ? Number(rows[0].import_id) : null;
}

/** Whether `source` holds any value of an input metric (so its import may have changed the rate). */
export async function feedsCtrRate(client: PoolClient, source: string): Promise<boolean> {
  if (EXCLUDED_SOURCES.includes(source)) return false;
  const { rowCount } = await client.query(
    `SELECT 1 FROM metric_values WHERE source = $1 AND metric_id = ANY ($2::text[]) LIMIT 1`,
    [source, CTR_RATE_INPUTS],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Recomputes every ctr_rate value of the derived source from the stored inputs. Call inside a
 * transaction (an import's, normally); `importId` defaults to the import running in it. Without
 * an import (a maintenance call) values are written with import_id null and no revisions.
 */
export async function deriveCtrRate(
  client: PoolClient,
  importId?: number | null,
): Promise<DeriveCounts> {
  const multiplier = getMetric(CTR_RATE_METRIC)?.multiplier;
  if (multiplier === undefined) throw new Error(`${CTR_RATE_METRIC} is not in the catalogue`);
  const [ctrMetric, bedsMetric] = CTR_RATE_INPUTS;
  const id = importId === undefined ? await currentImportId(client) : importId;
  // One derivation at a time: two imports committing at once (beds and CTR in parallel) would
  // each miss the other's uncommitted input and write the same keys. The second waits here and
  // then, each statement seeing what committed meanwhile, computes from both.
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [DERIVED_CTR_RATE_SOURCE]);

  await client.query(`DROP TABLE IF EXISTS pg_temp.derived_ctr_rate`);
  // Beds first (the smaller side: monthly), then one primary-key lookup per beds key for the
  // preferred CTR value: the daily CTR values, which no beds figure matches, are never read.
  await client.query(
    `CREATE TEMP TABLE derived_ctr_rate ON COMMIT DROP AS
     WITH beds AS (
       SELECT DISTINCT ON (v.org_code, v.period_type, v.period_start)
         v.org_code, v.period_type, v.period_start, v.numerator AS occupied
       FROM ranked_values v
       WHERE v.metric_id = $1 AND v.source <> ALL ($3::text[])
       ORDER BY v.org_code, v.period_type, v.period_start, v.precedence, v.source
     )
     SELECT b.org_code, b.period_type, b.period_start,
       c.patients AS numerator, b.occupied AS denominator,
       CASE WHEN c.patients IS NULL OR b.occupied IS NULL OR b.occupied = 0 THEN NULL
            ELSE c.patients / b.occupied * $4::double precision END AS value
     FROM beds b CROSS JOIN LATERAL (
       SELECT v.value AS patients
       FROM ranked_values v
       WHERE v.org_code = b.org_code AND v.metric_id = $2 AND v.period_type = b.period_type
         AND v.period_start = b.period_start AND v.source <> ALL ($3::text[])
       ORDER BY v.precedence, v.source
       LIMIT 1
     ) c`,
    [bedsMetric, ctrMetric, EXCLUDED_SOURCES, multiplier],
  );

  const key = `v.org_code = d.org_code AND v.period_type = d.period_type AND v.period_start = d.period_start`;
  const differs = `(v.numerator, v.denominator, v.value) IS DISTINCT FROM (d.numerator, d.denominator, d.value)`;
  const params = [DERIVED_CTR_RATE_SOURCE, CTR_RATE_METRIC];
  if (id !== null) {
    // Changed and vanished keys keep their old figures, as revised publications do.
    await client.query(
      `INSERT INTO metric_value_revisions (org_code, metric_id, period_type, period_start, source,
         old_numerator, old_denominator, old_value, new_numerator, new_denominator, new_value, import_id)
       SELECT v.org_code, v.metric_id, v.period_type, v.period_start, v.source,
         v.numerator, v.denominator, v.value, d.numerator, d.denominator, d.value, $3::bigint
       FROM metric_values v LEFT JOIN derived_ctr_rate d ON ${key}
       WHERE v.source = $1 AND v.metric_id = $2 AND (d.org_code IS NULL OR ${differs})`,
      [...params, id],
    );
  }
  const deleted = await client.query(
    `DELETE FROM metric_values v WHERE v.source = $1 AND v.metric_id = $2
       AND NOT EXISTS (SELECT 1 FROM derived_ctr_rate d WHERE ${key})`,
    params,
  );
  const updated = await client.query(
    `UPDATE metric_values v SET numerator = d.numerator, denominator = d.denominator,
       value = d.value, import_id = $3::bigint
     FROM derived_ctr_rate d
     WHERE v.source = $1 AND v.metric_id = $2 AND ${key} AND ${differs}`,
    [...params, id],
  );
  const inserted = await client.query(
    `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source,
       numerator, denominator, value, import_id)
     SELECT d.org_code, $2, d.period_type, d.period_start, $1, d.numerator, d.denominator, d.value, $3::bigint
     FROM derived_ctr_rate d
     WHERE NOT EXISTS (SELECT 1 FROM metric_values v WHERE v.source = $1 AND v.metric_id = $2 AND ${key})`,
    [...params, id],
  );
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM derived_ctr_rate`);
  await client.query(`DROP TABLE pg_temp.derived_ctr_rate`);
  const total = Number(rows[0]?.n ?? 0);
  const written = (inserted.rowCount ?? 0) + (updated.rowCount ?? 0);
  return {
    inserted: inserted.rowCount ?? 0,
    updated: updated.rowCount ?? 0,
    deleted: deleted.rowCount ?? 0,
    unchanged: total - written,
  };
}
