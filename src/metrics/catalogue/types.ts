/**
 * The shape of a metric definition. The catalogue is versioned data in the repository (one file
 * per topic in this folder), validated by `metricDefinitionSchema` when it is loaded.
 */
import { z } from "zod";
import { orgKinds } from "../organisations.js";

export const units = [
  "percentage",
  "rate",
  "count",
  "days",
  "minutes",
  "hours",
  "ratio",
  "beds",
  /** A survey or assessment score on a stated scale (the Staff Survey's 0–10), not a count or a share. */
  "score",
  /** A difference between two percentages (the NHS Oversight Framework's year-on-year changes). */
  "percentage_points",
  /** A category's code (an NHS Oversight Framework segment 1–4, a 0/1 flag): see `category`. */
  "category",
] as const;
export const directions = ["higher_is_better", "lower_is_better", "neutral"] as const;
export const topics = [
  "uec",
  "flow",
  "elective",
  "outpatients",
  "diagnostics",
  "cancer",
  "theatres",
  "ambulance",
  "workforce",
  "mortality",
  "workforce_culture",
  "mental_health",
  "oversight",
] as const;
/**
 * How values combine across organisations (to an ICB, region, network or England) and across
 * periods (months to quarters or years):
 * - `sum_ratio`: sum the numerators and the denominators, then value = Σnumerator / Σdenominator ×
 *   multiplier. Never average percentages: a small trust would weigh as much as a large one.
 * - `sum`: flows (attendances, admissions): add the values.
 * - `weighted_mean`: mean of values weighted by the denominator.
 * - `mean_of_daily`: stocks (a mean of daily counts, or a month-end snapshot such as a waiting
 *   list): add across organisations for the same period; average, never add, across periods.
 * - `not_aggregable`: neither works; show organisation values only.
 */
export const aggregations = [
  "sum_ratio",
  "sum",
  "weighted_mean",
  "mean_of_daily",
  "not_aggregable",
] as const;
/** How often a value is published and what period it covers; `rolling_12_months`: published monthly or quarterly, each value over the twelve months to its end (period type `twelve_months`). */
export const frequencies = [
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "annual",
  "rolling_12_months",
] as const;

/** The confidence levels (per cent) comparisons with a benchmark are judged at. */
export const comparisonLevels = [95, 99.8] as const;
export type ComparisonLevel = (typeof comparisonLevels)[number];
/** The level of a metric without `comparisonLevel`. */
export const DEFAULT_COMPARISON_LEVEL: ComparisonLevel = 95;

export const targetSchema = z.object({
  /** The value to reach, in the metric's display unit (percentages as 0–100). */
  value: z.number(),
  /** Inclusive start of the period the target applies to (YYYY-MM-DD). */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Exclusive end; absent when still in force. */
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Where the target comes from, e.g. "NHS England 2025/26 planning guidance". */
  source: z.string().min(1),
  label: z.string().min(1),
});

export const metricDefinitionSchema = z.object({
  /**
   * lower_snake_case. A `__k<n>` suffix (e.g. `ae_4hr_all__k2`) is reserved for synthetic clones the
   * demo generator makes to scale-test the platform; real catalogue ids never carry it.
   */
  id: z.string().regex(/^[a-z0-9]+(?:_[a-z0-9]+)*(?:__k[0-9]+)?$/, "lower_snake_case"),
  title: z.string().min(1),
  /** Short label for tables and tiles. */
  shortTitle: z.string().min(1),
  /** Plain-English definition a board member understands. */
  definition: z.string().min(1),
  numerator: z.string().min(1).optional(),
  denominator: z.string().min(1).optional(),
  unit: z.enum(units),
  /** For `rate`: per how many (e.g. 100 for "per 100 occupied beds"). */
  ratePer: z.number().positive().optional(),
  /**
   * How a stored ratio maps to the display value: value = numerator / denominator × multiplier
   * (100 for percentages). 1 when not a ratio.
   */
  multiplier: z.number().positive(),
  decimals: z.number().int().min(0).max(4),
  improvementDirection: z.enum(directions),
  targets: z.array(targetSchema),
  source: z.object({
    publication: z.string().min(1),
    publisher: z.string().min(1),
    url: z.string().url().optional(),
  }),
  frequency: z.enum(frequencies),
  topic: z.enum(topics),
  aggregation: z.enum(aggregations),
  /**
   * What the numerator and denominator count, which decides whether a sampling interval applies
   * (docs/statistics.md). Absent: whole units (patients, attendances, pathways, events), so a
   * proportion is binomial trials and a rate or count Poisson events. "daily_means": means of
   * daily counts (occupied beds, patients not meeting the criteria to reside), the same beds and
   * patients counted day after day: neither trials nor independent events, so no interval.
   */
  counts: z.enum(["daily_means"]).optional(),
  /**
   * The publication judges each value itself, with its own control limits and banding, kept as
   * published (the `published_limits` table; SHMI's 95% overdispersion-adjusted and 99.8%
   * Poisson limits and its higher / as / lower than expected banding). The platform then puts
   * no interval of its own on the values (a Wilson or Poisson interval would ignore the
   * publication's model and its allowance for overdispersion). `description` says, in a sentence,
   * which limits the publication gives and what its banding rests on.
   */
  publishedLimits: z.object({ description: z.string().min(1) }).optional(),
  /**
   * The publication places each value among a peer group of its own (the NHS Oversight
   * Framework: NHS England's median, quartiles and rank of the metric over all acute trusts in its
   * file, and its 1–4 score of the value), kept as published in `published_limits.standing`.
   * `peerGroup` names that group as a page says it: "all 134 acute trusts in NHS England's file".
   */
  publishedStanding: z.object({ peerGroup: z.string().min(1) }).optional(),
  /**
   * The values are categories a publication assigns, not measurements: NHS England's Oversight
   * Framework scores (1 best to 4 worst, each metric's value placed on that scale), its
   * segments (1–4; 5 for trusts in the Recovery Support Programme) and its yes/no flags (1 yes,
   * 0 no). Nothing computes means, aggregates, SPC, trends, intervals, funnels, quartiles,
   * ranks or opportunities from them; pages state them as the publication's own ("Segment 2 of
   * 4"). `best` and `worst` are the ends of the scale (a flag: 0 and 1); `meaning` says in a
   * sentence what the category means and who assigns it.
   */
  category: z
    .object({
      kind: z.enum(["score", "segment", "flag"]),
      best: z.number(),
      worst: z.number(),
      meaning: z.string().min(1),
      /** For a score of another metric's value (OF1003 scores OF0003): that metric's id. */
      scores: z.string().optional(),
    })
    .optional(),
  /**
   * The values come without what an interval needs, so the platform computes none: `values`
   * names them in a phrase ("survey scores published without standard errors"), `reason` says
   * why no interval can be made from what is published (a survey's score is a weighted mean of
   * answers whose spread is not published; a percentage published rounded without its counts).
   * Comparisons then use quintiles. Set on the metric, never inferred from its unit.
   */
  noInterval: z.object({ values: z.string().min(1), reason: z.string().min(1) }).optional(),
  /**
   * The confidence level (per cent) this metric's comparisons with England, its region and its
   * peers are judged at unless the user chooses another: 99.8 where a trust's monthly denominator
   * (or count) typically runs to thousands, as Fingertips does for large-denominator indicators
   * (at that size a 95% interval is so narrow that differences too small to matter are called
   * significant; 99.8%, about 3 standard errors, asks for stronger evidence); absent: 95.
   */
  comparisonLevel: z.union([z.literal(95), z.literal(99.8)]).optional(),
  /** Words for the opportunity in natural units: "patients seen within 4 hours". */
  opportunityNoun: z.string().min(1).optional(),
  caveats: z.array(z.string()),
  /** Organisation kinds that report this metric ("country" only for national-only series). */
  reportedBy: z.array(z.enum(orgKinds)).min(1),
  /** Set only on synthetic clones: the id of the catalogue metric this one copies. */
  cloneOf: z.string().optional(),
});

export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;
export type MetricUnit = (typeof units)[number];
export type ImprovementDirection = (typeof directions)[number];
export type Topic = (typeof topics)[number];
export type MetricCategory = NonNullable<MetricDefinition["category"]>;
