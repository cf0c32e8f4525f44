/** Placeholder of the port the mail branch brings (replaced at its merge). */
export interface MailMessage {
  kind: "invitation" | "verify_email" | "reset_password" | "security" | "notification";
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Outbox {
  enqueue(message: MailMessage): Promise<void>;
}
