import { sql, type Kysely } from "kysely";

/**
 * People and access (issue 15; docs/accounts.md): accounts, the identities that link them to a
 * single sign-on provider, second-factor recovery codes, role grants scoped to an organisation or
 * a network, invitations, single-use tokens (email verification, password reset), sessions,
 * rate-limit counters and the audit log.
 *
 * Secrets are never stored as given: passwords as argon2id hashes, tokens, session ids and
 * recovery codes as SHA-256 digests (each is 256 random bits, so a plain digest is enough), so a
 * copy of the database opens no account.
 *
 * None of these tables moves the data version (migration 004): signing in must not invalidate
 * every cached page.
 *
 * The audit log is append-only for every database role the application uses: a trigger refuses
 * UPDATE, DELETE and TRUNCATE (triggers bind table owners and superusers too; only someone who
 * can drop the trigger can rewrite history, and doing so is itself a schema change).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      user_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
      display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
      password_hash text,
      email_verified_at timestamptz,
      totp_secret text,
      totp_enabled_at timestamptz,
      -- The last TOTP time step accepted: a code is never accepted twice.
      totp_last_step bigint,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at timestamptz
    );
    CREATE UNIQUE INDEX users_email ON users (lower(email));

    CREATE TABLE user_identities (
      issuer text NOT NULL,
      subject text NOT NULL,
      user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
      email text,
      linked_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      PRIMARY KEY (issuer, subject)
    );
    CREATE INDEX user_identities_user ON user_identities (user_id);

    CREATE TABLE recovery_codes (
      user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    );

    CREATE TABLE role_grants (
      grant_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('organisation_member', 'organisation_analyst',
        'network_member', 'network_lead', 'guide_author', 'national_admin')),
      -- An ODS code, a network id, or '' for the national roles.
      scope text NOT NULL,
      granted_by bigint REFERENCES users ON DELETE SET NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, role, scope),
      CHECK ((role IN ('guide_author', 'national_admin')) = (scope = ''))
    );

    CREATE TABLE invitations (
      invitation_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
      role text NOT NULL,
      scope text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      invited_by bigint REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_by bigint REFERENCES users ON DELETE SET NULL,
      revoked_at timestamptz
    );

    CREATE TABLE account_tokens (
      token_hash text PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

    CREATE TABLE sessions (
      -- SHA-256 of the session id in the cookie.
      sid_hash text PRIMARY KEY,
      user_id bigint REFERENCES users ON DELETE CASCADE,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    );
    CREATE INDEX sessions_user ON sessions (user_id);
    CREATE INDEX sessions_expiry ON sessions (expires_at);

    CREATE TABLE rate_limits (
      bucket text NOT NULL,
      key text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (bucket, key, window_start)
    );

    CREATE TABLE audit_log (
      audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      -- No foreign key: the record outlives the account.
      actor_user_id bigint,
      actor_label text NOT NULL,
      action text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
      target_kind text,
      target_ref text,
      org_code text,
      network_id text,
      ip text,
      details jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_at ON audit_log (at DESC);
    CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at DESC);
    CREATE INDEX audit_log_action ON audit_log (action, at DESC);

    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE audit_log, rate_limits, sessions, account_tokens, invitations, role_grants,
      recovery_codes, user_identities, users;
    DROP FUNCTION audit_log_append_only()`.execute(db);
}
