import { sql, type Kysely } from "kysely";

/**
 * Feedback on guides (issue 16; src/guides/feedback, docs/guides.md "Feedback").
 * `guide_feedback` is one item given on a guide version (optionally a section and a change
 * idea); `guide_feedback_events` is its history. Illustrative samples shipped with a guide have
 * no giver and no organisation (`sample`), so they are never attributed to a real one.
 *
 * The CHECKs keep each status honest: "planned" names the version it is planned for, "done" the
 * version it landed in, "declined" its reason; "worked" is only answered by those who tried it.
 * `ref` is unique because changelogs cite it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE guide_feedback (
      feedback_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ref text NOT NULL UNIQUE CHECK (ref ~ '^[A-Z]+(-[A-Z]+)*-[0-9]+$'),
      guide_id text NOT NULL REFERENCES guides (guide_id),
      version text NOT NULL,
      section_id text,
      change_idea_id text,
      user_id bigint REFERENCES users (user_id) ON DELETE SET NULL,
      org_code text REFERENCES organisations (org_code) ON DELETE CASCADE,
      show_org boolean NOT NULL DEFAULT false,
      useful text NOT NULL CHECK (useful IN ('yes', 'partly', 'no')),
      tried text NOT NULL CHECK (tried IN ('yes', 'planning', 'no')),
      worked text CHECK (worked IN ('yes', 'partly', 'no', 'too_early')),
      change_text text NOT NULL DEFAULT '' CHECK (length(change_text) <= 4000),
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
      status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'accepted', 'planned', 'done', 'declined')),
      planned_for text,
      landed_in text,
      reason text,
      response text NOT NULL DEFAULT '' CHECK (length(response) <= 4000),
      sample boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      answered_at timestamptz,
      seen_by_giver_at timestamptz,
      CHECK (worked IS NULL OR tried = 'yes'),
      CHECK (change_idea_id IS NULL OR section_id IS NOT NULL),
      CHECK (status <> 'planned' OR planned_for IS NOT NULL),
      CHECK (status <> 'done' OR landed_in IS NOT NULL),
      CHECK (status <> 'declined' OR (reason IS NOT NULL AND length(reason) > 0)),
      CHECK (sample OR org_code IS NOT NULL)
    );
    CREATE INDEX guide_feedback_queue ON guide_feedback (guide_id, version, status, created_at);
    CREATE INDEX guide_feedback_giver ON guide_feedback (user_id) WHERE user_id IS NOT NULL;
    CREATE TABLE guide_feedback_events (
      event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      feedback_id bigint NOT NULL REFERENCES guide_feedback (feedback_id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      what text NOT NULL
    );
    CREATE INDEX guide_feedback_events_item ON guide_feedback_events (feedback_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS guide_feedback_events;
    DROP TABLE IF EXISTS guide_feedback;
  `.execute(db);
}
