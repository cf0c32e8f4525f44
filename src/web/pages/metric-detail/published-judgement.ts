/**
 * A publication's own judgement of a value (SHMI's banding and control limits), as the metric
 * page states it: what the publication says, on which limits, kept as published.
 */
import type { MetricDefinition } from "../../../metrics/catalogue/types.js";
import { formatMetricValue } from "../../../metrics/format.js";
import { formatPeriod } from "../../../metrics/period.js";
import { sourcePrecedence } from "../../../metrics/sources.js";
import type { PeriodType, PublishedJudgement } from "../../../metrics/values.js";

const methodText = {
  overdispersed: "adjusted for overdispersion (the variation between trusts beyond chance)",
  poisson: "for chance alone (Poisson)",
} as const;

export function publishedJudgementView(
  metric: Pick<MetricDefinition, "unit" | "decimals">,
  periodType: PeriodType,
  judgement: PublishedJudgement,
) {
  const source =
    sourcePrecedence.find((s) => s.source === judgement.source)?.title ?? judgement.source;
  return {
    period: formatPeriod(judgement.periodStart, periodType),
    label: judgement.bandingLabel,
    banding: judgement.banding,
    source,
    limits: [...judgement.limits]
      .sort((a, b) => a.level - b.level)
      .map((l) => ({
        text: `${l.level}% limits ${methodText[l.method]}: ${formatMetricValue(metric, l.lower)} to ${formatMetricValue(metric, l.upper)}${l.bands ? " (the banding rests on these)" : ""}`,
      })),
  };
}
