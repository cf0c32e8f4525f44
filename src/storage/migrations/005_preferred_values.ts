import { sql, type Kysely } from "kysely";

/**
 * The preferred-source rule, once (docs/data-sources.md): where several sources give the same
 * organisation, metric, period type and period, the source with the lowest precedence number
 * (`sources.precedence`, seeded from metrics/sources.ts) wins; a source missing from `sources`
 * ranks after every listed one (`DEFAULT_PRECEDENCE`, 500); equal precedence falls back to the
 * source id, so the choice never depends on row order.
 *
 * - `ranked_values`: every row of metric_values with its source's `precedence` (for checks that
 *   compare sources and for the analytics store's bulk read, which keeps the lowest in one pass).
 * - `preferred_values`: the one preferred row per key. A filter on the key columns (org_code,
 *   metric_id, period_type, period_start) is pushed into the view, so reading one series or one
 *   group's members reads only their rows.
 *
 * Example: the monthly A&E file (precedence 10) and the derived England file (25) both give ENG's
 * type 1 attendances for March 2024 → preferred_values holds the monthly file's row.
 */
const DEFAULT_PRECEDENCE = 500;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE VIEW ranked_values AS
    SELECT v.org_code, v.metric_id, v.period_type, v.period_start, v.source, v.numerator,
      v.denominator, v.value, v.import_id, v.dq_flags,
      coalesce(s.precedence, ${sql.lit(DEFAULT_PRECEDENCE)}) AS precedence
    FROM metric_values v LEFT JOIN sources s ON s.source = v.source;

    CREATE VIEW preferred_values AS
    SELECT DISTINCT ON (org_code, metric_id, period_type, period_start) *
    FROM ranked_values
    ORDER BY org_code, metric_id, period_type, period_start, precedence, source;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW IF EXISTS preferred_values; DROP VIEW IF EXISTS ranked_values`.execute(db);
}
