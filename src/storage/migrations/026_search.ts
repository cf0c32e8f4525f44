import { sql, type Kysely } from "kysely";

/**
 * Finding learning posts and proposals by their words (the site search, /search; docs/web.md
 * "Search"), and counting a person's unread notifications on every page they read.
 *
 * - The searches use PostgreSQL's full-text search with the English configuration (so
 *   "discharges" finds "discharge"); these indexes are on exactly the expressions the stores
 *   query (src/storage/learning-store.ts, proposals-store.ts), or PostgreSQL would not use them.
 * - The header's unread count (src/web/render.ts) is one indexed count per signed-in page view.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX learning_posts_words ON learning_posts
      USING gin (to_tsvector('english', title || ' ' || body)) WHERE status = 'published';
    CREATE INDEX proposals_words ON proposals
      USING gin (to_tsvector('english', title || ' ' || aim));
    CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX notifications_unread;
    DROP INDEX proposals_words;
    DROP INDEX learning_posts_words;
  `.execute(db);
}
