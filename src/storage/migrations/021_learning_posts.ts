import { sql, type Kysely } from "kysely";

/**
 * Shared learning (issue 17; src/networks/learning, docs/networks.md "Shared learning").
 * `learning_posts` is one post of a network, about a change at one organisation; its change
 * ideas (guide and change idea ids: the guides are versioned content, so checked by the service,
 * not by foreign keys) and its measures (catalogue metric ids) are rows of their own. A measure
 * row carries its verdict with the data version it was computed on, so the refresh after each
 * import only recomputes what is stale; `learning_verdict_changes` keeps every change of a
 * verdict for the post's "Verdict changed on …" line. Updates and comments are the post's own.
 *
 * Privacy is the reason for the constraints: a post is a draft (its author only) until
 * published, and only a published post carries a publication time; a post is featured only
 * after a network lead nominated it. Pages showing posts are personal (never cached), so no
 * data-version trigger is needed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE learning_posts (
      post_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      network_id text NOT NULL REFERENCES networks (network_id) ON DELETE CASCADE,
      author_user_id bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
      org_code text NOT NULL REFERENCES organisations (org_code) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('what_worked', 'case_study')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      change_date date NOT NULL,
      topic text,
      care_setting text,
      visibility text NOT NULL CHECK (visibility IN ('network', 'public')),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
      published_at timestamptz,
      nominated_at timestamptz,
      nominated_by bigint,
      featured_at timestamptz,
      featured_by bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'published') = (published_at IS NOT NULL)),
      CHECK (nominated_at IS NULL OR status = 'published'),
      CHECK (featured_at IS NULL OR nominated_at IS NOT NULL)
    );
    CREATE INDEX learning_posts_feed ON learning_posts (featured_at DESC NULLS LAST, published_at DESC)
      WHERE status = 'published';
    CREATE INDEX learning_posts_author ON learning_posts (network_id, author_user_id);
    CREATE TABLE learning_post_ideas (
      post_id bigint NOT NULL REFERENCES learning_posts (post_id) ON DELETE CASCADE,
      guide_id text NOT NULL,
      change_idea_id text NOT NULL,
      position integer NOT NULL,
      PRIMARY KEY (post_id, guide_id, change_idea_id)
    );
    CREATE INDEX learning_post_ideas_idea ON learning_post_ideas (guide_id, change_idea_id);
    CREATE TABLE learning_post_measures (
      post_id bigint NOT NULL REFERENCES learning_posts (post_id) ON DELETE CASCADE,
      metric_id text NOT NULL,
      position integer NOT NULL,
      verdict text CHECK (verdict IN
        ('improvement', 'no_change', 'deterioration', 'mixed', 'changed', 'not_enough_data')),
      reason text,
      points_since integer,
      baseline_points integer,
      provisional boolean,
      data_version text,
      computed_at timestamptz,
      PRIMARY KEY (post_id, metric_id)
    );
    CREATE TABLE learning_verdict_changes (
      change_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      post_id bigint NOT NULL REFERENCES learning_posts (post_id) ON DELETE CASCADE,
      metric_id text NOT NULL,
      from_verdict text NOT NULL,
      to_verdict text NOT NULL,
      changed_at timestamptz NOT NULL
    );
    CREATE INDEX learning_verdict_changes_post ON learning_verdict_changes (post_id);
    CREATE TABLE learning_updates (
      update_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      post_id bigint NOT NULL REFERENCES learning_posts (post_id) ON DELETE CASCADE,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX learning_updates_post ON learning_updates (post_id);
    CREATE TABLE learning_comments (
      comment_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      post_id bigint NOT NULL REFERENCES learning_posts (post_id) ON DELETE CASCADE,
      author_user_id bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX learning_comments_post ON learning_comments (post_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS learning_comments;
    DROP TABLE IF EXISTS learning_updates;
    DROP TABLE IF EXISTS learning_verdict_changes;
    DROP TABLE IF EXISTS learning_post_measures;
    DROP TABLE IF EXISTS learning_post_ideas;
    DROP TABLE IF EXISTS learning_posts;
  `.execute(db);
}
