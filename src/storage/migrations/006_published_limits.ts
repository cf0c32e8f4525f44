import { sql, type Kysely } from "kysely";

/**
 * Two things a mortality publication needs (SHMI, issue 12):
 *
 * - The period type `twelve_months`: twelve consecutive months from `period_start` (any first of
 *   a month), for indicators published as rolling years, such as SHMI's February 2025 – January
 *   2026, which are neither financial years nor single months.
 * - `published_limits`: a publication's own judgement of a value, kept as published beside it
 *   (same key as metric_values): its banding code and words ("1", "higher than expected") and
 *   its control limits, `limits` a JSON array of { level (per cent), method ("poisson",
 *   "overdispersed"), lower, upper, bands (true for the limits the banding is based on) }. The
 *   platform computes no interval of its own for such a metric (catalogue `publishedLimits`).
 *   Written by the import that writes the value, in the same transaction; its changes move the
 *   data version (migration 004) as metric_values' do.
 */
const PERIOD_TYPES = ["day", "week", "month", "quarter", "financial_year"];

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = sql.join([...PERIOD_TYPES, "twelve_months"].map((t) => sql.lit(t)));
  await sql`
    ALTER TABLE metric_values DROP CONSTRAINT metric_values_period_type_check;
    ALTER TABLE metric_values ADD CONSTRAINT metric_values_period_type_check
      CHECK (period_type IN (${types}));
  `.execute(db);
  await sql`
    CREATE TABLE published_limits (
      org_code text NOT NULL,
      metric_id text NOT NULL,
      period_type text NOT NULL,
      period_start date NOT NULL,
      source text NOT NULL,
      banding text NOT NULL,
      banding_label text NOT NULL,
      limits jsonb NOT NULL DEFAULT '[]',
      import_id bigint,
      PRIMARY KEY (org_code, metric_id, period_type, period_start, source)
    );
    CREATE INDEX published_limits_metric ON published_limits (metric_id, period_type, period_start);
    CREATE TRIGGER data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON published_limits
      FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const types = sql.join(PERIOD_TYPES.map((t) => sql.lit(t)));
  // NOT VALID: rows of the rolling-year type may remain (no DELETE here: it would queue a
  // data-version trigger event on the table migration 004's down drops in the same transaction).
  await sql`
    DROP TABLE IF EXISTS published_limits;
    ALTER TABLE metric_values DROP CONSTRAINT metric_values_period_type_check;
    ALTER TABLE metric_values ADD CONSTRAINT metric_values_period_type_check
      CHECK (period_type IN (${types})) NOT VALID;
  `.execute(db);
}
