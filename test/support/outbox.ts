/** An outbox that keeps what it is given: for tests that read an email's link. */
import type { MailMessage, Outbox } from "../../src/accounts/mail.js";

export interface RecordingOutbox extends Outbox {
  sent: MailMessage[];
  /** The first link in the last message to `to`. */
  linkTo(to: string): string;
}

export function recordingOutbox(): RecordingOutbox {
  const sent: MailMessage[] = [];
  return {
    sent,
    enqueue: async (message) => void sent.push(message),
    linkTo(to) {
      const message = sent.filter((m) => m.to === to).at(-1);
      const link = message?.text.match(/https?:\/\/\S+/)?.[0];
      if (!link) throw new Error(`no link sent to ${to}`);
      return link;
    },
  };
}
