/** The emails about a person's own account, in plain words (links are absolute: `publicUrl`). */
import type { MailMessage } from "./mail.js";

export function verifyEmailMessage(to: string, link: string, hours: number): MailMessage {
  return {
    kind: "verify_email",
    to,
    subject: "Confirm your email address for Improvement Hub",
    text: [
      "Confirm your email address for your Improvement Hub account by opening this link:",
      "",
      link,
      "",
      `The link works once and expires in ${hours} ${hours === 1 ? "hour" : "hours"}.`,
      "If you did not ask for this, you can ignore this email.",
    ].join("\n"),
  };
}

export function resetPasswordMessage(to: string, link: string, minutes: number): MailMessage {
  return {
    kind: "reset_password",
    to,
    subject: "Reset your Improvement Hub password",
    text: [
      "Someone (we hope you) asked to reset the password of your Improvement Hub account.",
      "Choose a new password by opening this link:",
      "",
      link,
      "",
      `The link works once and expires in ${minutes} minutes. Asking again voids it.`,
      "If you did not ask for this, you can ignore this email: your password has not changed.",
    ].join("\n"),
  };
}

/** A security notice: something changed that the person should know about if it was not them. */
export function securityNotice(to: string, what: string): MailMessage {
  return {
    kind: "security",
    to,
    subject: `Improvement Hub: ${what}`,
    text: [
      `${what} on your Improvement Hub account.`,
      "",
      "If this was you, there is nothing to do.",
      "If it was not, reset your password now and tell your administrator.",
    ].join("\n"),
  };
}
