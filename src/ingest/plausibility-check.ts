/**
 * The plausibility rule (metrics/plausibility.ts) applied to the values a format gives, whatever
 * the format and reader: each implausible value, and each period starting after the latest the
 * import accepts, is a problem at its line (the column is the field: `value`, `numerator`,
 * `denominator`, `period_start`, as the tidy format names its columns), so the file is refused
 * and nothing is written. Checks are prepared once per metric.
 */
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import {
  implausibility,
  latestPeriodStart,
  valueBounds,
  type Bounds,
} from "../metrics/plausibility.js";
import type { MetricValueInput } from "../metrics/values.js";
import type { Problems } from "./problems.js";
import {
  implausibleValue,
  negativePart,
  NOT_FINITE,
  numeratorAboveDenominator,
  partTooLarge,
  periodInFuture,
} from "./problem-messages.js";

const shown = (n: number | null): string => String(n);

/** Returns a function that reports the implausible values of a batch to `problems`. */
export function plausibilityCheck(
  metrics: ReadonlyMap<string, MetricDefinition>,
  problems: Problems,
  now: Date,
): (batch: readonly MetricValueInput[]) => void {
  const latest = latestPeriodStart(now);
  const boundsOf = new Map<string, Bounds>();
  return (batch) => {
    for (const v of batch) {
      const line = v.line ?? 0;
      if (v.periodStart > latest && problems.full) problems.count();
      else if (v.periodStart > latest)
        problems.add({
          line,
          column: "period_start",
          value: v.periodStart,
          reason: periodInFuture(latest),
        });
      const metric = metrics.get(v.metricId);
      // A format maps only to catalogue metrics (an unknown id is its own problem, reported by it).
      if (!metric) continue;
      let bounds = boundsOf.get(metric.id);
      if (!bounds) boundsOf.set(metric.id, (bounds = valueBounds(metric)));
      const wrong = implausibility(metric, v, bounds);
      if (!wrong) continue;
      // A file of a million bad values: keep the first problems, count the rest cheaply.
      if (problems.full) {
        problems.count();
        continue;
      }
      const value = shown(v[wrong.field]);
      const column = wrong.field;
      switch (wrong.kind) {
        case "not_finite":
          problems.add({ line, column, value, reason: NOT_FINITE });
          break;
        case "negative":
          problems.add({ line, column, value, reason: negativePart(wrong.field) });
          break;
        case "too_large":
          problems.add({ line, column, value, reason: partTooLarge(wrong.field, wrong.max) });
          break;
        case "above_denominator":
          problems.add({
            line,
            column,
            value,
            reason: numeratorAboveDenominator(metric.id, v.denominator ?? 0),
          });
          break;
        case "out_of_range":
          problems.add({
            line,
            column,
            value,
            reason: implausibleValue(metric.id, metric.unit, wrong.bounds),
          });
          break;
      }
    }
  };
}
