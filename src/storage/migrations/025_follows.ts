import { sql, type Kysely } from "kysely";

/**
 * Follows and notifications (issue 17 item 3; src/networks/follows, docs/networks.md
 * "Following and notifications"). A person follows a network or a learning topic, choosing
 * whether they also want email; a notification is one line in their in-app list, unread until
 * they mark it. Both are personal (pages showing them are never cached), so no data-version
 * trigger is needed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE follows (
      user_id bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
      target_kind text NOT NULL CHECK (target_kind IN ('network', 'topic')),
      target_id text NOT NULL CHECK (length(target_id) BETWEEN 1 AND 200),
      email boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, target_kind, target_id)
    );
    CREATE INDEX follows_target ON follows (target_kind, target_id);
    CREATE TABLE notifications (
      notification_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
      kind text NOT NULL,
      summary text NOT NULL,
      href text NOT NULL CHECK (href LIKE '/%'),
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    );
    CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE notifications; DROP TABLE follows;`.execute(db);
}
