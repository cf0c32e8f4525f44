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

/** Parses a route parameter or query value; a malformed one is a 404 (no such page), not a 500. */
export function param<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`That is not a valid ${what}.`);
  return parsed.data;
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
