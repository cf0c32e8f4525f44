import { sql, type Kysely } from "kysely";

/**
 * Network workspaces (issue 17 item 1; src/networks, docs/networks.md "Workspaces").
 *
 * - `network_deputies`: which of a network's leads (people holding `network_lead` for it) are
 *   deputy leads. A designation, not a role: the policy treats a deputy as a lead.
 * - `network_join_requests`: a signed-in person asks to join a network, themselves (as a
 *   `network_member`) and/or an organisation they belong to; a lead approves or declines with a
 *   reason. At most one pending request per person and network.
 * - `network_events` and `network_event_actions`: meetings with their agenda, notes and actions.
 * - `network_activity`: the feed (src/networks/activity.ts); `visibility` 'network' items are for
 *   the network's members and leads only.
 *
 * No data-version triggers: every page that shows these tables is made for one person and never
 * cached (the cached pages read `network_members`, which has its trigger since migration 004).
 * Rows go with their network; a person's rows keep their history when the account is removed
 * (the user columns are set null, names are kept as text where a page shows them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE network_deputies (
      network_id text NOT NULL REFERENCES networks (network_id) ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
      designated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (network_id, user_id)
    );
    CREATE TABLE network_join_requests (
      request_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      network_id text NOT NULL REFERENCES networks (network_id) ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
      as_person boolean NOT NULL,
      org_code text REFERENCES organisations (org_code) ON DELETE CASCADE,
      message text NOT NULL DEFAULT '' CHECK (length(message) <= 1000),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
      reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
      decided_by bigint REFERENCES users (user_id) ON DELETE SET NULL,
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (as_person OR org_code IS NOT NULL),
      CHECK ((status = 'pending') = (decided_at IS NULL)),
      CHECK (status <> 'declined' OR reason <> '')
    );
    CREATE UNIQUE INDEX network_join_requests_pending ON network_join_requests (network_id, user_id)
      WHERE status = 'pending';
    CREATE TABLE network_events (
      event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      network_id text NOT NULL REFERENCES networks (network_id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      held_on date NOT NULL,
      starts_at text CHECK (starts_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      place text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
      agenda text NOT NULL DEFAULT '' CHECK (length(agenda) <= 20000),
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 50000),
      created_by bigint REFERENCES users (user_id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX network_events_by_date ON network_events (network_id, held_on);
    CREATE TABLE network_event_actions (
      action_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id bigint NOT NULL REFERENCES network_events (event_id) ON DELETE CASCADE,
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
      owner_user_id bigint REFERENCES users (user_id) ON DELETE SET NULL,
      owner_name text NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 200),
      due_on date,
      done_at timestamptz,
      done_by bigint REFERENCES users (user_id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX network_event_actions_event ON network_event_actions (event_id);
    CREATE TABLE network_activity (
      activity_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      network_id text NOT NULL REFERENCES networks (network_id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      kind text NOT NULL CHECK (kind ~ '^[a-z_]+(\\.[a-z_]+)+$'),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
      href text NOT NULL CHECK (href ~ '^/'),
      actor_user_id bigint REFERENCES users (user_id) ON DELETE SET NULL,
      visibility text NOT NULL CHECK (visibility IN ('network', 'public'))
    );
    CREATE INDEX network_activity_feed ON network_activity (network_id, activity_id DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS network_activity;
    DROP TABLE IF EXISTS network_event_actions;
    DROP TABLE IF EXISTS network_events;
    DROP TABLE IF EXISTS network_join_requests;
    DROP TABLE IF EXISTS network_deputies;
  `.execute(db);
}
