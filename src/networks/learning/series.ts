/**
 * A measure's series for the verdict, from the organisation's metric detail (the same analytics
 * result the metric page charts, src/metrics/analytics/detail.ts), so the post's verdict and the
 * chart it embeds are computed on the same values and data version.
 */
import { directionSignOf } from "../../metrics/catalogue/index.js";
import type { MetricDetail } from "../../metrics/service.js";
import { VERDICT_METHOD_VERSION } from "../../stats/evaluation/verdict.js";
import type { MeasureSeries } from "./evidence.js";

/** Null when the organisation has no value of the metric (or it is a category, never judged). */
export function seriesOfDetail(d: MetricDetail): MeasureSeries | null {
  if (d.metric.category !== null || !d.series.some((v) => v.value !== null)) return null;
  const sign = directionSignOf(d.metric);
  return {
    periods: d.series.map((v) => v.period),
    values: d.series.map((v) => v.value),
    improvement: sign > 0 ? "increase" : sign < 0 ? "decrease" : "neither",
    // The data version and the method's: either moving makes stored verdicts stale.
    dataVersion: `${d.dataVersion}+verdict${VERDICT_METHOD_VERSION}`,
  };
}
