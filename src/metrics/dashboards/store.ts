/**
 * What group dashboards need from storage (the port; src/storage/group-aggregate-store.ts
 * implements it over PostgreSQL).
 */
import type { GroupRef } from "../group-ref.js";
import type { PeriodType } from "../values.js";

/** A group's aggregate for one period, from numerators and denominators. */
export interface AggregatePoint {
  periodStart: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** Members that reported this period. */
  reporting: number;
  /**
   * Why there is no value although members reported (their figures add up to no finite number):
   * the period is shown as "not available" with this reason, never as a number or an error.
   */
  unavailable?: string;
}

export interface GroupAggregateStore {
  /**
   * A metric's aggregate over the group's providers for each period of `periodType` (the
   * metric's own: monthly, quarterly…): Σ numerator / Σ denominator × multiplier for a ratio,
   * Σ value for a count (never an average of percentages).
   */
  aggregateSeries(
    metricId: string,
    group: GroupRef,
    periodType: PeriodType,
  ): Promise<AggregatePoint[]>;
}
