/**
 * The catalogue's topics and how pages title them. The ids are `topics` (types.ts, checked in
 * every definition); the titles live here, once, for the metrics list, the home page and any
 * later page that names a topic.
 */
import type { Topic } from "./types.js";

export const topicTitles: Readonly<Record<Topic, string>> = {
  uec: "Urgent and emergency care",
  flow: "Acute flow and discharge",
  elective: "Elective care",
  outpatients: "Outpatients",
  diagnostics: "Diagnostics",
  cancer: "Cancer",
  theatres: "Theatres",
  ambulance: "Ambulance",
  workforce: "Workforce",
  mortality: "Mortality",
  workforce_culture: "Workforce culture (NHS Staff Survey)",
  mental_health: "Mental health: NHS Talking Therapies",
  oversight: "NHS Oversight Framework",
};

/** A topic's title; the id itself for a topic the catalogue does not know. */
export function topicTitle(topic: string): string {
  return (topicTitles as Readonly<Record<string, string>>)[topic] ?? topic;
}
