/**
 * `/dev/mailbox`: the development mailbox, every queued message (newest first) with how it left,
 * so that invitation, verification and reset links can be followed without a mail server. Only
 * registered when the composition root built a mailbox service (no SMTP_URL, not production:
 * src/config.ts `devMailboxEnabled`); otherwise the address is an ordinary 404.
 */
import type { FastifyPluginAsync } from "fastify";
import type { MailboxService, OutboxEntry } from "../../../accounts/mail.js";

/** A piece of a body line: plain text, or a web address made into a link. */
export interface BodyPart {
  text: string;
  href?: string;
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** A plain-text body as lines of parts, its http(s) addresses as links (escaped by the template). */
export function bodyLines(text: string): BodyPart[][] {
  return text.split(/\r?\n/).map((line) => {
    const parts: BodyPart[] = [];
    let last = 0;
    for (const match of line.matchAll(URL_PATTERN)) {
      const start = match.index;
      if (start > last) parts.push({ text: line.slice(last, start) });
      parts.push({ text: match[0], href: match[0] });
      last = start + match[0].length;
    }
    if (last < line.length) parts.push({ text: line.slice(last) });
    return parts;
  });
}

const kindLabel: Record<OutboxEntry["kind"], string> = {
  invitation: "Invitation",
  verify_email: "Email verification",
  reset_password: "Password reset",
  security: "Security notice",
  notification: "Notification",
};

const when = (d: Date) => `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;

function status(m: OutboxEntry): { text: string; tag: string } {
  if (m.sentAt)
    return {
      text: `${m.deliveredBy === "log" ? "Written to the log" : "Sent by SMTP"} at ${when(m.sentAt)}`,
      tag: "green",
    };
  if (!m.nextAttemptAt)
    return { text: `Given up after ${m.attempts} attempts: ${m.lastError ?? ""}`, tag: "red" };
  if (m.attempts === 0) return { text: "Queued, not sent yet", tag: "grey" };
  return {
    text: `Not sent yet: ${m.attempts} attempts, next at ${when(m.nextAttemptAt)}${m.lastError ? ` (${m.lastError})` : ""}`,
    tag: "orange",
  };
}

export const devMailboxRoutes =
  (mailbox: MailboxService): FastifyPluginAsync =>
  async (app) => {
    app.get("/dev/mailbox", async (_request, reply) => {
      const messages = (await mailbox.recent(50)).map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        kind: kindLabel[m.kind],
        created: when(m.createdAt),
        status: status(m),
        lines: bodyLines(m.text),
      }));
      // Live sign-in links: kept by no cache, shown to nobody else.
      reply.header("Cache-Control", "no-store");
      return reply.render("dev-mailbox/dev-mailbox.njk", { messages });
    });
  };
