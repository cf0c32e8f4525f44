/**
 * What a metric definition means for the statistics: which interval applies (which way is better:
 * ../catalogue/direction.ts),
 * which target is in force for a period, and how its numbers read in prose.
 */
import { DEFAULT_COMPARISON_LEVEL, type MetricDefinition } from "../catalogue/types.js";
import type { PeriodType } from "../values.js";
import { comparisonLevelNote } from "./sentences.js";
import type { IntervalKind, MetricInfo, TargetInfo } from "./types.js";

/** The period type a metric's values are stored at, from its frequency. */
export function periodTypeOf(def: MetricDefinition): PeriodType {
  switch (def.frequency) {
    case "daily":
      return "day";
    case "weekly":
      return "week";
    case "quarterly":
      return "quarter";
    case "annual":
      return "financial_year";
    case "rolling_12_months":
      return "twelve_months";
    default:
      return "month";
  }
}

/** Does the metric's denominator count a stock (beds, a waiting list) rather than a flow? */
export function isStock(def: MetricDefinition): boolean {
  return (
    def.aggregation === "mean_of_daily" ||
    /mean daily|month end|waiting list|snapshot/i.test(def.denominator ?? "")
  );
}

/**
 * The sampling interval a metric's values get, from what its definition says it counts (never
 * from its unit alone): Wilson for a proportion of whole units, Byar or exact Poisson for a rate
 * or a count of events, none for means of daily counts (the same beds counted every day are
 * neither trials nor independent events) or other stocks, and none where the publication gives
 * its own limits (SHMI: ours would ignore its model and overdispersion), none where the values
 * come without what an interval needs (`noInterval`: Staff Survey scores without standard errors,
 * Talking Therapies percentages without their counts). Comparisons without an
 * interval use quintiles.
 */
export function intervalKindOf(def: MetricDefinition): { kind: IntervalKind; note: string } {
  if (def.category)
    return {
      kind: "none",
      note: `No confidence interval: a ${def.category.kind} NHS England assigns is a category, not a measurement; it is shown as published and not compared.`,
    };
  if (def.publishedLimits)
    return {
      kind: "none",
      note: `No confidence interval of ours: the publication judges each value with its own limits, kept as published (${def.publishedLimits.description}); comparisons with other organisations use quintiles.`,
    };
  if (def.noInterval)
    return {
      kind: "none",
      note: `No confidence interval: ${def.noInterval.reason}; comparisons use quintiles.`,
    };
  if (def.counts === "daily_means")
    return {
      kind: "none",
      note: "No confidence interval: the numerator and denominator are means of daily counts (the same beds or patients counted each day), not independent trials or events; comparisons use quintiles.",
    };
  if (def.unit === "percentage" && def.numerator && def.denominator) {
    return { kind: "proportion", note: "Wilson score interval of numerator ÷ denominator." };
  }
  if (def.unit === "rate" && def.numerator && def.denominator) {
    return {
      kind: "rate",
      note: `Byar's approximation (10 or more events) or exact Poisson limits (fewer) of the numerator, ÷ denominator × ${def.multiplier}.`,
    };
  }
  if (def.unit === "count" && def.aggregation === "sum") {
    return {
      kind: "count",
      note: "Byar's approximation (10 or more) or exact Poisson limits (fewer) of the count.",
    };
  }
  return {
    kind: "none",
    note:
      def.unit === "count"
        ? "No confidence interval: a stock (a mean of daily counts or a snapshot) is not a Poisson count; comparisons use quintiles."
        : `No confidence interval for ${def.unit}; comparisons use quintiles.`,
  };
}

/**
 * Does the metric add up across organisations (a count of a flow such as attendances, or a stock
 * such as a waiting list: `sum` or `mean_of_daily`)? Then it grows with the organisation, and a
 * group's aggregate is a total: England's 369,480 decision-to-admit waits are the sum of every
 * trust's, so any one trust's count lies below it. Such a metric is never tested against England
 * or a region (the total is shown as context), and its comparisons with peers say higher or
 * lower, never better or worse, because they reflect size as much as performance.
 */
export function growsWithSize(def: Pick<MetricDefinition, "aggregation">): boolean {
  return def.aggregation === "sum" || def.aggregation === "mean_of_daily";
}

export function metricInfo(def: MetricDefinition): MetricInfo {
  const interval = intervalKindOf(def);
  return {
    metricId: def.id,
    title: def.title,
    shortTitle: def.shortTitle,
    unit: def.unit,
    multiplier: def.multiplier,
    decimals: def.decimals,
    ratePer: def.ratePer ?? null,
    improvementDirection: def.improvementDirection,
    aggregation: def.aggregation,
    opportunityNoun: def.opportunityNoun ?? null,
    periodType: periodTypeOf(def),
    intervalKind: interval.kind,
    intervalNote: interval.note,
    comparisonLevel: def.comparisonLevel ?? DEFAULT_COMPARISON_LEVEL,
    comparisonLevelNote: comparisonLevelNote(def.comparisonLevel ?? DEFAULT_COMPARISON_LEVEL),
    growsWithSize: growsWithSize(def),
    category: def.category ?? null,
    cloneOf: def.cloneOf ?? null,
  };
}

/**
 * The target in force for a period (from ≤ period < to). Where several are (a standing standard and
 * a planning year's interim target), the one that started most recently: the interim target is
 * the one the organisation is held to that year.
 */
export function targetInForce(def: MetricDefinition, period: string): TargetInfo | null {
  let best: MetricDefinition["targets"][number] | undefined;
  for (const t of def.targets) {
    if (t.from <= period && (t.to === undefined || period < t.to) && (!best || t.from > best.from))
      best = t;
  }
  return best
    ? {
        value: best.value,
        label: best.label,
        source: best.source,
        from: best.from,
        to: best.to ?? null,
      }
    : null;
}

/** "a month", "a quarter"… for flows; stocks say when they are counted. */
export function perPeriodText(def: MetricDefinition, periodType: PeriodType): string {
  if (isStock(def))
    return /mean daily/i.test(def.denominator ?? "") || def.aggregation === "mean_of_daily"
      ? "on an average day"
      : "at the count";
  switch (periodType) {
    case "day":
      return "a day";
    case "week":
      return "a week";
    case "quarter":
      return "a quarter";
    case "financial_year":
      return "a year";
    case "twelve_months":
      return "in twelve months";
    default:
      return "a month";
  }
}
