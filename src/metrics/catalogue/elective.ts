/**
 * Elective care: consultant-led referral-to-treatment (RTT) waits on incomplete pathways (people
 * still waiting at the end of the month). Waiting-list counts are month-end stocks.
 */
import { countMetric, percentageMetric } from "./builders.js";
import { planning, reporters, rttSource } from "./sources.js";

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
];
