import { sql, type Kysely } from "kysely";

/**
 * Integrated performance reports (issue 18; docs/reports.md, decision 0018).
 *
 * `report_definitions`: the report layouts people save for a subject (`subject_key`:
 * `organisation:RDE`, `network:<id>`, `region:Y56`, `proposal:12`): a title, a description and
 * the sections (`[{ title, metricIds }]`, checked by src/reports/definition.ts before it is
 * stored). Ready-made definitions (per topic, per guide, a proposal's measures) are computed and
 * never stored. Deleting sets `deleted_at`: the audit log goes on naming what was deleted.
 *
 * `report_commentary`: the analyst's commentary on a metric of a subject for a period, append
 * only: each save is a new version (1, 2, …) for its subject, metric and period, never an
 * update, so what a report said at a board meeting can always be shown again. The trigger
 * refuses UPDATE and DELETE. `author_label` is the author as the audit log names them (the
 * operator at the command line has no account); pages show the account's name when there is one.
 *
 * Neither table moves the data version (migration 004): a report's figures do not change when
 * its commentary does, and pages that show commentary are not kept in the shared cache.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE report_definitions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      subject_key text NOT NULL CHECK (subject_key ~ '^(organisation|network|region|proposal):.+$'),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
      description text NOT NULL CHECK (char_length(description) <= 1000),
      sections jsonb NOT NULL CHECK (jsonb_typeof(sections) = 'array'),
      created_by bigint REFERENCES users,
      updated_by bigint REFERENCES users,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      deleted_at timestamptz
    );
    CREATE INDEX report_definitions_subject ON report_definitions (subject_key)
      WHERE deleted_at IS NULL;

    CREATE TABLE report_commentary (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      subject_key text NOT NULL CHECK (subject_key ~ '^(organisation|network|region|proposal):.+$'),
      metric_id text NOT NULL,
      period date NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4000),
      author_user_id bigint REFERENCES users,
      author_label text NOT NULL,
      saved_at timestamptz NOT NULL,
      UNIQUE (subject_key, metric_id, period, version)
    );

    CREATE FUNCTION report_commentary_append_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'report_commentary is append-only: save a new version instead';
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER report_commentary_append_only BEFORE UPDATE OR DELETE ON report_commentary
      FOR EACH ROW EXECUTE FUNCTION report_commentary_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE report_commentary;
    DROP FUNCTION report_commentary_append_only();
    DROP TABLE report_definitions;
  `.execute(db);
}
