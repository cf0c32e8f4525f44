/**
 * A metric value as it travels from an importer or generator to storage: one organisation, one
 * metric, one period. `value` is in the metric's display unit (a percentage as 0–100), equal to
 * numerator / denominator × the metric's multiplier when both are given.
 */
export const periodTypes = ["day", "week", "month", "quarter", "financial_year"] as const;
export type PeriodType = (typeof periodTypes)[number];

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
