import { sql, type Kysely } from "kysely";

/**
 * Rebase decisions (issue 17 item 6; src/rebases, docs/spc.md "Rebase decisions"): an
 * organisation analyst's record that one metric's process changed for a known reason, so its SPC
 * limits start again at `period_start`. Every chart, icon, table and summary of that organisation
 * and metric applies the current (not withdrawn) decisions as phase breaks.
 *
 * A decision is never edited: it is recorded, and may later be withdrawn with a reason; the row
 * stays, so the history of the organisation's baselines can be read back. A trigger refuses any
 * other update. `proposal_id` names a test-at-scale proposal with no foreign key yet (the
 * proposals table lands separately); the change idea is named by guide and idea ids, which live in
 * the guides' published content, not in a table of their own.
 *
 * The analytics read the table, and pages are cached per data version: its rows move the data
 * version (migration 004), so caches and precomputed summaries refresh at the commit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rebase_decisions (
      decision_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_code text NOT NULL REFERENCES organisations (org_code) ON DELETE CASCADE,
      metric_id text NOT NULL REFERENCES metrics (metric_id) ON DELETE CASCADE,
      period_start date NOT NULL,
      reason text NOT NULL CHECK (char_length(btrim(reason)) BETWEEN 1 AND 500),
      guide_id text CHECK (guide_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      change_idea_id text CHECK (change_idea_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      proposal_id bigint CHECK (proposal_id > 0),
      recorded_by_user_id bigint REFERENCES users (user_id) ON DELETE SET NULL,
      recorded_by_name text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      withdrawn_by_user_id bigint REFERENCES users (user_id) ON DELETE SET NULL,
      withdrawn_by_name text,
      withdrawal_reason text CHECK (char_length(btrim(withdrawal_reason)) BETWEEN 1 AND 500),
      CHECK ((guide_id IS NULL) = (change_idea_id IS NULL)),
      CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL)),
      CHECK ((withdrawn_at IS NULL) = (withdrawn_by_name IS NULL))
    );
    -- One current decision per organisation, metric and period; withdrawn ones stay beside it.
    CREATE UNIQUE INDEX rebase_decisions_current ON rebase_decisions (org_code, metric_id, period_start)
      WHERE withdrawn_at IS NULL;
    CREATE INDEX rebase_decisions_org ON rebase_decisions (org_code, recorded_at);

    CREATE FUNCTION rebase_decision_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.withdrawn_at IS NOT NULL
         OR (NEW.org_code, NEW.metric_id, NEW.period_start, NEW.reason, NEW.guide_id,
             NEW.change_idea_id, NEW.proposal_id, NEW.recorded_by_name, NEW.recorded_at)
            IS DISTINCT FROM
            (OLD.org_code, OLD.metric_id, OLD.period_start, OLD.reason, OLD.guide_id,
             OLD.change_idea_id, OLD.proposal_id, OLD.recorded_by_name, OLD.recorded_at) THEN
        RAISE EXCEPTION 'a rebase decision is never edited: it may only be withdrawn, once';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER rebase_decision_unchanged BEFORE UPDATE ON rebase_decisions
      FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION rebase_decision_unchanged();

    CREATE TRIGGER data_change AFTER INSERT OR DELETE ON rebase_decisions
      FOR EACH ROW EXECUTE FUNCTION note_data_change();
    CREATE TRIGGER data_change_update AFTER UPDATE ON rebase_decisions
      FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION note_data_change();
    CREATE TRIGGER data_change_truncate AFTER TRUNCATE ON rebase_decisions
      FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS rebase_decisions;
    DROP FUNCTION IF EXISTS rebase_decision_unchanged();
  `.execute(db);
}
