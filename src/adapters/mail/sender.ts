/**
 * The sender: takes due messages from the outbox and hands them to the transport (./transport.ts).
 *
 * Each `drainOnce` claims up to `batchSize` due messages (src/storage/outbox-store.ts: claimed
 * with FOR UPDATE SKIP LOCKED and leased, so any number of senders, in other processes or on
 * other machines, never claim one message twice), sends them one after another and records each
 * outcome. A failed attempt is retried after 1, 2, 4, 8, 16, 32 minutes, then hourly; after the
 * 8th failure the message is given up (kept with its last error, never silently dropped).
 *
 * Delivery is at least once: a process that dies after the SMTP server accepted a message but
 * before recording it leaves the message to be sent again when its lease ends.
 */
import type { Logger } from "pino";
import type { OutboxStore, QueuedMail } from "../../accounts/mail.js";
import type { MailTransport } from "./transport.js";

export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 3_600_000;
/** How long a claimed message is held by its sender: longer than any SMTP conversation. */
const LEASE_MS = 10 * 60_000;
/** After `wake`, how soon to drain: enqueues close together go in one batch. */
const WAKE_DELAY_MS = 200;

/** The wait before the next attempt, after `attempts` failed ones: 1 min, 2, 4 … at most 1 hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export interface MailSenderDeps {
  store: OutboxStore;
  transport: MailTransport;
  clock?: () => Date;
  logger: Logger;
  /** Messages claimed per drain (default 20). */
  batchSize?: number;
}

export interface DrainReport {
  sent: number;
  failed: number;
}

export interface MailSender {
  /** Claims the due messages (up to the batch size) and tries each once. */
  drainOnce(): Promise<DrainReport>;
  /** Drains soon (a message was just queued); nothing happens unless started. */
  wake(): void;
  /** Drains now and then every `intervalMs` (an unref'd timer: it never keeps the process up). */
  start(intervalMs?: number): void;
  /** Stops the timer and waits for a drain in progress. */
  stop(): Promise<void>;
}

export function createMailSender(deps: MailSenderDeps): MailSender {
  const { store, transport, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const batchSize = deps.batchSize ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let started = false;

  async function attempt(message: QueuedMail): Promise<boolean> {
    try {
      await transport.send(message);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const giveUp = message.attempts >= MAX_ATTEMPTS;
      const next = giveUp ? null : new Date(clock().getTime() + retryDelayMs(message.attempts));
      await store.markFailed(message.id, error, next);
      const about = { mail: { id: message.id, kind: message.kind, attempts: message.attempts } };
      if (giveUp)
        logger.error(
          about,
          `mail ${message.id} given up after ${message.attempts} attempts: ${error}`,
        );
      else
        logger.warn(
          about,
          `mail ${message.id} not sent (will retry at ${next?.toISOString()}): ${error}`,
        );
      return false;
    }
    await store.markSent(message.id, transport.kind, clock());
    return true;
  }

  async function drainOnce(): Promise<DrainReport> {
    const now = clock();
    const due = await store.claimDue(batchSize, now, new Date(now.getTime() + LEASE_MS));
    const report = { sent: 0, failed: 0 };
    for (const message of due) {
      if (await attempt(message)) report.sent++;
      else report.failed++;
    }
    return report;
  }

  /** One drain at a time per sender; a tick during a drain is skipped (the next one follows). */
  function tick(): void {
    if (running || !started) return;
    running = drainOnce()
      .then((report) => {
        // A full batch: more may be due; go on without waiting for the timer.
        if (report.sent + report.failed === batchSize) setImmediate(tick);
      })
      .catch((e: unknown) => logger.error({ err: e }, "mail sender failed"))
      .finally(() => (running = undefined));
  }

  return {
    drainOnce,
    wake() {
      if (!started || wakeTimer) return;
      wakeTimer = setTimeout(() => {
        wakeTimer = undefined;
        tick();
      }, WAKE_DELAY_MS);
      wakeTimer.unref();
    },
    start(intervalMs = 30_000) {
      if (started) return;
      started = true;
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    async stop() {
      started = false;
      clearInterval(timer);
      clearTimeout(wakeTimer);
      wakeTimer = undefined;
      await running;
    },
  };
}
