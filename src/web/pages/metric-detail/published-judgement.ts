/**
 * A publication's own judgement of a value, as the metric page states it: SHMI's banding and
 * control limits; the NHS Oversight Framework's median, quartiles, rank and score, over the peer
 * group NHS England's file covers. Kept as published, and said to be the publication's.
 */
import type { MetricDefinition } from "../../../metrics/catalogue/types.js";
import {
  formatCategory,
  formatMetricValue,
  formatNumber,
  ordinal,
} from "../../../metrics/format.js";
import { financialQuarterName, formatPeriod } from "../../../metrics/period.js";
import { sourcePrecedence } from "../../../metrics/sources.js";
import type { PeriodType, PublishedJudgement, PublishedStanding } from "../../../metrics/values.js";

const methodText = {
  overdispersed: "adjusted for overdispersion (the variation between trusts beyond chance)",
  poisson: "for chance alone (Poisson)",
} as const;

/** A period as NHS England names it where it has a name ("Q1 2025/26"), else as pages say it. */
export function publishedPeriodName(periodStart: string, periodType: PeriodType): string {
  return periodType === "quarter"
    ? `${financialQuarterName(periodStart)} (${formatPeriod(periodStart, periodType)})`
    : formatPeriod(periodStart, periodType);
}

/**
 * Where a publication places the value, in a dashboard cell. Example: rank 52 of 134, score 2 →
 * "NHS England ranks it 52nd of 134 (1st best); its score 2.00 (1 best, 4 worst)"; `compact`
 * (the board view, paper) → "NHS England: 52nd of 134, score 2.00".
 */
export function publishedStandingShort(
  standing: PublishedStanding,
  compact = false,
): string | null {
  const rank =
    standing.rank !== null && standing.rankOf !== null
      ? `${ordinal(standing.rank)} of ${formatNumber(standing.rankOf)}`
      : null;
  const score = standing.score ? formatNumber(standing.score.value, 2) : null;
  if (compact)
    return rank || score
      ? `NHS England: ${[rank, score && `score ${score}`].filter(Boolean).join(", ")}`
      : null;
  const parts: string[] = [];
  if (rank) parts.push(`NHS England ranks it ${rank} (1st best)`);
  if (score)
    parts.push(`${parts.length ? "its" : "NHS England's"} score ${score} (1 best, 4 worst)`);
  return parts.length ? parts.join("; ") : null;
}

export function publishedJudgementView(
  metric: Pick<MetricDefinition, "unit" | "decimals"> &
    Partial<Pick<MetricDefinition, "category" | "publishedStanding">>,
  periodType: PeriodType,
  judgement: PublishedJudgement,
  value: number | null = null,
) {
  const source =
    sourcePrecedence.find((s) => s.source === judgement.source)?.title ?? judgement.source;
  const standing = judgement.standing;
  const show = (v: number | null) => formatMetricValue(metric, v);
  const facts: string[] = [];
  if (standing) {
    const category = metric.category;
    if (value !== null)
      facts.push(
        category
          ? `${formatCategory(category, metric.decimals, value)}: ${category.meaning}`
          : `The value: ${show(value)}.`,
      );
    if (standing.median !== null)
      facts.push(
        `Median ${show(standing.median)}, quartiles ${show(standing.lowerQuartile)} (lower) and ${show(standing.upperQuartile)} (upper).`,
      );
    if (standing.rank !== null && standing.rankOf !== null)
      facts.push(
        `Ranked ${ordinal(standing.rank)} of ${formatNumber(standing.rankOf)} trusts with a value (1st is the best; tied trusts share a rank).`,
      );
    if (standing.score && metric.category === undefined)
      facts.push(
        `NHS England's score of this value: ${formatNumber(standing.score.value, 2)}, on its scale from 1 (best) to 4 (worst).`,
      );
  }
  return {
    period: formatPeriod(judgement.periodStart, periodType),
    periodName: publishedPeriodName(judgement.periodStart, periodType),
    label: judgement.bandingLabel,
    banding: judgement.banding,
    source,
    peerGroup: metric.publishedStanding?.peerGroup ?? null,
    facts,
    limits: [...judgement.limits]
      .sort((a, b) => a.level - b.level)
      .map((l) => ({
        text: `${l.level}% limits ${methodText[l.method]}: ${formatMetricValue(metric, l.lower)} to ${formatMetricValue(metric, l.upper)}${l.bands ? " (the banding rests on these)" : ""}`,
      })),
  };
}
