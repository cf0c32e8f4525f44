import { sql, type Kysely } from "kysely";

/**
 * Access to the API (issue 18 item 3; docs/accounts.md "API tokens" and "Rate limits").
 *
 * `api_tokens`: personal API tokens. The token itself (`ih_<prefix>_<secret>`, 256 random bits)
 * is shown to its owner once; the table keeps its SHA-256 (`token_hash`) and the short
 * `prefix`, which is not secret, so that people can tell their tokens apart. A revoked token
 * stays (revoked_at set) so the account page and the audit log can still name it. At most one
 * live token per person has a given name (case-insensitively).
 *
 * `api_rate_limits`: fixed-window counters for the API, per key (a token, an address) and
 * window length: one `INSERT … ON CONFLICT DO UPDATE … RETURNING count` per request, so every
 * process and instance counts together. Windows last at most a day; older rows are deleted by
 * the limiter now and then (the index on window_start makes that cheap). Migration 012's
 * `rate_limits` counts sign-in attempts per bucket; these are kept apart because the API's
 * counts are many times more frequent and are pruned on their own schedule.
 *
 * The counters are UNLOGGED: they write no WAL, so a request's count commits without waiting
 * for a disk flush (a logged table held the API to ~120 requests a second on one hot key, every
 * commit an fsync; `npm run bench` web_api_*). A crash empties the table, which only forgets
 * the current windows' counts; replicas do not carry it, and need not: the primary counts.
 *
 * Neither table moves the data version (migration 004): using the API invalidates no page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE api_tokens (
      token_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
      scope text NOT NULL CHECK (scope IN ('read', 'read_write')),
      prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[0-9a-f]{8}$'),
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz,
      CHECK (expires_at IS NULL OR expires_at > created_at)
    );
    CREATE INDEX api_tokens_user ON api_tokens (user_id);
    CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (user_id, lower(name))
      WHERE revoked_at IS NULL;

    CREATE UNLOGGED TABLE api_rate_limits (
      key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
      window_seconds integer NOT NULL CHECK (window_seconds BETWEEN 1 AND 86400),
      window_start timestamptz NOT NULL,
      count integer NOT NULL,
      PRIMARY KEY (key, window_seconds, window_start)
    );
    CREATE INDEX api_rate_limits_window ON api_rate_limits (window_start);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE api_rate_limits; DROP TABLE api_tokens;`.execute(db);
}
