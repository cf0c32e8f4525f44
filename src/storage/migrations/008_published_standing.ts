import { sql, type Kysely } from "kysely";

/**
 * What the NHS Oversight Framework publishes beside each value (issue: NOF 2025/26 acute file),
 * kept in `published_limits` with the value's key rather than in a parallel table:
 *
 * - `standing`: where the publication places the value among its peer group, as JSON
 *   { median, lowerQuartile, upperQuartile, rank, rankOf, score: { metricId, value } | null }
 *   (PublishedStanding in src/metrics/values.ts); null for publications that give none (SHMI).
 * - `banding` and `banding_label` may be null: the Oversight Framework gives no banding of a
 *   value (its 1–4 scores and segments are values of their own metrics).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE published_limits ADD COLUMN standing jsonb;
    ALTER TABLE published_limits ALTER COLUMN banding DROP NOT NULL;
    ALTER TABLE published_limits ALTER COLUMN banding_label DROP NOT NULL;
    ALTER TABLE published_limits DROP CONSTRAINT IF EXISTS published_limits_banding_given;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Rows without a banding (the Oversight Framework's) may remain: the NOT NULL comes back as a
  // check NOT VALID (as migration 006's down does), with no DELETE, which would queue a
  // data-version trigger event on the table migration 004's down drops in the same transaction.
  await sql`
    ALTER TABLE published_limits DROP COLUMN standing;
    ALTER TABLE published_limits ADD CONSTRAINT published_limits_banding_given
      CHECK (banding IS NOT NULL AND banding_label IS NOT NULL) NOT VALID;
  `.execute(db);
}
