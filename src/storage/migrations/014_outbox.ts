import { sql, type Kysely } from "kysely";

/**
 * The mail outbox (issue 15; src/accounts/mail.ts, docs/accounts.md "Email"): every message is
 * queued here inside the request and sent later by the sender (src/adapters/mail/sender.ts), which
 * claims due rows with FOR UPDATE SKIP LOCKED, so several processes or machines never send one
 * twice.
 *
 * `next_attempt_at` is when the message is next due: set to a lease while a sender holds it, to
 * the back-off after a failure, and null once it is sent or given up (after 8 attempts, with its
 * `last_error` kept). No data-version trigger (migration 004): mail must not invalidate pages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE mail_outbox (
      id bigserial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('invitation', 'verify_email', 'reset_password',
        'security', 'notification')),
      to_address text NOT NULL CHECK (char_length(to_address) BETWEEN 3 AND 254),
      subject text NOT NULL CHECK (subject !~ '[\\r\\n]'),
      text_body text NOT NULL,
      html_body text,
      created_at timestamptz NOT NULL DEFAULT now(),
      next_attempt_at timestamptz DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      sent_at timestamptz,
      last_error text,
      delivered_by text CHECK (delivered_by IN ('smtp', 'log')),
      CHECK ((sent_at IS NULL) = (delivered_by IS NULL))
    );
    -- The sender's question, "what is due?", reads only unsent messages still to be tried.
    CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)
      WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL;
    CREATE INDEX mail_outbox_recent ON mail_outbox (created_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS mail_outbox`.execute(db);
}
