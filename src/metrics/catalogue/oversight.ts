/**
 * The NHS Oversight Framework 2025/26 (NOF): NHS England's quarterly segmentation of NHS trusts,
 * from its acute-trust file (one row per trust and metric; src/ingest/sources/nof). Every metric
 * here is NHS England's own figure under its own id (`nof_<Metric_ID>`), kept as published:
 *
 * - **metric values** (OF0xxx): NHS England's derived, rounded figures (52-week waits, 4-hour
 *   performance…), published without the counts behind them, so no interval and no aggregate
 *   (`noInterval`, `not_aggregable`). They sit beside, and never compete with, the raw
 *   publications' metrics (`rtt_52wk_pct`, `ae_4hr_all`…): other ids, other rounding, sometimes
 *   other definitions.
 * - **metric scores** (OF1xxx): the score NHS England gives each value, from 1 (best) to 4
 *   (worst), with decimals (a value placed between the scale's points);
 * - **domain scores** (OF4000–OF4005) and the **average metric score** (OF5002): means of the
 *   metric scores, NHS England's;
 * - **segments**: each domain's (OF4100–OF4105), the overall segment before (OF5003) and after
 *   (OF5000) the financial override (OF5004, a flag), and the final segment (OF5005), 5 for
 *   trusts in the Recovery Support Programme (OF5007, a flag).
 *
 * Scores, segments and flags are categories (`category`), not measurements: nothing computes
 * means, SPC, funnels, quartiles, ranks or opportunities from them. Every value keeps NHS
 * England's median, quartiles and rank beside it (`publishedStanding`, table
 * published_limits.standing), over all acute trusts in the file. The improvement direction of a
 * value is the one NHS England ranks by (rank 1 is the lowest value, or the highest), checked
 * against the file (test/ingest/shared-data.test.ts); a score or segment is best at 1.
 */
import { defineMetric, type Defined } from "./builders.js";
import type { MetricDefinition } from "./types.js";
import { oversightSource, reporters } from "./sources.js";

/** Who NHS England's median, quartiles and rank are over, as pages say it. */
const PEER_GROUP = "all acute trusts in NHS England's Oversight Framework 2025/26 acute-trust file";

const CAVEAT_AS_PUBLISHED =
  "NHS England's own figure, as published in its Oversight Framework acute-trust file: derived and rounded by NHS England (to 1 or 2 decimal places), for the period the file states, which differs between metrics. It is not recomputed, and it is a separate metric from the platform's own figures from the raw publications.";

const CAVEAT_CATEGORY =
  "NHS England's own assessment, shown as published: a category, not a measurement, so the platform computes no average, trend, interval, quartile, rank or opportunity from it.";

type Frequency = MetricDefinition["frequency"];

interface NofFields<Id extends string> {
  /** NHS England's Metric_ID. */
  code: string;
  id: Id;
  title: string;
  shortTitle: string;
  /** Domain and sub-domain as the file gives them. */
  domain: string;
  definition: string;
  frequency: Frequency;
}

const common: Pick<
  MetricDefinition,
  "targets" | "source" | "topic" | "aggregation" | "multiplier" | "reportedBy" | "publishedStanding"
> = {
  targets: [],
  source: oversightSource,
  topic: "oversight",
  aggregation: "not_aggregable",
  multiplier: 1,
  reportedBy: [...reporters.acuteTrusts],
  publishedStanding: { peerGroup: PEER_GROUP },
};

/** What every Oversight Framework metric shares, with its names and definition. */
const named = <Id extends string>(f: NofFields<Id>) => ({
  ...common,
  id: f.id,
  title: f.title,
  shortTitle: f.shortTitle,
  definition: `${f.definition} NHS Oversight Framework metric ${f.code} (${f.domain}).`,
  frequency: f.frequency,
});

/** A metric value NHS England derives and publishes rounded (OF0xxx). */
function nofValue<Id extends string>(
  f: NofFields<Id> & {
    unit: MetricDefinition["unit"];
    decimals: number;
    improvementDirection: MetricDefinition["improvementDirection"];
    /** The count NHS England gives some trusts instead of the rate (OF0048, OF0088 "count" rows). */
    countInsteadOfRate?: boolean;
  },
): Defined<Id> {
  return defineMetric({
    ...named(f),
    unit: f.unit,
    multiplier: f.unit === "percentage" ? 100 : 1,
    decimals: f.decimals,
    improvementDirection: f.improvementDirection,
    noInterval: {
      values: "NHS England's derived figures, rounded, published without their counts",
      reason:
        "NHS England publishes the value rounded, without the numerator and denominator an interval needs",
    },
    caveats: [
      CAVEAT_AS_PUBLISHED,
      ...(f.countInsteadOfRate
        ? [
            "NHS England gives these few trusts a count under the same metric ID as everyone else's rate, and ranks them together; the counts are kept apart here so that no count is read as a rate. The median and quartiles it publishes with them are of the rates, so they are not shown with a count.",
          ]
        : []),
    ],
  });
}

/** A category NHS England assigns (a score, segment or flag): the fields all three share. */
function nofCategory<Id extends string>(
  f: NofFields<Id>,
  category: NonNullable<MetricDefinition["category"]>,
): Defined<Id> {
  return defineMetric({
    ...named(f),
    unit: category.kind === "score" ? "score" : "category",
    decimals: category.kind === "score" ? 2 : 0,
    // 1 is best for a score or segment; a flag is a status, not a performance: neither value is
    // "better".
    improvementDirection: category.kind === "flag" ? "neutral" : "lower_is_better",
    category,
    caveats: [CAVEAT_CATEGORY],
  });
}

/** NHS England's 1 (best) to 4 (worst) score of a metric's value (OF1xxx). */
function nofScore<Id extends string>(f: NofFields<Id> & { scores?: string }): Defined<Id> {
  return nofCategory(f, {
    kind: "score",
    best: 1,
    worst: 4,
    meaning:
      "NHS England's score of the value, from 1 (best) to 4 (worst); a value between the scale's points gets a score with decimals.",
    ...(f.scores ? { scores: f.scores } : {}),
  });
}

/** A segment NHS England assigns (1 best). */
function nofSegment<Id extends string>(
  f: NofFields<Id> & { worst: number; meaning: string },
): Defined<Id> {
  return nofCategory(f, { kind: "segment", best: 1, worst: f.worst, meaning: f.meaning });
}

/** A yes (1) or no (0) flag NHS England sets. */
function nofFlag<Id extends string>(f: NofFields<Id> & { meaning: string }): Defined<Id> {
  return nofCategory(f, { kind: "flag", best: 0, worst: 1, meaning: f.meaning });
}

const SEGMENT_MEANING =
  "NHS England's segment, from 1 (the highest-performing trusts, with the most autonomy) to 4 (the most support needed), from the trust's scores.";

/** A domain's score (the mean of its metric scores) and its segment, for OF40xx and OF41xx. */
function domain<S extends string, G extends string>(
  name: string,
  scoreCode: string,
  scoreId: S,
  segmentCode: string,
  segmentId: G,
) {
  const lower = name.toLowerCase();
  return [
    nofScore({
      code: scoreCode,
      id: scoreId,
      title: `${name} domain score`,
      shortTitle: `${name} score (NOF)`,
      domain: name,
      definition: `NHS England's score of the trust in the ${lower} domain: the mean of its metric scores in that domain, from 1 (best) to 4 (worst), for the Q1 2025/26 segmentation.`,
      frequency: "quarterly",
    }),
    nofSegment({
      code: segmentCode,
      id: segmentId,
      title: `${name} domain segment`,
      shortTitle: `${name} segment (NOF)`,
      domain: name,
      definition: `NHS England's segment of the trust in the ${lower} domain, 1 to 4, from its domain score.`,
      frequency: "quarterly",
      worst: 4,
      meaning: SEGMENT_MEANING,
    }),
  ] as const;
}

export const oversightMetrics = [
  nofSegment({
    code: "OF5000",
    id: "nof_of5000",
    title: "NHS Oversight Framework segment (adjusted)",
    shortTitle: "Segment (NOF)",
    domain: "Summary",
    definition:
      "NHS England's overall segment of the trust, 1 to 4: the segment from its average metric score (OF5003), moved to at least 3 where the financial override applies (OF5004).",
    frequency: "quarterly",
    worst: 4,
    meaning: SEGMENT_MEANING,
  }),
  nofSegment({
    code: "OF5005",
    id: "nof_of5005",
    title: "NHS Oversight Framework final segment",
    shortTitle: "Final segment (NOF)",
    domain: "Summary",
    definition:
      "NHS England's final segment of the trust: the adjusted segment (OF5000), or 5 for a trust in the Recovery Support Programme (OF5007). The file gives it no reporting date; it belongs to the segmentation of the trust's adjusted segment (Q1 2025/26).",
    frequency: "quarterly",
    worst: 5,
    meaning:
      "NHS England's final segment, from 1 (the highest-performing trusts) to 4 (the most support needed), and 5 for trusts in the Recovery Support Programme (intensive support).",
  }),
  nofSegment({
    code: "OF5003",
    id: "nof_of5003",
    title: "NHS Oversight Framework segment before the financial override (unadjusted)",
    shortTitle: "Unadjusted segment (NOF)",
    domain: "Summary",
    definition:
      "NHS England's segment of the trust from its average metric score alone, 1 to 4, before the financial override.",
    frequency: "quarterly",
    worst: 4,
    meaning: SEGMENT_MEANING,
  }),
  nofScore({
    code: "OF5002",
    id: "nof_of5002",
    title: "Average metric score",
    shortTitle: "Average metric score (NOF)",
    domain: "Summary",
    definition:
      "NHS England's average of the trust's metric scores, from 1 (best) to 4 (worst), from which its unadjusted segment is set.",
    frequency: "quarterly",
  }),
  nofFlag({
    code: "OF5004",
    id: "nof_of5004",
    title: "Financial override",
    shortTitle: "Financial override (NOF)",
    domain: "Summary",
    definition:
      "Whether NHS England's financial override applies to the trust (1 yes, 0 no): a trust with a planned deficit, or off its financial plan, is placed in segment 3 or below whatever its scores.",
    frequency: "quarterly",
    meaning: "Yes (1) where the financial override applies; no (0) otherwise.",
  }),
  nofFlag({
    code: "OF5007",
    id: "nof_of5007",
    title: "In the Recovery Support Programme",
    shortTitle: "Recovery Support Programme (NOF)",
    domain: "Summary",
    definition:
      "Whether the trust is in NHS England's Recovery Support Programme (1 yes, 0 no), which puts it in segment 5. The file gives it no reporting date; it belongs to the segmentation of the trust's adjusted segment (Q1 2025/26).",
    frequency: "quarterly",
    meaning: "Yes (1) for a trust in the Recovery Support Programme; no (0) otherwise.",
  }),
  ...domain("Access to services", "OF4000", "nof_of4000", "OF4100", "nof_of4100"),
  ...domain("Patient safety", "OF4002", "nof_of4002", "OF4102", "nof_of4102"),
  ...domain("Finance and productivity", "OF4003", "nof_of4003", "OF4103", "nof_of4103"),
  ...domain("People and workforce", "OF4004", "nof_of4004", "OF4104", "nof_of4104"),
  ...domain("Effectiveness and experience", "OF4005", "nof_of4005", "OF4105", "nof_of4105"),
  nofValue({
    code: "OF0003",
    id: "nof_of0003",
    title: "Percentage of patients waiting over 52 weeks for elective treatment",
    shortTitle: "52-week waits (elective, NOF)",
    domain: "Access to services, Elective care",
    definition:
      "The share of patients on the trust's consultant-led referral-to-treatment waiting list at the end of the month who had waited over 52 weeks.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "monthly",
  }),
  nofValue({
    code: "OF0005",
    id: "nof_of0005",
    title: "Percentage of patients waiting over 52 weeks for community services",
    shortTitle: "52-week waits (community, NOF)",
    domain: "Access to services, Elective care",
    definition:
      "The share of patients waiting for community health services at the end of the month who had waited over 52 weeks.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "monthly",
  }),
  nofValue({
    code: "OF0010",
    id: "nof_of0010",
    title: "Percentage of urgent referrals to receive a definitive diagnosis within 4 weeks",
    shortTitle: "Faster diagnosis standard (NOF)",
    domain: "Access to services, Cancer care",
    definition:
      "The share of urgent suspected-cancer referrals told they have cancer, or that cancer is ruled out, within 28 days (four weeks) of referral, over the quarter.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0011",
    id: "nof_of0011",
    title: "Percentage of patients treated for cancer within 62 days of referral",
    shortTitle: "Cancer 62-day standard (NOF)",
    domain: "Access to services, Cancer care",
    definition:
      "The share of patients starting a first cancer treatment within 62 days of an urgent referral, over the quarter.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0013",
    id: "nof_of0013",
    title:
      "Percentage of emergency department attendances admitted, transferred or discharged within four hours",
    shortTitle: "A&E 4 hours (NOF)",
    domain: "Access to services, Urgent and emergency care",
    definition:
      "The share of emergency department attendances (all types, booked appointments included) admitted, transferred or discharged within four hours of arrival, over the quarter.",
    unit: "percentage",
    decimals: 1,
    improvementDirection: "higher_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0014",
    id: "nof_of0014",
    title:
      "Percentage of emergency department attendances spending over 12 hours in the department",
    shortTitle: "12 hours in the ED (NOF)",
    domain: "Access to services, Urgent and emergency care",
    definition:
      "The share of emergency department attendances that spent more than 12 hours in the department from arrival, over the quarter.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0016",
    id: "nof_of0016",
    title:
      "Percentage of patients in mental health crisis to receive face-to-face contact within 24 hours",
    shortTitle: "MH crisis contact in 24 hours (NOF)",
    domain: "Patient safety",
    definition:
      "The share of patients referred to crisis services for a mental health crisis who had a face-to-face contact within 24 hours, over the quarter.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0017",
    id: "nof_of0017",
    title: "Average Category 2 ambulance response time",
    shortTitle: "Category 2 mean response (NOF)",
    domain: "Access to services, Urgent and emergency care",
    definition:
      "The mean response time to Category 2 (emergency) ambulance calls over the quarter, in minutes.",
    unit: "minutes",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0020",
    id: "nof_of0020",
    title: "Number of MRSA infections",
    shortTitle: "MRSA infections (NOF)",
    domain: "Patient safety",
    definition:
      "The number of MRSA bloodstream infections attributed to the trust over twelve months.",
    unit: "count",
    decimals: 0,
    improvementDirection: "lower_is_better",
    frequency: "rolling_12_months",
  }),
  nofValue({
    code: "OF0023",
    id: "nof_of0023",
    title: "Percentage of cases where a patient is waiting 18 weeks or less for elective treatment",
    shortTitle: "RTT 18 weeks (NOF)",
    domain: "Access to services, Elective care",
    definition:
      "The share of patients on the referral-to-treatment waiting list at the end of the month who had waited 18 weeks or less.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "monthly",
  }),
  nofValue({
    code: "OF0025",
    id: "nof_of0025",
    title:
      "Average number of days from discharge ready date to actual discharge date (including zero days)",
    shortTitle: "Discharge delay days (NOF)",
    domain: "Effectiveness and experience, Effective flow and discharge",
    definition:
      "The mean number of days from the date a patient was ready to be discharged to the date they left, counting those discharged on the day they were ready as zero, over the month.",
    unit: "days",
    decimals: 1,
    improvementDirection: "lower_is_better",
    frequency: "monthly",
  }),
  nofValue({
    code: "OF0028",
    id: "nof_of0028",
    title: "Percentage of ambulance patients conveyed to emergency departments",
    shortTitle: "Conveyance to ED (NOF)",
    domain: "Effectiveness and experience, Effective out of hospital care",
    definition:
      "The share of ambulance incidents in which the patient was taken to an emergency department, over the financial year to date.",
    unit: "percentage",
    decimals: 1,
    improvementDirection: "lower_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0041",
    id: "nof_of0041",
    title:
      "Annual change in the number of children and young people accessing NHS-funded MH services",
    shortTitle: "Change in CYP accessing MH services (NOF)",
    domain: "Access to services, Mental health care",
    definition:
      'The change in the number of children and young people accessing NHS-funded mental health services over twelve months, against the previous twelve months, as NHS England publishes it (units "percentage points").',
    unit: "percentage_points",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "rolling_12_months",
  }),
  nofValue({
    code: "OF0048",
    id: "nof_of0048",
    title: "Rate of E-Coli infections",
    shortTitle: "E. coli infection rate (NOF)",
    domain: "Patient safety",
    definition:
      'NHS England\'s rate of E. coli bloodstream infections attributed to the trust over twelve months. The file gives the unit only as "rate", without saying per what, so the value is shown as a plain number.',
    unit: "ratio",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "rolling_12_months",
  }),
  nofValue({
    code: "OF0048",
    id: "nof_of0048_count",
    title: "Number of E-Coli infections (trusts given a count instead of a rate)",
    shortTitle: "E. coli infection count (NOF)",
    domain: "Patient safety",
    definition:
      'The number of E. coli bloodstream infections attributed to the trust over twelve months, for the few (mostly specialist) trusts NHS England gives a count instead of a rate under the same metric ID (Units "count").',
    unit: "count",
    decimals: 0,
    improvementDirection: "lower_is_better",
    frequency: "rolling_12_months",
    countInsteadOfRate: true,
  }),
  nofValue({
    code: "OF0057",
    id: "nof_of0057",
    title: "Urgent Community Response 2-hour performance",
    shortTitle: "Urgent community response in 2 hours (NOF)",
    domain: "Effectiveness and experience, Effective out of hospital care",
    definition:
      "The share of urgent community response referrals seen within two hours, over the quarter.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0061",
    id: "nof_of0061",
    title: "NHS Staff survey - raising concerns sub-score",
    shortTitle: "Staff Survey raising concerns (NOF)",
    domain: "Patient safety",
    definition:
      'The NHS Staff Survey 2024 "raising concerns" sub-score of the People Promise element "We each have a voice that counts", 0–10 (10 the most positive), as NHS England rounds it.',
    unit: "score",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "annual",
  }),
  nofValue({
    code: "OF0063",
    id: "nof_of0063",
    title: "Percentage of inpatients with >60 day length of stay",
    shortTitle: "Inpatients staying over 60 days (NOF)",
    domain: "Effectiveness and experience, Effective flow and discharge",
    definition: "The share of inpatients with a length of stay over 60 days, over the quarter.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0079",
    id: "nof_of0079",
    title: "Planned surplus/deficit",
    shortTitle: "Planned surplus or deficit (NOF)",
    domain: "Finance and productivity, Finance",
    definition:
      "The trust's planned surplus (positive) or deficit (negative) for the financial year as a percentage of its income, from its financial plan.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "annual",
  }),
  nofValue({
    code: "OF0081",
    id: "nof_of0081",
    title: "Variance year-to-date to financial plan",
    shortTitle: "Variance to financial plan (NOF)",
    domain: "Finance and productivity, Finance",
    definition:
      "The difference between the trust's financial position and its plan, year to date at month 3 (April to June 2025), as a percentage; negative is worse than plan.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0082",
    id: "nof_of0082",
    title: "Sickness absence rate",
    shortTitle: "Sickness absence (NOF)",
    domain: "People and workforce, Retention and culture",
    definition: "The share of available staff days lost to sickness absence over the quarter.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "quarterly",
  }),
  nofValue({
    code: "OF0084",
    id: "nof_of0084",
    title: "NHS staff survey engagement theme sub-score",
    shortTitle: "Staff Survey engagement (NOF)",
    domain: "People and workforce, Retention and culture",
    definition:
      "The NHS Staff Survey 2024 staff engagement theme score, 0–10 (10 the most positive), as NHS England rounds it.",
    unit: "score",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "annual",
  }),
  nofValue({
    code: "OF0085",
    id: "nof_of0085",
    title: "Implied productivity level",
    shortTitle: "Implied productivity (NOF)",
    domain: "Finance and productivity, Productivity",
    definition:
      "NHS England's implied productivity growth of the trust in 2024/25 against 2023/24 (to month 12), as a percentage: the change in cost-weighted activity less the change in inflation-adjusted spending.",
    unit: "percentage",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "annual",
  }),
  nofValue({
    code: "OF0088",
    id: "nof_of0088",
    title: "Rate of C-Difficile infections",
    shortTitle: "C. difficile infection rate (NOF)",
    domain: "Patient safety",
    definition:
      'NHS England\'s rate of C. difficile infections attributed to the trust over twelve months. The file gives the unit only as "rate", without saying per what, so the value is shown as a plain number.',
    unit: "ratio",
    decimals: 2,
    improvementDirection: "lower_is_better",
    frequency: "rolling_12_months",
  }),
  nofValue({
    code: "OF0088",
    id: "nof_of0088_count",
    title: "Number of C-Difficile infections (trusts given a count instead of a rate)",
    shortTitle: "C. difficile infection count (NOF)",
    domain: "Patient safety",
    definition:
      'The number of C. difficile infections attributed to the trust over twelve months, for the few (mostly specialist) trusts NHS England gives a count instead of a rate under the same metric ID (Units "count").',
    unit: "count",
    decimals: 0,
    improvementDirection: "lower_is_better",
    frequency: "rolling_12_months",
    countInsteadOfRate: true,
  }),
  nofValue({
    code: "OF0106",
    id: "nof_of0106",
    title: "Difference between planned and actual 18 week performance",
    shortTitle: "18 weeks against plan (NOF)",
    domain: "Access to services, Elective care",
    definition:
      "The trust's actual share of patients waiting 18 weeks or less minus the share it planned for the month, in percentage points; positive is ahead of plan.",
    unit: "percentage_points",
    decimals: 2,
    improvementDirection: "higher_is_better",
    frequency: "monthly",
  }),
  nofScore({
    code: "OF1003",
    id: "nof_of1003",
    scores: "nof_of0003",
    title: "Percentage of patients waiting over 52 weeks for elective treatment: NHS England score",
    shortTitle: "52-week waits (elective, NOF)",
    domain: "Access to services, Elective care",
    definition:
      "NHS England's score of the trust's value of OF0003 (percentage of patients waiting over 52 weeks for elective treatment), on its scale from 1 (best) to 4 (worst).",
    frequency: "monthly",
  }),
  nofScore({
    code: "OF1005",
    id: "nof_of1005",
    scores: "nof_of0005",
    title: "Percentage of patients waiting over 52 weeks for community services: NHS England score",
    shortTitle: "52-week waits (community, NOF)",
    domain: "Access to services, Elective care",
    definition:
      "NHS England's score of the trust's value of OF0005 (percentage of patients waiting over 52 weeks for community services), on its scale from 1 (best) to 4 (worst).",
    frequency: "monthly",
  }),
  nofScore({
    code: "OF1010",
    id: "nof_of1010",
    scores: "nof_of0010",
    title:
      "Percentage of urgent referrals to receive a definitive diagnosis within 4 weeks: NHS England score",
    shortTitle: "Faster diagnosis standard score (NOF)",
    domain: "Access to services, Cancer care",
    definition:
      "NHS England's score of the trust's value of OF0010 (percentage of urgent referrals to receive a definitive diagnosis within 4 weeks), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1011",
    id: "nof_of1011",
    scores: "nof_of0011",
    title:
      "Percentage of patients treated for cancer within 62 days of referral: NHS England score",
    shortTitle: "Cancer 62-day standard score (NOF)",
    domain: "Access to services, Cancer care",
    definition:
      "NHS England's score of the trust's value of OF0011 (percentage of patients treated for cancer within 62 days of referral), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1013",
    id: "nof_of1013",
    scores: "nof_of0013",
    title:
      "Percentage of emergency department attendances admitted, transferred or discharged within four hours: NHS England score",
    shortTitle: "A&E 4 hours score (NOF)",
    domain: "Access to services, Urgent and emergency care",
    definition:
      "NHS England's score of the trust's value of OF0013 (percentage of emergency department attendances admitted, transferred or discharged within four hours), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1014",
    id: "nof_of1014",
    scores: "nof_of0014",
    title:
      "Percentage of emergency department attendances spending over 12 hours in the department: NHS England score",
    shortTitle: "12 hours in the ED score (NOF)",
    domain: "Access to services, Urgent and emergency care",
    definition:
      "NHS England's score of the trust's value of OF0014 (percentage of emergency department attendances spending over 12 hours in the department), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1016",
    id: "nof_of1016",
    scores: "nof_of0016",
    title:
      "Percentage of patients in mental health crisis to receive face-to-face contact within 24 hours: NHS England score",
    shortTitle: "MH crisis contact in 24 hours score (NOF)",
    domain: "Patient safety",
    definition:
      "NHS England's score of the trust's value of OF0016 (percentage of patients in mental health crisis to receive face-to-face contact within 24 hours), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1017",
    id: "nof_of1017",
    scores: "nof_of0017",
    title: "Average Category 2 ambulance response time: NHS England score",
    shortTitle: "Category 2 mean response score (NOF)",
    domain: "Access to services, Urgent and emergency care",
    definition:
      "NHS England's score of the trust's value of OF0017 (average Category 2 ambulance response time), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1020",
    id: "nof_of1020",
    scores: "nof_of0020",
    title: "Number of MRSA infections: NHS England score",
    shortTitle: "MRSA infections score (NOF)",
    domain: "Patient safety",
    definition:
      "NHS England's score of the trust's value of OF0020 (number of MRSA infections), on its scale from 1 (best) to 4 (worst).",
    frequency: "rolling_12_months",
  }),
  nofScore({
    code: "OF1023",
    id: "nof_of1023",
    scores: "nof_of0023",
    title:
      "Percentage of cases where a patient is waiting 18 weeks or less for elective treatment: NHS England score",
    shortTitle: "RTT 18 weeks score (NOF)",
    domain: "Access to services, Elective care",
    definition:
      "NHS England's score of the trust's value of OF0023 (percentage of cases where a patient is waiting 18 weeks or less for elective treatment), on its scale from 1 (best) to 4 (worst).",
    frequency: "monthly",
  }),
  nofScore({
    code: "OF1025",
    id: "nof_of1025",
    scores: "nof_of0025",
    title:
      "Average number of days from discharge ready date to actual discharge date (including zero days): NHS England score",
    shortTitle: "Discharge delay days score (NOF)",
    domain: "Effectiveness and experience, Effective flow and discharge",
    definition:
      "NHS England's score of the trust's value of OF0025 (average number of days from discharge ready date to actual discharge date (including zero days)), on its scale from 1 (best) to 4 (worst).",
    frequency: "monthly",
  }),
  nofScore({
    code: "OF1028",
    id: "nof_of1028",
    scores: "nof_of0028",
    title: "Percentage of ambulance patients conveyed to emergency departments: NHS England score",
    shortTitle: "Conveyance to ED score (NOF)",
    domain: "Effectiveness and experience, Effective out of hospital care",
    definition:
      "NHS England's score of the trust's value of OF0028 (percentage of ambulance patients conveyed to emergency departments), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1035",
    id: "nof_of1035",
    title: "CQC community mental health survey satisfaction rate: NHS England score",
    shortTitle: "CQC community MH survey score (NOF)",
    domain: "Effectiveness and experience, Patient experience",
    definition:
      "NHS England's 1–4 score of the trust's CQC community mental health survey results (2024). The file gives the score only, without the survey value behind it.",
    frequency: "annual",
  }),
  nofScore({
    code: "OF1041",
    id: "nof_of1041",
    scores: "nof_of0041",
    title:
      "Annual change in the number of children and young people accessing NHS-funded MH services: NHS England score",
    shortTitle: "Change in CYP accessing MH services score (NOF)",
    domain: "Access to services, Mental health care",
    definition:
      "NHS England's score of the trust's value of OF0041 (annual change in the number of children and young people accessing NHS-funded MH services), on its scale from 1 (best) to 4 (worst).",
    frequency: "rolling_12_months",
  }),
  nofScore({
    code: "OF1046",
    id: "nof_of1046",
    title: "Summary Hospital Level Mortality Indicator: NHS England score",
    shortTitle: "SHMI score (NOF)",
    domain: "Effectiveness and experience, Patient experience",
    definition:
      "NHS England's score of the trust's Summary Hospital-level Mortality Indicator (SHMI) for April 2024 – March 2025: in this file 1, 2 or 3, following SHMI's own banding (the platform's `shmi` metric holds SHMI itself).",
    frequency: "rolling_12_months",
  }),
  nofScore({
    code: "OF1048",
    id: "nof_of1048",
    scores: "nof_of0048",
    title: "Rate of E-Coli infections: NHS England score",
    shortTitle: "E. coli infection rate score (NOF)",
    domain: "Patient safety",
    definition:
      "NHS England's score of the trust's value of OF0048 (rate of E-Coli infections), on its scale from 1 (best) to 4 (worst).",
    frequency: "rolling_12_months",
  }),
  nofScore({
    code: "OF1057",
    id: "nof_of1057",
    scores: "nof_of0057",
    title: "Urgent Community Response 2-hour performance: NHS England score",
    shortTitle: "Urgent community response in 2 hours score (NOF)",
    domain: "Effectiveness and experience, Effective out of hospital care",
    definition:
      "NHS England's score of the trust's value of OF0057 (urgent Community Response 2-hour performance), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1061",
    id: "nof_of1061",
    scores: "nof_of0061",
    title: "NHS Staff survey - raising concerns sub-score: NHS England score",
    shortTitle: "Staff Survey raising concerns score (NOF)",
    domain: "Patient safety",
    definition:
      "NHS England's score of the trust's value of OF0061 (nHS Staff survey - raising concerns sub-score), on its scale from 1 (best) to 4 (worst).",
    frequency: "annual",
  }),
  nofScore({
    code: "OF1063",
    id: "nof_of1063",
    scores: "nof_of0063",
    title: "Percentage of inpatients with >60 day length of stay: NHS England score",
    shortTitle: "Inpatients staying over 60 days score (NOF)",
    domain: "Effectiveness and experience, Effective flow and discharge",
    definition:
      "NHS England's score of the trust's value of OF0063 (percentage of inpatients with >60 day length of stay), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1067",
    id: "nof_of1067",
    title: "CQC safe inspection: NHS England score",
    shortTitle: "CQC safe inspection score (NOF)",
    domain: "Patient safety",
    definition:
      "NHS England's 1–4 score of the trust's latest CQC \"safe\" rating, where that rating was awarded after August 2023; given for 15 trusts only.",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1069",
    id: "nof_of1069",
    title: "CQC inpatient survey satisfaction rate: NHS England score",
    shortTitle: "CQC inpatient survey score (NOF)",
    domain: "Effectiveness and experience, Patient experience",
    definition: "NHS England's 1–4 score of the trust's CQC adult inpatient survey 2023 results.",
    frequency: "annual",
  }),
  nofScore({
    code: "OF1079",
    id: "nof_of1079",
    scores: "nof_of0079",
    title: "Planned surplus/deficit: NHS England score",
    shortTitle: "Planned surplus or deficit score (NOF)",
    domain: "Finance and productivity, Finance",
    definition:
      "NHS England's score of the trust's value of OF0079 (planned surplus/deficit), on its scale from 1 (best) to 4 (worst).",
    frequency: "annual",
  }),
  nofScore({
    code: "OF1080",
    id: "nof_of1080",
    title: "Combined finance: NHS England score",
    shortTitle: "Combined finance score (NOF)",
    domain: "Finance and productivity, Finance",
    definition:
      "NHS England's combined finance score, Q1 2025/26: it combines the planned surplus or deficit and the variance to plan scores.",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1081",
    id: "nof_of1081",
    scores: "nof_of0081",
    title: "Variance year-to-date to financial plan: NHS England score",
    shortTitle: "Variance to financial plan score (NOF)",
    domain: "Finance and productivity, Finance",
    definition:
      "NHS England's score of the trust's value of OF0081 (variance year-to-date to financial plan), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1082",
    id: "nof_of1082",
    scores: "nof_of0082",
    title: "Sickness absence rate: NHS England score",
    shortTitle: "Sickness absence score (NOF)",
    domain: "People and workforce, Retention and culture",
    definition:
      "NHS England's score of the trust's value of OF0082 (sickness absence rate), on its scale from 1 (best) to 4 (worst).",
    frequency: "quarterly",
  }),
  nofScore({
    code: "OF1084",
    id: "nof_of1084",
    scores: "nof_of0084",
    title: "NHS staff survey engagement theme sub-score: NHS England score",
    shortTitle: "Staff Survey engagement score (NOF)",
    domain: "People and workforce, Retention and culture",
    definition:
      "NHS England's score of the trust's value of OF0084 (nHS staff survey engagement theme sub-score), on its scale from 1 (best) to 4 (worst).",
    frequency: "annual",
  }),
  nofScore({
    code: "OF1085",
    id: "nof_of1085",
    scores: "nof_of0085",
    title: "Implied productivity level: NHS England score",
    shortTitle: "Implied productivity score (NOF)",
    domain: "Finance and productivity, Productivity",
    definition:
      "NHS England's score of the trust's value of OF0085 (implied productivity level), on its scale from 1 (best) to 4 (worst).",
    frequency: "annual",
  }),
  nofScore({
    code: "OF1088",
    id: "nof_of1088",
    scores: "nof_of0088",
    title: "Rate of C-Difficile infections: NHS England score",
    shortTitle: "C. difficile infection rate score (NOF)",
    domain: "Patient safety",
    definition:
      "NHS England's score of the trust's value of OF0088 (rate of C-Difficile infections), on its scale from 1 (best) to 4 (worst).",
    frequency: "rolling_12_months",
  }),
  nofScore({
    code: "OF1106",
    id: "nof_of1106",
    scores: "nof_of0106",
    title: "Difference between planned and actual 18 week performance: NHS England score",
    shortTitle: "18 weeks against plan score (NOF)",
    domain: "Access to services, Elective care",
    definition:
      "NHS England's score of the trust's value of OF0106 (difference between planned and actual 18 week performance), on its scale from 1 (best) to 4 (worst).",
    frequency: "monthly",
  }),
];

/** The catalogue id of an Oversight Framework Metric_ID: "OF0003" → "nof_of0003". */
export function nofMetricId(code: string, countInsteadOfRate = false): string {
  return `nof_${code.toLowerCase()}${countInsteadOfRate ? "_count" : ""}`;
}
