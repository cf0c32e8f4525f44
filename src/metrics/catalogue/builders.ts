/**
 * Small helpers that fill in the fields every percentage or count metric shares, so each topic
 * file states only what is particular to a metric (and cannot get a multiplier or aggregation
 * wrong by copy and paste).
 */
import type { MetricDefinition } from "./types.js";

/** A definition whose id keeps its literal type, so the catalogue's ids make up {@link MetricId}. */
export type Defined<Id extends string> = MetricDefinition & { readonly id: Id };

type Common<Id extends string> = Omit<
  MetricDefinition,
  "id" | "unit" | "multiplier" | "decimals" | "aggregation" | "frequency"
> & { id: Id } & Partial<Pick<MetricDefinition, "decimals" | "aggregation" | "frequency">>;

/** A definition written out in full, its id kept as a literal type. */
export function defineMetric<Id extends string>(definition: Defined<Id>): Defined<Id> {
  return definition;
}

/** numerator / denominator × 100, added up as Σnumerator / Σdenominator. */
export function percentageMetric<Id extends string>(
  fields: Common<Id> & Required<Pick<MetricDefinition, "numerator" | "denominator">>,
): Defined<Id> {
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
export function countMetric<Id extends string>(fields: Common<Id>): Defined<Id> {
  return {
    unit: "count",
    multiplier: 1,
    decimals: 0,
    aggregation: "sum",
    frequency: "monthly",
    ...fields,
  };
}
