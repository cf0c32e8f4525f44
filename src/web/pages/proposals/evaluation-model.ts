/**
 * What a proposal's evaluation page says (docs/proposals.md "Evaluation"): per measure, the
 * difference in differences in words with its windows, groups and method, the cautions that go
 * with it (an interval that includes 0, trends that already differed, a short follow-up, who was
 * left out), the chart of the two groups with the start marked, and each participant's verdict.
 * Every number comes from the evaluation (src/proposals/evaluation.ts); this file only says it.
 */
import { getMetric } from "../../../metrics/catalogue/index.js";
import type { MetricDefinition } from "../../../metrics/catalogue/types.js";
import { formatMetricDifference, formatMetricValue } from "../../../metrics/format.js";
import { VERDICT_LABELS } from "../../../networks/learning/evidence.js";
import type { MeasureEvaluation } from "../../../proposals/evaluation.js";
import { MIN_FOLLOW_UP_MONTHS } from "../../../proposals/evaluation.js";
import type { Proposal } from "../../../proposals/types.js";
import { figureHtml, lineChart, spcChart } from "../../charts/index.js";
import { chartDownloads } from "../../exports/page-downloads.js";
import type { Chart } from "../../charts/types.js";
import { metricFormat } from "../../present.js";
import type { MetricDetail } from "../../../metrics/service.js";
import { verdictTagClass } from "../learning/learning-model.js";
import { breakLabelsOf } from "../metric-detail/metric-detail-model.js";
import { metricTitle, monthText } from "./proposals-model.js";

export interface Finding {
  text: string;
  /** A reason to read the estimate with care (shown as a warning). */
  caution: boolean;
}

type Def = Pick<MetricDefinition, "unit" | "decimals" | "ratePer">;

const PLAIN: Def = { unit: "count", decimals: 1 };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A difference with its sign: "+2.1 percentage points", "−340". */
function signed(def: Def, v: number): string {
  const text = formatMetricDifference(def, v);
  // Rounded to nothing, a difference has no sign ("0.0 percentage points", not "+0.0").
  if (/^-?0(\.0+)?(\D|$)/.test(text)) return text.replace(/^-/, "");
  return v > 0 ? `+${text}` : text.replace(/^-/, "−");
}

/**
 * A range with its unit once: "−5.26 to +6.83 percentage points", "−3.1% to +2.0%" (a unit
 * glued to the number stays on both).
 */
function range(def: Def, lower: number, upper: number): string {
  const a = signed(def, lower);
  const b = signed(def, upper);
  const unit = / [^\d]+$/.exec(b)?.[0];
  return unit && a.endsWith(unit) ? `${a.slice(0, -unit.length)} to ${b}` : `${a} to ${b}`;
}

/** "Royal Free London (RAL), North Middlesex (RAP)". */
const named = (codes: readonly string[], orgNames: Record<string, string>) =>
  codes.map((c) => `${orgNames[c] ?? c} (${c})`).join(", ");

/** The measure's direction in words, for a change estimated as `estimate`. */
function directionWords(m: MeasureEvaluation, p: Proposal, estimate: number): string {
  const moved = estimate > 0 ? "rose" : "fell";
  if (m.role === "primary") {
    const expected = estimate > 0 === (p.expectedDirection === "increase");
    return `the participants' ${moved} more than the comparators' (or fell less), ${expected ? "in the direction the proposal expected" : "against the direction the proposal expected"}`;
  }
  const better =
    m.better === "neither"
      ? ""
      : estimate > 0 === (m.better === "increase")
        ? ", which is better on this measure"
        : ", which is worse on this measure";
  return `the participants' ${moved} relative to the comparators'${better}`;
}

/** The estimate's headline and the findings that go with it, in the order a reader needs them. */
export function estimateWords(
  m: MeasureEvaluation,
  p: Proposal,
  orgNames: Record<string, string>,
): { headline: string; findings: Finding[] } {
  const def = getMetric(m.metricId) ?? PLAIN;
  const value = (v: number | null) => formatMetricValue(def, v);
  const findings: Finding[] = [];
  const title = metricTitle(m.metricId);
  if (m.followUp === null)
    return {
      headline: `No follow-up data yet: the test starts in ${monthText(p.plannedStart)}, and the latest ${title} data are for ${m.latestMonth ? monthText(m.latestMonth) : "no month"}.`,
      findings,
    };
  const used = `${plural(m.used.participants.length, "participant")} and ${plural(m.used.comparators.length, "comparator")}`;
  if (m.leftOut.participants.length + m.leftOut.comparators.length > 0)
    findings.push({
      text: `Left out for lack of data in the baseline or the follow-up: ${named([...m.leftOut.participants, ...m.leftOut.comparators], orgNames)}. The estimate is on the other ${used}.`,
      caution: true,
    });
  if (m.estimate === null)
    return {
      headline: `Not enough data for an estimate: ${used} have data in both the baseline and the follow-up, and at least one of each is needed.`,
      findings,
    };
  const pB = m.participantLevels.baseline;
  const pF = m.participantLevels.followUp;
  const cB = m.comparatorLevels.baseline;
  const cF = m.comparatorLevels.followUp;
  const level = Math.round(m.level * 100);
  if (m.lower === null || m.upper === null) {
    // Randomisation with very few organisations: no relabelling is rare enough to exclude any
    // effect, so the interval is unbounded (docs/evaluation.md).
    findings.unshift({
      text: `With ${used}, no interval can be given: there are too few organisations for any difference to stand out from chance${m.pValue !== null ? ` (randomisation p-value ${m.pValue.toFixed(3)})` : ""}. The design is too small to tell; more participants or comparators would help.`,
      caution: true,
    });
    return {
      headline: `A difference in differences of ${signed(def, m.estimate)}, participants against comparators, from the baseline to the follow-up.`,
      findings,
    };
  }
  const headline =
    pB !== null && pF !== null && cB !== null && cF !== null
      ? `Participants went from ${value(pB)} to ${value(pF)} (${signed(def, pF - pB)}) and comparators from ${value(cB)} to ${value(cF)} (${signed(def, cF - cB)}): a difference in differences of ${signed(def, m.estimate)} (${level}% interval ${range(def, m.lower, m.upper)}).`
      : `A difference in differences of ${signed(def, m.estimate)} (${level}% interval ${range(def, m.lower, m.upper)}).`;
  findings.unshift(
    m.significant
      ? {
          text: `The interval does not include 0: over the same months, ${directionWords(m, p, m.estimate)}, by more than chance differences between organisations would explain.`,
          caution: false,
        }
      : {
          text: `The interval includes 0: these data do not show the participants changing differently from the comparators. That is not proof of no effect: an effect anywhere in the interval fits the data.`,
          caution: false,
        },
  );
  if (m.followUp.months < MIN_FOLLOW_UP_MONTHS)
    findings.push({
      text: `Only ${plural(m.followUp.months, "month")} of follow-up so far (${monthText(m.followUp.from)}${m.followUp.months > 1 ? ` to ${monthText(m.followUp.to)}` : ""}): too early to judge; the estimate will move as data arrive.`,
      caution: true,
    });
  if (m.trends.slopeDifference !== null && m.trends.lower !== null && m.trends.upper !== null) {
    const slope = `${signed(def, m.trends.slopeDifference)} a month, ${level}% interval ${range(def, m.trends.lower, m.trends.upper)}`;
    findings.push(
      m.trends.holds
        ? {
            text: `In the baseline the two groups' trends did not differ detectably: the participants' monthly slope minus the comparators' was ${slope}. This supports, but cannot prove, the assumption that without the change they would have moved alike.`,
            caution: false,
          }
        : {
            text: `Before the start, the participants' trend already differed from the comparators': their monthly slope minus the comparators' was ${slope}. Part of the difference in differences may be those trends carrying on rather than the change.`,
            caution: true,
          },
    );
  }
  if (m.method === "randomisation" && m.pValue !== null)
    findings.push({
      text: `With ${plural(m.used.participants.length, "participant")} (fewer than 8), the interval and the p-value (${m.pValue.toFixed(3)}) come from randomisation inference: how often relabelling the organisations gives a difference at least as large.`,
      caution: false,
    });
  if (m.role === "primary" && p.mde?.mde != null)
    findings.push({
      text: `The minimum detectable effect worked out from the baseline when the proposal was written was ${formatMetricDifference(def, p.mde.mde)}: a smaller true effect would probably not show.`,
      caution: false,
    });
  return { headline, findings };
}

/** The two groups' monthly levels with the start marked. */
export function groupChart(m: MeasureEvaluation, p: Proposal): Chart {
  const def = getMetric(m.metricId) ?? PLAIN;
  const level = Math.round(m.level * 100);
  const title = `${metricTitle(m.metricId)}: participants against comparators`;
  const chart = lineChart(
    [
      {
        name: `Participants (${m.used.participants.length})`,
        points: m.months.map((x) => ({ date: `${x.month}-01`, value: x.participants })),
      },
      {
        name: `Comparators (${m.used.comparators.length})`,
        points: m.months.map((x) => ({ date: `${x.month}-01`, value: x.comparators })),
      },
    ],
    {
      id: `group-${m.metricId}`,
      title,
      format: metricFormat(def),
      periodType: "month",
      markers: [
        { date: `${p.plannedStart}-01`, label: `Planned start (${monthText(p.plannedStart)})` },
      ],
      takeaway:
        m.estimate !== null && m.lower !== null && m.upper !== null
          ? `Difference in differences ${signed(def, m.estimate)} (${level}% interval ${range(def, m.lower, m.upper)})`
          : m.followUp === null
            ? "No follow-up data yet"
            : "Not enough data for an estimate",
    },
  );
  chart.footnotes.push(
    m.ratio
      ? "Each group's level in a month is its organisations' numerators added up over their denominators added up (pooled), not an average of their percentages or rates."
      : "Each group's level in a month is the average of its organisations' values.",
    `Only organisations with data in both the baseline and the follow-up are in the groups.`,
  );
  return chart;
}

/**
 * A participant's verdict since the start: the tag names it, the sentence says why (the
 * statistics' reason, where "the change" is the proposal's start) and on how many points.
 */
export function participantVerdict(v: MeasureEvaluation["verdicts"][number]) {
  const reason = v.reason.replace(/the change/g, "the start");
  return {
    tag: { text: VERDICT_LABELS[v.verdict], classes: verdictTagClass(v.verdict) },
    sentence: `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${/[.]$/.test(reason) ? "" : "."} ${plural(v.baselinePoints, "month")} before the start set the limits; ${plural(v.pointsSince, "month")} since.${v.provisional ? " Trial limits: the baseline has fewer than 15 points." : ""}`,
  };
}

/**
 * One participant on the evaluation page: its verdict since the start and its own SPC chart (the
 * metric page's limits) with the start marked, each line where the limits start again numbered,
 * and the list saying why (no recorder's name: an approved proposal is public).
 */
export function participantView(
  v: MeasureEvaluation["verdicts"][number],
  detail: MetricDetail | null,
  i: number,
  at: ParticipantAt,
) {
  const breakLabels = detail?.spc ? breakLabelsOf(detail) : {};
  const chart = participantChart(detail, i, at);
  return {
    code: v.orgCode,
    name: at.name,
    href: `/org/${v.orgCode}/metric/${at.metricId}`,
    ...participantVerdict(v),
    breaks: Object.values(breakLabels),
    figure: chart
      ? figureHtml(chart, { headingLevel: 4, ...chartDownloads(at.page, chart.id, at.query) })
      : null,
  };
}

/** What a participant's chart names: the organisation, the measure, the start; the page's path. */
export interface ParticipantAt {
  name: string;
  title: string;
  start: { date: string; label: string };
  metricId: string;
  /** The evaluation page's path and query (the measure), under which the downloads are. */
  page: string;
  query: string;
}

/** A participant's SPC chart with the start marked (null without SPC), as the page draws it. */
export function participantChart(detail: MetricDetail | null, i: number, at: ParticipantAt) {
  if (!detail?.spc) return null;
  return spcChart(detail.spc, {
    id: `participant-${i + 1}`,
    title: `${at.title}: ${at.name}`,
    format: metricFormat(detail.metric),
    periodType: detail.metric.periodType,
    valueLabel: detail.metric.shortTitle,
    markers: [at.start],
    breakLabels: breakLabelsOf(detail),
  });
}
