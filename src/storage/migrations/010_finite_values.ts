import { sql, type Kysely } from "kysely";

/**
 * Defence in depth for issue 14 (the import refuses implausible values first:
 * metrics/plausibility.ts): the database itself refuses a stored numerator, denominator or value
 * that is not finite (NaN, Infinity, -Infinity: PostgreSQL's double precision holds them, and one
 * would poison every sum and mean it joins), and an organisation name longer than the 200
 * characters an import accepts (metrics/org-names.ts MAX_NAME_LENGTH).
 *
 * `NOT VALID`: rows stored before are not checked (a folder that holds one still starts; the
 * next import of its source replaces it), every row written from now on is. In PostgreSQL NaN
 * sorts above every number, Infinity included, so `x < 'Infinity'` refuses NaN too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE metric_values ADD CONSTRAINT metric_values_finite CHECK (
      (numerator IS NULL OR (numerator > '-Infinity' AND numerator < 'Infinity'))
      AND (denominator IS NULL OR (denominator > '-Infinity' AND denominator < 'Infinity'))
      AND (value IS NULL OR (value > '-Infinity' AND value < 'Infinity'))) NOT VALID;
    ALTER TABLE organisations ADD CONSTRAINT organisations_name_length
      CHECK (char_length(name) <= 200) NOT VALID`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE metric_values DROP CONSTRAINT metric_values_finite;
    ALTER TABLE organisations DROP CONSTRAINT organisations_name_length`.execute(db);
}
