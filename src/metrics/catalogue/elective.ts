/**
 * Elective care: consultant-led referral-to-treatment (RTT) waits on incomplete pathways (people
 * still waiting at the end of the month). Waiting-list counts are month-end stocks. Cancelled
 * elective operations: quarterly counts (flows) of last-minute cancellations for non-clinical
 * reasons and of those patients not treated within 28 days.
 */
import { countMetric, percentageMetric } from "./builders.js";
import { cancelledOpsSource, planning, reporters, rttSource } from "./sources.js";

const elecReformPlan =
  "Reforming elective care for patients (NHS England elective reform plan, January 2025)";

export const electiveMetrics = [
  percentageMetric({
    id: "rtt_18wk",
    title: "RTT: patients waiting under 18 weeks",
    shortTitle: "RTT 18 weeks",
    definition:
      "Of everyone waiting to start consultant-led treatment at the end of the month, the share who had waited less than 18 weeks since referral.",
    numerator: "Incomplete RTT pathways waiting under 18 weeks at month end",
    denominator: "All incomplete RTT pathways at month end",
    improvementDirection: "higher_is_better",
    comparisonLevel: 99.8,
    targets: [
      {
        value: 92,
        from: "2012-04-01",
        source:
          "NHS Constitution for England (92% of incomplete pathways within 18 weeks; operational standard from the 2012/13 operating framework — start date approximate)",
        label: "92% constitutional standard",
      },
      {
        value: 65,
        from: "2025-04-01",
        to: "2026-04-01",
        source: `${planning.y2025} (65% nationally by March 2026, every trust at least 5 points better)`,
        label: "65% by March 2026",
      },
      {
        value: 92,
        from: "2028-04-01",
        to: "2029-04-01",
        source: `${elecReformPlan} (return to the 92% standard by March 2029)`,
        label: "92% by March 2029",
      },
    ],
    source: rttSource,
    topic: "elective",
    opportunityNoun: "patients waiting under 18 weeks",
    caveats: [
      "Counts pathways, not people: a person waiting for two treatments counts twice.",
      "The 2025/26 target is 65% nationally with each trust expected to improve by at least 5 percentage points: a trust's own target may differ.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "rtt_52wk",
    title: "RTT: patients waiting over 52 weeks",
    shortTitle: "52-week waiters",
    definition:
      "The number of people on the waiting list at the end of the month who had waited more than 52 weeks since referral.",
    aggregation: "mean_of_daily",
    improvementDirection: "lower_is_better",
    targets: [],
    source: rttSource,
    topic: "elective",
    opportunityNoun: "patients waiting over 52 weeks",
    caveats: [
      "A month-end stock: months are averaged, never added.",
      "Scales with waiting list size; compare trusts with rtt_52wk_pct.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "rtt_52wk_pct",
    title: "RTT: share of the waiting list waiting over 52 weeks",
    shortTitle: "52-week %",
    definition:
      "Of everyone on the waiting list at the end of the month, the share who had waited more than 52 weeks.",
    numerator: "Incomplete RTT pathways waiting over 52 weeks at month end",
    denominator: "All incomplete RTT pathways at month end",
    decimals: 2,
    improvementDirection: "lower_is_better",
    comparisonLevel: 99.8,
    targets: [
      {
        value: 1,
        from: "2025-04-01",
        to: "2026-04-01",
        source: `${planning.y2025} (less than 1% of the total waiting list by March 2026)`,
        label: "Under 1% by March 2026",
      },
    ],
    source: rttSource,
    topic: "elective",
    opportunityNoun: "patients waiting over 52 weeks",
    caveats: ["Counts pathways, not people."],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "rtt_waiting_list",
    title: "RTT waiting list size",
    shortTitle: "Waiting list",
    definition:
      "The number of people waiting to start consultant-led treatment at the end of the month (incomplete pathways).",
    aggregation: "mean_of_daily",
    improvementDirection: "lower_is_better",
    targets: [],
    source: rttSource,
    topic: "elective",
    opportunityNoun: "patients on the waiting list",
    caveats: [
      "A month-end stock: months are averaged, never added.",
      "Counts pathways, not people. The sum over trusts differs from the published England total, which adds estimates for trusts that did not report (see rtt_waiting_list_england).",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "rtt_waiting_list_england",
    title: "RTT waiting list, England (national published total)",
    shortTitle: "England waiting list",
    definition:
      "The national number of consultant-led referral-to-treatment pathways waiting at the end of the month, as published for England.",
    aggregation: "not_aggregable",
    improvementDirection: "lower_is_better",
    targets: [],
    source: rttSource,
    topic: "elective",
    opportunityNoun: "patients on the waiting list",
    caveats: [
      "England only: the published national total includes estimates for trusts that did not submit, so it is not the sum of trust values.",
      "The shared data covers August 2007 to May 2024.",
    ],
    reportedBy: [...reporters.nationalOnly],
  }),
  ...cancelledOperationsMetrics(),
];

/** Called while the array above is built, so its constants live inside. */
function cancelledOperationsMetrics() {
  // The NHS Constitution's pledge behind the 28-day figures, quoted once.
  const pledge =
    "The NHS Constitution pledges that a patient whose operation is cancelled on or after the day of admission for non-clinical reasons is offered another binding date within 28 days, or has the treatment funded at the time and hospital of their choice.";
  const lastMinute =
    "Last minute means on the day the patient was due to arrive, after arrival, or on the day of the operation; non-clinical reasons are the hospital's (no bed, theatre time, staff or equipment), not the patient's health.";
  return [
    countMetric({
      id: "cancelled_ops_last_minute",
      title: "Elective operations cancelled at the last minute for non-clinical reasons",
      shortTitle: "Last-minute cancellations",
      definition:
        "The number of elective operations the hospital cancelled at the last minute for non-clinical reasons in the quarter.",
      frequency: "quarterly",
      improvementDirection: "lower_is_better",
      targets: [],
      source: cancelledOpsSource,
      topic: "elective",
      opportunityNoun: "cancelled operations",
      caveats: [
        lastMinute,
        "Scales with the size of the trust's elective programme, and the shared data has no count of elective operations to divide by: compare a trust with itself over time, or with trusts of a similar size.",
      ],
      reportedBy: [...reporters.acuteSystem, "community_trust"],
    }),
    countMetric({
      id: "cancelled_ops_not_treated_28d",
      title: "Patients not treated within 28 days of a last-minute cancellation",
      shortTitle: "Not treated within 28 days",
      definition:
        "The number of patients whose operation was cancelled at the last minute for non-clinical reasons who were not treated within 28 days, counted in the quarter.",
      frequency: "quarterly",
      improvementDirection: "lower_is_better",
      targets: [],
      source: cancelledOpsSource,
      topic: "elective",
      opportunityNoun: "patients not treated within 28 days",
      caveats: [
        pledge,
        "Scales with the number of cancellations; compare trusts with cancelled_ops_28d_pct.",
      ],
      reportedBy: [...reporters.acuteSystem, "community_trust"],
    }),
    percentageMetric({
      id: "cancelled_ops_28d_pct",
      title: "Last-minute cancellations not treated within 28 days",
      shortTitle: "Cancellations not treated in 28 days",
      definition:
        "Of the elective operations cancelled at the last minute for non-clinical reasons in the quarter, the share whose patients were not treated within 28 days: two counts of the same quarter, as the national statistical releases report it (Q1 2012-13: 748 of 14,184 cancellations, 5.3%).",
      numerator:
        "Patients not treated within 28 days of a last-minute cancellation, in the quarter",
      denominator:
        "Elective operations cancelled at the last minute for non-clinical reasons, in the quarter",
      frequency: "quarterly",
      improvementDirection: "lower_is_better",
      targets: [],
      source: cancelledOpsSource,
      topic: "elective",
      opportunityNoun: "patients not treated within 28 days",
      caveats: [
        pledge,
        "A ratio of two counts of the same quarter, not a follow-up of each cancelled patient: a cancellation in the last 28 days of a quarter can only breach after the quarter ends.",
        "Small numbers: many trusts cancel a few dozen operations a quarter, so one or two patients move the share a lot.",
      ],
      reportedBy: [...reporters.acuteSystem, "community_trust"],
    }),
  ];
}
