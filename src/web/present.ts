/**
 * Presentation helpers shared by the pages: formatting a metric's values, the topic
 * compartments, URL parameters validated once at the boundary.
 */
import { z } from "zod";
import { getMetric } from "../metrics/catalogue/index.js";
import type { ComparisonLevel, Topic } from "../metrics/catalogue/types.js";
import { orgKindLabel } from "../metrics/organisations.js";
import type { MetricInfo } from "../metrics/service.js";
import { UsageError } from "../errors.js";
import {
  formatForMetric,
  formatMetricValue,
  type MetricNumbers,
  type ValueFormat,
} from "../metrics/format.js";

/** A metric's value format for charts and tables (one home: metrics/format.ts). */
export function metricFormat(metric: MetricNumbers): ValueFormat {
  return formatForMetric(metric);
}

export function showValue(metric: MetricNumbers, value: number | null | undefined): string {
  return formatMetricValue(metric, value);
}

/** The dashboard's compartments: each topic of the catalogue belongs to exactly one (a test checks). */
export const compartments: readonly { id: string; title: string; topics: readonly Topic[] }[] = [
  {
    id: "uec",
    title: "Urgent and emergency care and acute flow",
    topics: ["uec", "flow", "ambulance"],
  },
  {
    id: "elective",
    title: "Elective care, diagnostics and outpatients",
    topics: ["elective", "diagnostics", "outpatients"],
  },
  { id: "cancer", title: "Cancer", topics: ["cancer"] },
  { id: "mortality", title: "Mortality", topics: ["mortality"] },
  { id: "theatres", title: "Theatres and perioperative care", topics: ["theatres"] },
  { id: "workforce", title: "Workforce", topics: ["workforce", "workforce_culture"] },
  { id: "mental-health", title: "Mental health", topics: ["mental_health"] },
  { id: "oversight", title: "NHS Oversight Framework", topics: ["oversight"] },
];

/** The topic of a metric (clones made for scale tests take their original's). */
export function topicOf(metric: Pick<MetricInfo, "metricId" | "cloneOf">): Topic | undefined {
  return getMetric(metric.cloneOf ?? metric.metricId)?.topic;
}

export const orgCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,10}$/);
export const metricIdSchema = z.string().regex(/^[a-z0-9]+(?:_[a-z0-9]+)*(?:__k\d+)?$/);
/** A peer group reference: a peer_groups id or one of the service's built-in forms. */
export const peersSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_:,.-]+$/)
  .optional();

/** `?history=continued`: a merged trust's series continued through its merger (absent: as reported). */
export const historySchema = z.enum(["reported", "continued"]).optional();

/** `?rebase=2023-06-01`: view the SPC limits recalculated from that period (absent: the default baseline). */
export const rebaseSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional();

/** `?level=95` or `?level=99.8`: the confidence level comparisons are judged at (absent: the metric's). */
export const levelSchema = z
  .enum(["95", "99.8"])
  .transform((l): ComparisonLevel => (l === "95" ? 95 : 99.8))
  .optional();

/**
 * What a page says of a query parameter it cannot use, by the parameter's name: plain words and
 * what to do, never the pattern it failed or the command line's syntax. Given the value as text
 * (null when it was repeated, or too long to repeat back).
 */
export const queryProblems = {
  peers: (v) =>
    `There is no peer group${quoted(v)}. Choose peers from the “Compare with” list on the page.`,
  metric: (v) => `There is no metric${quoted(v)}. Choose a metric from the list on the page.`,
  level: (v) => `There is no confidence level${quoted(v)}. Comparisons are judged at 95% or 99.8%.`,
  history: (v) =>
    `There is no history view${quoted(v)}. A series is shown as reported, or continued through a merger.`,
  kind: (v) => `There is no kind of organisation${quoted(v)}. Choose a kind from the list.`,
  closed: () => `To include closed organisations, tick “Include closed organisations”.`,
  q: () => "The search is too long. Search for a name or code of up to 200 characters.",
  orgs: () => "The list of organisations is too long. Compare at most 10 at a time.",
} satisfies Record<string, (value: string | null) => string>;

const problemOf = (field: string): ((value: string | null) => string) | undefined =>
  Object.hasOwn(queryProblems, field)
    ? queryProblems[field as keyof typeof queryProblems]
    : undefined;

/** ` “nope”` for a short single value, else nothing. */
function quoted(value: string | null): string {
  return value !== null && value.length <= 60 ? ` “${value}”` : "";
}

/**
 * Parses a route's parameters or query. A value it cannot use is a UsageError (400) in plain
 * words: the query parameter's own message (`queryProblems`), else "That is not a valid {what}."
 */
export function param<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const field = parsed.error.issues[0]?.path[0];
  const problem = typeof field === "string" ? problemOf(field) : undefined;
  if (!problem) throw new UsageError(`That is not a valid ${what}.`);
  const given = (value as Record<string, unknown> | null)?.[field as string];
  throw new UsageError(problem(typeof given === "string" ? given : null));
}

/**
 * Runs a service call given the page's `?peers=`. The analytics service's message for a group it
 * does not know lists the group forms the command line accepts; a page says it plainly.
 */
export async function withPeers<T>(peers: string | undefined, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (peers !== undefined && e instanceof UsageError)
      throw new UsageError(queryProblems.peers(peers));
    throw e;
  }
}

/** How pages name each organisation kind (metrics/organisations.ts). */
export const kindLabel: Readonly<Record<string, string>> = orgKindLabel;

/** "12 May 2025" from "2025-05-12". */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString("en-GB", {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      });
}

const longDateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

/** "11 December 2026 at 15:40", in UK time (a moment people act on: a sign-in, an expiry). */
export function longDateTime(date: Date): string {
  return longDateTimeFormat.format(date);
}
