/**
 * Small helpers that fill in the fields every percentage or count metric shares, so each topic
 * file states only what is particular to a metric (and cannot get a multiplier or aggregation
 * wrong by copy and paste).
 */
import type { MetricDefinition } from "./types.js";

type Common = Omit<
  MetricDefinition,
  "unit" | "multiplier" | "decimals" | "aggregation" | "frequency"
> &
  Partial<Pick<MetricDefinition, "decimals" | "aggregation" | "frequency">>;

/** numerator / denominator × 100, added up as Σnumerator / Σdenominator. */
export function percentageMetric(
  fields: Common & Required<Pick<MetricDefinition, "numerator" | "denominator">>,
): MetricDefinition {
  return {
    unit: "percentage",
    multiplier: 100,
    decimals: 1,
    aggregation: "sum_ratio",
    frequency: "monthly",
    ...fields,
  };
}

/**
 * A count. Flows (attendances) use `sum`; stocks (a waiting list, a mean of daily counts) pass
 * `aggregation: "mean_of_daily"` so periods are averaged, not added.
 */
export function countMetric(fields: Common): MetricDefinition {
  return {
    unit: "count",
    multiplier: 1,
    decimals: 0,
    aggregation: "sum",
    frequency: "monthly",
    ...fields,
  };
}
