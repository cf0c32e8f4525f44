/**
 * How a message leaves the platform: over SMTP (nodemailer) when SMTP_URL is set, otherwise
 * written to the log (recipient and subject at info, the body at debug: bodies hold sign-in
 * links), for development, where /dev/mailbox shows the messages too.
 */
import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { DeliveredBy, MailMessage } from "../../accounts/mail.js";
import type { Config } from "../../config.js";

export interface MailTransport {
  readonly kind: DeliveredBy;
  /** Resolves once the message is accepted (by the SMTP server); rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Bounded waits, so that a mail server that stops answering fails the attempt (and it is retried
 * later) well within the sender's lease on the message (./sender.ts).
 */
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

export function createMailTransport(
  config: Pick<Config, "smtpUrl" | "mailFrom">,
  logger: Logger,
): MailTransport {
  const from = config.mailFrom;
  if (!config.smtpUrl) {
    return {
      kind: "log",
      async send(message) {
        logger.info(
          { mail: { kind: message.kind, to: message.to, subject: message.subject } },
          `mail (not sent: SMTP_URL is not set) to ${message.to}: ${message.subject}`,
        );
        logger.debug({ mail: { to: message.to, text: message.text } }, "mail body");
      },
      close: () => undefined,
    };
  }
  const smtp = nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS });
  return {
    kind: "smtp",
    async send(message) {
      await smtp.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
        // Machine-sent: no out-of-office replies (RFC 3834).
        headers: { "Auto-Submitted": "auto-generated" },
      });
    },
    close: () => smtp.close(),
  };
}
