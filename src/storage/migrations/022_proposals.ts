import { sql, type Kysely } from "kysely";

/**
 * Test-at-scale proposals (issue 17 item 4; src/proposals, docs/proposals.md). A network's leads
 * draft a proposal; reviewers review it; once approved it runs and is evaluated.
 *
 * - `proposals`: one proposal and its current state, with the minimum detectable effect as it
 *   was computed when the proposal was last saved (the inputs may change with later imports, so
 *   the page says when it was computed);
 * - `proposal_organisations`: participants and comparators (chosen before the start), each an
 *   organisation that exists;
 * - `proposal_transitions`: every change of state, who made it, when and why (append-only by
 *   use: the service only inserts);
 * - `proposal_comments`: reviewers' and leads' comments.
 *
 * The role `proposal_reviewer` (a national role) joins the CHECKs of `role_grants`. No data-version
 * trigger: proposal pages are not cached.
 */
// The states of src/proposals/states.ts, quoted by Kysely (DDL takes no parameters).
const STATES = sql.join(
  ["draft", "submitted", "in_review", "approved", "declined", "running", "evaluated", "closed"].map(
    (state) => sql.lit(state),
  ),
);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE role_grants DROP CONSTRAINT role_grants_role_check;
    ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check
      CHECK (role IN ('organisation_member', 'organisation_analyst', 'network_member',
        'network_lead', 'guide_author', 'proposal_reviewer', 'national_admin'));
    ALTER TABLE role_grants DROP CONSTRAINT role_grants_check;
    ALTER TABLE role_grants ADD CONSTRAINT role_grants_check
      CHECK ((role IN ('guide_author', 'proposal_reviewer', 'national_admin')) = (scope = ''));

    CREATE TABLE proposals (
      proposal_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      network_id text NOT NULL REFERENCES networks (network_id),
      state text NOT NULL DEFAULT 'draft' CHECK (state IN (${STATES})),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
      aim text NOT NULL CHECK (char_length(aim) <= 2000),
      approach text NOT NULL CHECK (char_length(approach) <= 20000),
      change_ideas text[] NOT NULL DEFAULT '{}',
      primary_metric_id text NOT NULL,
      balancing_metric_ids text[] NOT NULL DEFAULT '{}',
      baseline_start date NOT NULL,
      baseline_end date NOT NULL,
      planned_start date NOT NULL,
      follow_up_end date NOT NULL,
      expected_effect double precision NOT NULL,
      expected_direction text NOT NULL CHECK (expected_direction IN ('increase', 'decrease')),
      mde double precision,
      mde_standard_error double precision,
      mde_placebos integer,
      mde_participants integer,
      mde_comparators integer,
      mde_computed_at timestamptz,
      timeline text NOT NULL CHECK (char_length(timeline) <= 20000),
      resources text NOT NULL CHECK (char_length(resources) <= 20000),
      evaluation text NOT NULL DEFAULT '' CHECK (char_length(evaluation) <= 20000),
      created_by bigint REFERENCES users (user_id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (baseline_start < baseline_end),
      CHECK (baseline_end <= planned_start),
      CHECK (planned_start < follow_up_end),
      CHECK (state <> 'evaluated' OR char_length(evaluation) > 0)
    );
    CREATE INDEX proposals_network ON proposals (network_id, state);
    CREATE INDEX proposals_state ON proposals (state);

    CREATE TABLE proposal_organisations (
      proposal_id bigint NOT NULL REFERENCES proposals ON DELETE CASCADE,
      org_code text NOT NULL REFERENCES organisations (org_code),
      part text NOT NULL CHECK (part IN ('participant', 'comparator')),
      PRIMARY KEY (proposal_id, org_code)
    );

    CREATE TABLE proposal_transitions (
      transition_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      proposal_id bigint NOT NULL REFERENCES proposals ON DELETE CASCADE,
      from_state text CHECK (from_state IN (${STATES})),
      to_state text NOT NULL CHECK (to_state IN (${STATES})),
      actor_user_id bigint REFERENCES users (user_id) ON DELETE SET NULL,
      actor_label text NOT NULL,
      reason text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 4000),
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX proposal_transitions_proposal ON proposal_transitions (proposal_id, at);

    CREATE TABLE proposal_comments (
      comment_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      proposal_id bigint NOT NULL REFERENCES proposals ON DELETE CASCADE,
      author_user_id bigint REFERENCES users (user_id) ON DELETE SET NULL,
      author_label text NOT NULL,
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX proposal_comments_proposal ON proposal_comments (proposal_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS proposal_comments;
    DROP TABLE IF EXISTS proposal_transitions;
    DROP TABLE IF EXISTS proposal_organisations;
    DROP TABLE IF EXISTS proposals;
    DELETE FROM role_grants WHERE role = 'proposal_reviewer';
    ALTER TABLE role_grants DROP CONSTRAINT role_grants_check;
    ALTER TABLE role_grants ADD CONSTRAINT role_grants_check
      CHECK ((role IN ('guide_author', 'national_admin')) = (scope = ''));
    ALTER TABLE role_grants DROP CONSTRAINT role_grants_role_check;
    ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check
      CHECK (role IN ('organisation_member', 'organisation_analyst', 'network_member',
        'network_lead', 'guide_author', 'national_admin'));
  `.execute(db);
}
