/**
 * Email (issue 15; docs/accounts.md, "Email"). Invitations, email verification, password reset,
 * security notices and notifications are never sent inside a request: the request queues them in
 * the outbox (a PostgreSQL table, src/storage/outbox-store.ts), and a sender
 * (src/adapters/mail/sender.ts) delivers them over SMTP, or writes them to the log when no SMTP
 * server is configured. So a slow or failing mail server never slows or fails a page, and a
 * message is retried, not lost.
 */
import { z } from "zod";
import { InputError } from "../errors.js";

export type MailKind =
  "invitation" | "verify_email" | "reset_password" | "security" | "notification";

export const mailKinds: readonly MailKind[] = [
  "invitation",
  "verify_email",
  "reset_password",
  "security",
  "notification",
];

export interface MailMessage {
  kind: MailKind;
  /** One address ("ada@example.nhs.uk"), never a list or a display name. */
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Messages are queued in the database and sent by the sender, never in the request. */
export interface Outbox {
  enqueue(message: MailMessage): Promise<void>;
}

/** How a message left: over SMTP, or written to the log (no SMTP_URL). */
export type DeliveredBy = "smtp" | "log";

/** A queued message as the sender claims it. */
export interface QueuedMail extends MailMessage {
  id: number;
  /** Attempts so far, this one included (claiming counts the attempt). */
  attempts: number;
}

/** A queued message with its history, for the development mailbox. */
export interface OutboxEntry extends MailMessage {
  id: number;
  createdAt: Date;
  attempts: number;
  /** When the next attempt is due; null once sent or given up. */
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  deliveredBy: DeliveredBy | null;
  lastError: string | null;
}

/** The outbox's persistence (implemented over PostgreSQL in src/storage/outbox-store.ts). */
export interface OutboxStore {
  /** Queues a message, due at `now`. Returns its id. */
  enqueue(message: MailMessage, now: Date): Promise<number>;
  /**
   * Up to `limit` messages due at `now` (oldest first), each claimed until `leaseUntil` with its
   * attempt counted, atomically: two senders (other processes, other machines) never claim the
   * same message. A message whose sender died mid-send is due again when its lease ends.
   */
  claimDue(limit: number, now: Date, leaseUntil: Date): Promise<QueuedMail[]>;
  markSent(id: number, deliveredBy: DeliveredBy, at: Date): Promise<void>;
  /** Records the failure; `nextAttemptAt` null: given up (kept, with its error, never retried). */
  markFailed(id: number, error: string, nextAttemptAt: Date | null): Promise<void>;
  /** The latest messages, newest first. */
  recent(limit: number): Promise<OutboxEntry[]>;
}

/** Header lines must not be split: a CR or LF in a subject or address is header injection. */
const oneLine = (s: string) => !/[\r\n]/.test(s);

/** The 254-character address limit (RFC 5321 path less its brackets). */
const mailMessageSchema = z.object({
  kind: z.enum(mailKinds as [MailKind, ...MailKind[]]),
  to: z.email().max(254).refine(oneLine, "must be one line"),
  subject: z.string().min(1).max(200).refine(oneLine, "must be one line (no line breaks)"),
  text: z.string().min(1).max(100_000),
  html: z.string().max(200_000).optional(),
});

/** The message, checked (one address, a one-line subject, bounded bodies); InputError if not. */
export function checkMailMessage(message: MailMessage): MailMessage {
  const parsed = mailMessageSchema.safeParse(message);
  if (parsed.success) return parsed.data;
  throw new InputError(
    "The email message is malformed.",
    parsed.error.issues.map((issue) => ({
      column: issue.path.join("."),
      value: JSON.stringify(
        (message as unknown as Record<string, unknown>)[issue.path.join(".")],
      )?.slice(0, 100),
      reason: issue.message,
    })),
  );
}

/**
 * The outbox over its store: checks each message, queues it, then calls `afterEnqueue` (the
 * sender's `wake`, so a message goes out in a moment rather than at the next poll).
 */
export function createOutbox(deps: {
  store: OutboxStore;
  now: () => Date;
  afterEnqueue?: () => void;
}): Outbox {
  return {
    async enqueue(message) {
      await deps.store.enqueue(checkMailMessage(message), deps.now());
      deps.afterEnqueue?.();
    },
  };
}

/**
 * The development mailbox (/dev/mailbox): what was queued and how it left. Only built when no
 * SMTP server is configured and not in production (src/config.ts `devMailboxEnabled`): its
 * messages hold live sign-in links.
 */
export interface MailboxService {
  recent(limit?: number): Promise<OutboxEntry[]>;
}

export function createMailboxService(store: Pick<OutboxStore, "recent">): MailboxService {
  return { recent: (limit = 50) => store.recent(Math.min(Math.max(1, limit), 200)) };
}
