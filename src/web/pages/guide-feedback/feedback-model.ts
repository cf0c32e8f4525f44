/** Words for feedback on the pages: statuses, answers, dates, the radios of the form. */
import type { FeedbackFilter } from "../../../guides/feedback/types.js";

interface Answered {
  status: string;
  plannedFor: string | null;
  landedIn: string | null;
  reason: string | null;
  response: string;
}

export function statusText(i: Answered): string {
  switch (i.status) {
    case "new":
      return "New";
    case "accepted":
      return "Accepted";
    case "planned":
      return `Planned for version ${i.plannedFor}`;
    case "done":
      return `Done in version ${i.landedIn}`;
    default:
      return "Declined";
  }
}

/** The authors' answer as one paragraph (declined: its reason first), or null if none yet. */
export function answerText(i: Answered): string | null {
  const parts = [
    i.status === "declined" && i.reason ? `Reason: ${i.reason}` : null,
    i.response || null,
  ];
  const text = parts.filter((p) => p !== null).join(" ");
  return text || null;
}

export const dateText = (d: Date): string =>
  d.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

export function filterQuery(f: FeedbackFilter): string {
  const q = new URLSearchParams();
  if (f.guideId) q.set("guide", f.guideId);
  if (f.version) q.set("version", f.version);
  if (f.sectionId) q.set("section", f.sectionId);
  if (f.status) q.set("status", f.status);
  return q.toString();
}

const radio = (value: string, text: string, current: string) => ({
  value,
  text,
  checked: current === value,
});

/** The radios of the give form, with what was chosen. */
export function giveItems(form: { useful: string; tried: string; worked: string }) {
  return {
    useful: [
      radio("yes", "Yes", form.useful),
      radio("partly", "Partly", form.useful),
      radio("no", "No", form.useful),
    ],
    tried: [
      radio("yes", "Yes, we tried it", form.tried),
      radio("planning", "We are planning to", form.tried),
      radio("no", "No", form.tried),
    ],
    worked: [
      radio("yes", "Yes", form.worked),
      radio("partly", "Partly", form.worked),
      radio("no", "No", form.worked),
      radio("too_early", "Too early to say", form.worked),
    ],
  };
}
