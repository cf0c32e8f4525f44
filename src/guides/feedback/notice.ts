/** The email telling a giver their feedback was answered (plain text; kind "notification"). */
import type { MailMessage } from "../../accounts/mail.js";

export function feedbackNotice(
  to: string,
  ref: string,
  guideId: string,
  status: string,
  response: string,
  publicUrl: string,
): MailMessage {
  return {
    kind: "notification",
    to,
    subject: `Your feedback ${ref} has an answer`,
    text: [
      `The authors of the guide "${guideId}" have answered your feedback ${ref}.`,
      "",
      `Status: ${status}`,
      ...(response ? ["", "Their response:", response] : []),
      "",
      "See all your feedback and its answers here:",
      `${publicUrl.replace(/\/$/, "")}/guides/feedback`,
    ].join("\n"),
  };
}
