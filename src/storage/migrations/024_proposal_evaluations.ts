import { sql, type Kysely } from "kysely";

/**
 * The evaluation record's numbers (issue 17 item 5; src/proposals/evaluation.ts,
 * docs/proposals.md "Evaluation"). When a lead records the evaluation, the estimates it was
 * concluded on are kept beside its text, with their data version, so later imports do not
 * rewrite what was concluded. No data-version trigger: proposal pages are not cached.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE proposals ADD COLUMN evaluation_snapshot jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE proposals DROP COLUMN evaluation_snapshot`.execute(db);
}
