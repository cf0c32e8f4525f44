/** Email sent by the hub: the outbox port (the mail branch brings the SMTP side). */
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
