import { sql, type Kysely } from "kysely";

/**
 * An index on metric_values(source). Every import's data-quality checks read the values of one
 * source; without it each check scanned the whole table, so imports slowed down as the database
 * grew. Few distinct sources make the index small (B-tree deduplication, PostgreSQL 13+).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS metric_values_source ON metric_values (source)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS metric_values_source`.execute(db);
}
