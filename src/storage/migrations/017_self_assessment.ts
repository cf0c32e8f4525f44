import { sql, type Kysely } from "kysely";

/**
 * Self-assessment rounds (issue 16; src/assessments, docs/guides.md "Self-assessment").
 * `assessment_rounds` is one organisation's round of one maturity matrix (the matrices are
 * files in the repository, so `matrix_id` is checked there, not by a foreign key);
 * `assessment_answers` is its level and evidence per matrix row.
 *
 * Rounds go with their organisation (only synthetic demo organisations are ever deleted).
 * Privacy is the reason for the constraints: a round is private unless the organisation shares
 * it, and only a submitted round carries a submission time. The index on (matrix_id,
 * visibility, status) serves the network view, which reads shared submitted rounds only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assessment_rounds (
      round_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      matrix_id text NOT NULL CHECK (matrix_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      org_code text NOT NULL REFERENCES organisations (org_code) ON DELETE CASCADE,
      assessed_on date NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
      visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
      guide_version text CHECK (guide_version ~ '^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$'),
      started_by text NOT NULL,
      submitted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
    );
    CREATE INDEX assessment_rounds_org ON assessment_rounds (org_code, matrix_id, assessed_on);
    CREATE INDEX assessment_rounds_shared ON assessment_rounds (matrix_id, org_code, assessed_on)
      WHERE visibility = 'shared' AND status = 'submitted';
    CREATE TABLE assessment_answers (
      round_id bigint NOT NULL REFERENCES assessment_rounds (round_id) ON DELETE CASCADE,
      row_id text NOT NULL CHECK (row_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      score integer CHECK (score BETWEEN 0 AND 10),
      evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 2000),
      PRIMARY KEY (round_id, row_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS assessment_answers;
    DROP TABLE IF EXISTS assessment_rounds;
  `.execute(db);
}
