import { sql, type Kysely } from "kysely";

/**
 * What `improve sync` remembers per configured publication: the URL last fetched, its validators
 * for conditional requests (ETag, Last-Modified), the checksum and size of the last download,
 * and how the last check went.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sync_state (
      name text PRIMARY KEY,
      url text,
      etag text,
      last_modified text,
      checksum text,
      bytes bigint,
      file_path text,
      import_id bigint REFERENCES imports ON DELETE SET NULL,
      status text NOT NULL,
      message text,
      checked_at timestamptz NOT NULL DEFAULT now(),
      fetched_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE sync_state`.execute(db);
}
