import { sql, type Kysely } from "kysely";

/**
 * Improvement guides (issue 16; src/guides, docs/guides.md). `guides` names each guide;
 * `guide_versions` holds every published version whole, as the JSON that
 * src/guides/types.ts `guideVersionSchema` checks, with the fields pages list and sort by copied
 * into columns.
 *
 * Published versions are immutable: a trigger refuses UPDATE and DELETE, so a reader's link to
 * version 1.0 shows what was published as 1.0 for as long as the hub runs. A correction is a new
 * version. (Only dropping the table, as migrating down does, removes them.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE guides (
      guide_id text PRIMARY KEY CHECK (guide_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE guide_versions (
      guide_id text NOT NULL REFERENCES guides (guide_id),
      version text NOT NULL CHECK (version ~ '^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$'),
      major integer NOT NULL,
      minor integer NOT NULL,
      title text NOT NULL,
      status text NOT NULL CHECK (status IN ('interim', 'final')),
      published_on date NOT NULL,
      content jsonb NOT NULL,
      -- Who published it: "import" for guide files, else the author's audit label.
      published_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (guide_id, version),
      UNIQUE (guide_id, major, minor),
      CHECK (version = major || '.' || minor)
    );
    CREATE FUNCTION guide_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'published guide versions are immutable: publish a new version instead'
        USING ERRCODE = 'integrity_constraint_violation';
    END $$;
    CREATE TRIGGER guide_versions_immutable BEFORE UPDATE OR DELETE ON guide_versions
      FOR EACH ROW EXECUTE FUNCTION guide_versions_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS guide_versions;
    DROP TABLE IF EXISTS guides;
    DROP FUNCTION IF EXISTS guide_versions_immutable();
  `.execute(db);
}
