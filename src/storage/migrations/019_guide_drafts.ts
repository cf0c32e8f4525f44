import { sql, type Kysely } from "kysely";

/**
 * Guide drafts (issue 16; src/guides/authoring, docs/guides.md "Authoring and review").
 * `guide_drafts` holds a version being written: `content` is a whole `GuideVersion` that may not
 * yet pass the guide checks (it is checked on submit and again on publish). `base_version` is
 * the published version it started from (null for a new guide). Drafts are never deleted: a
 * withdrawn or published draft stays, with its events, as the record of who did what.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE guide_drafts (
      draft_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      guide_id text NOT NULL CHECK (guide_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      base_version text CHECK (base_version ~ '^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$'),
      version text NOT NULL CHECK (version ~ '^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$'),
      content jsonb NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN
        ('draft', 'in_review', 'changes_requested', 'approved', 'published', 'withdrawn')),
      author_user_id bigint NOT NULL,
      reviewer_user_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX guide_drafts_author ON guide_drafts (author_user_id, status);
    CREATE INDEX guide_drafts_status ON guide_drafts (status, updated_at);
    CREATE TABLE guide_draft_events (
      event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      draft_id bigint NOT NULL REFERENCES guide_drafts (draft_id),
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 4000)
    );
    CREATE INDEX guide_draft_events_draft ON guide_draft_events (draft_id, event_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS guide_draft_events;
    DROP TABLE IF EXISTS guide_drafts;
  `.execute(db);
}
