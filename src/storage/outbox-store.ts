/**
 * The mail outbox over PostgreSQL (the port is src/accounts/mail.ts; the table, migration 011).
 *
 * Claiming is one transaction: select the due rows FOR UPDATE SKIP LOCKED (a row another sender
 * is claiming at that moment is skipped, not waited for), then move each row's next attempt to
 * the lease's end and count the attempt. Once committed, no other sender sees the rows as due
 * until the lease ends, so the SMTP conversation happens outside any transaction and no
 * connection is held while a mail server is slow.
 */
import { sql, type Selectable } from "kysely";
import type { MailKind, OutboxEntry, OutboxStore, QueuedMail } from "../accounts/mail.js";
import type { Db, MailOutboxTable } from "./schema.js";

type Row = Selectable<MailOutboxTable>;

const message = (r: Row) => ({
  kind: r.kind as MailKind,
  to: r.to_address,
  subject: r.subject,
  text: r.text_body,
  ...(r.html_body === null ? {} : { html: r.html_body }),
});

const entry = (r: Row): OutboxEntry => ({
  id: r.id,
  ...message(r),
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  sentAt: r.sent_at,
  deliveredBy: r.delivered_by,
  lastError: r.last_error,
});

/** Errors are kept for people to read, not as a log: the first few thousand characters. */
const MAX_ERROR = 2000;

export function createOutboxStore(db: Db): OutboxStore {
  return {
    async enqueue(m, now) {
      const row = await db
        .insertInto("mail_outbox")
        .values({
          kind: m.kind,
          to_address: m.to,
          subject: m.subject,
          text_body: m.text,
          html_body: m.html ?? null,
          created_at: now,
          next_attempt_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    claimDue(limit, now, leaseUntil) {
      return db.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom("mail_outbox")
          .select("id")
          .where("sent_at", "is", null)
          .where("next_attempt_at", "<=", now)
          .orderBy("next_attempt_at")
          .orderBy("id")
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (due.length === 0) return [];
        const rows = await trx
          .updateTable("mail_outbox")
          .set({ next_attempt_at: leaseUntil, attempts: sql`attempts + 1` })
          .where(
            "id",
            "in",
            due.map((r) => r.id),
          )
          .returningAll()
          .execute();
        return rows
          .sort((a, b) => a.id - b.id)
          .map((r): QueuedMail => ({ id: r.id, ...message(r), attempts: r.attempts }));
      });
    },

    async markSent(id, deliveredBy, at) {
      await db
        .updateTable("mail_outbox")
        .set({ sent_at: at, delivered_by: deliveredBy, next_attempt_at: null })
        .where("id", "=", id)
        .execute();
    },

    async markFailed(id, error, nextAttemptAt) {
      await db
        .updateTable("mail_outbox")
        .set({ last_error: error.slice(0, MAX_ERROR), next_attempt_at: nextAttemptAt })
        .where("id", "=", id)
        .where("sent_at", "is", null)
        .execute();
    },

    async recent(limit) {
      const rows = await db
        .selectFrom("mail_outbox")
        .selectAll()
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(entry);
    },
  };
}
