/**
 * A metric value as it travels from an importer or generator to storage: one organisation, one
 * metric, one period. `value` is in the metric's display unit (a percentage as 0–100), equal to
 * numerator / denominator × the metric's multiplier when both are given.
 */
export const periodTypes = [
  "day",
  "week",
  "month",
  "quarter",
  "financial_year",
  /** Twelve consecutive months from the period start (a rolling year, e.g. SHMI's Feb 2025 – Jan 2026). */
  "twelve_months",
] as const;
export type PeriodType = (typeof periodTypes)[number];

/**
 * Control limits a publication gives for a value, kept as published: around what the value is
 * judged against (SHMI: 1), at a confidence level, computed by the publication's method.
 */
export interface PublishedLimit {
  /** Per cent: 95, 99.8. */
  level: number;
  /** "poisson": the count's own variation only; "overdispersed": widened for variation between organisations. */
  method: "poisson" | "overdispersed";
  lower: number;
  upper: number;
  /** True for the limits the publication's banding is based on. */
  bands: boolean;
}

/**
 * Where a publication itself places a value among its peer group, kept as published (the NHS
 * Oversight Framework: NHS England's median and quartiles of the metric over all acute trusts in
 * its file, the trust's rank among those with a value, and the 1–4 score it gives the value).
 * Who the peer group is belongs to the metric (catalogue `publishedStanding`).
 */
export interface PublishedStanding {
  median: number | null;
  lowerQuartile: number | null;
  upperQuartile: number | null;
  /** 1 = best; ties share a rank (so the largest rank may be below `rankOf`). */
  rank: number | null;
  /** How many organisations the rank is among: those with a value in the publication. */
  rankOf: number | null;
  /** The publication's own score of the value, with the metric it is stored under, if it gives one. */
  score: { metricId: string; value: number } | null;
}

/**
 * A publication's own judgement of a value: its banding (code and words; null where it gives
 * none), its limits, and where it places the value among its peers.
 */
export interface PublishedAssessment {
  banding: string | null;
  bandingLabel: string | null;
  limits: PublishedLimit[];
  standing?: PublishedStanding;
}

/** A publication's judgement of one organisation's value for one period, from the value's source. */
export interface PublishedJudgement extends PublishedAssessment {
  periodStart: string;
  source: string;
}

export interface MetricValueInput {
  orgCode: string;
  metricId: string;
  periodType: PeriodType;
  /** First day of the period, YYYY-MM-DD (weeks start on Monday; financial years on 1 April). */
  periodStart: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  dqFlags?: string[];
  /** The publication's own banding and limits for this value (stored in published_limits). */
  published?: PublishedAssessment;
  /** Line of the input file the value came from, for messages (importers set it). */
  line?: number;
}

/** value = numerator / denominator × multiplier, or null when it cannot be computed. */
export function ratioValue(
  numerator: number | null,
  denominator: number | null,
  multiplier: number,
): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return (numerator / denominator) * multiplier;
}
