/**
 * Urgent and emergency care: A&E waiting times, attendances, admissions and decision-to-admit
 * waits, from NHS England's monthly A&E Attendances and Emergency Admissions publication.
 */
import { countMetric, percentageMetric } from "./builders.js";
import { aeSource, planning, reporters } from "./sources.js";
import type { MetricDefinition } from "./types.js";

const fieldTestingCaveat =
  "14 trusts (R0D, RC9, RDU, RFR, RGR, RGT, RHU, RK9, RNQ, RQM, RVW, RX1, RXF, RYJ) did not report 4-hour performance from April 2021 to May 2023 while they field-tested new A&E standards: their values are missing, not zero, and England/ICB/regional aggregates over that period exclude them.";

/** The 4-hour standard and the interim planning targets, as stated for all A&E types combined. */
function fourHourTargets(note: string): MetricDefinition["targets"] {
  return [
    {
      value: 95,
      from: "2010-07-01",
      source: `NHS Constitution for England; Revision to the NHS Operating Framework 2010/11 (95% operational standard from Q2 2010/11, previously 98%)${note}`,
      label: "95% constitutional standard",
    },
    {
      value: 76,
      from: "2023-04-01",
      to: "2024-04-01",
      source: `${planning.y2023} (76% by March 2024)${note}`,
      label: "76% by March 2024",
    },
    {
      value: 78,
      from: "2024-04-01",
      to: "2025-04-01",
      source: `${planning.y2024} (78% by March 2025)${note}`,
      label: "78% by March 2025",
    },
    {
      value: 78,
      from: "2025-04-01",
      to: "2026-04-01",
      source: `${planning.y2025} (a minimum of 78% by March 2026)${note}`,
      label: "78% by March 2026",
    },
  ];
}

const interimTargetCaveat =
  "Planning targets apply across the planning year and are to be reached by its end (March); the target line shows the whole financial year.";

export const uecMetrics = [
  percentageMetric({
    id: "ae_4hr_all",
    title: "A&E 4-hour performance (all types)",
    shortTitle: "4-hour (all types)",
    definition:
      "The share of people attending any type of A&E (major emergency departments, single-specialty units, urgent treatment centres and minor injury units) who were admitted, transferred or discharged within 4 hours of arrival.",
    numerator:
      "A&E attendances of all types where the patient was admitted, transferred or discharged within 4 hours of arrival",
    denominator: "All A&E attendances of all types",
    improvementDirection: "higher_is_better",
    comparisonLevel: 99.8,
    targets: fourHourTargets(""),
    source: aeSource,
    topic: "uec",
    opportunityNoun: "patients seen within 4 hours",
    caveats: [
      fieldTestingCaveat,
      interimTargetCaveat,
      "Type 3 attendances (urgent treatment centres, minor injury units) are usually quicker, so trusts running more of them score higher; compare with ae_4hr_type1.",
      "The 95% standard's start is given as Q2 2010/11; before then the standard was 98%.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "ae_4hr_type1",
    title: "A&E 4-hour performance (type 1 major emergency departments)",
    shortTitle: "4-hour (type 1)",
    definition:
      "The share of people attending a type 1 emergency department (consultant-led, open 24 hours, with resuscitation facilities) who were admitted, transferred or discharged within 4 hours of arrival.",
    numerator:
      "Type 1 A&E attendances where the patient was admitted, transferred or discharged within 4 hours of arrival",
    denominator: "All type 1 A&E attendances",
    improvementDirection: "higher_is_better",
    comparisonLevel: 99.8,
    targets: fourHourTargets(
      "; the standard and targets are set for all A&E types combined and are shown here for reference",
    ),
    source: aeSource,
    topic: "uec",
    opportunityNoun: "patients seen within 4 hours",
    caveats: [
      fieldTestingCaveat,
      interimTargetCaveat,
      "The 95% standard and the planning targets are set for all A&E types combined, not for type 1 alone; type 1 performance is typically 10–15 points lower than all types.",
      "The 2021–2025 trust file in the shared data gives all-type counts only; type 1 figures come from the 2016–2019 series and single-month snapshots.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "ae_attendances_all",
    title: "A&E attendances (all types)",
    shortTitle: "Attendances (all)",
    definition:
      "The number of attendances at all types of A&E in the month, including urgent treatment centres and minor injury units run by the organisation.",
    improvementDirection: "neutral",
    comparisonLevel: 99.8,
    targets: [],
    source: aeSource,
    topic: "uec",
    caveats: ["Demand, not performance: neither more nor fewer attendances is better in itself."],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "ae_attendances_type1",
    title: "A&E attendances (type 1 major emergency departments)",
    shortTitle: "Attendances (type 1)",
    definition:
      "The number of attendances at type 1 emergency departments (consultant-led, open 24 hours) in the month.",
    improvementDirection: "neutral",
    comparisonLevel: 99.8,
    targets: [],
    source: aeSource,
    topic: "uec",
    caveats: ["Demand, not performance: neither more nor fewer attendances is better in itself."],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "ae_emergency_admissions",
    title: "Emergency admissions via A&E",
    shortTitle: "Admissions via A&E",
    definition:
      "The number of emergency admissions to hospital of patients who came through any type of A&E in the month.",
    improvementDirection: "neutral",
    comparisonLevel: 99.8,
    targets: [],
    source: aeSource,
    topic: "uec",
    caveats: [
      "The emergency admissions columns for 2021–2025 in the shared data are less reliable than attendances and over-4-hour counts.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "ae_admission_conversion",
    title: "A&E admission conversion rate (type 1)",
    shortTitle: "Admission conversion",
    definition:
      "The share of type 1 emergency department attendances that end in an emergency admission to hospital.",
    numerator: "Emergency admissions via type 1 A&E departments",
    denominator: "Type 1 A&E attendances",
    improvementDirection: "neutral",
    comparisonLevel: 99.8,
    targets: [],
    source: aeSource,
    topic: "uec",
    caveats: [
      "Reflects case mix and the availability of same-day emergency care as much as decision making: read it alongside 4-hour performance and occupancy, not as better or worse on its own.",
      "Where only all-type figures exist (the 2021–2025 trust file), an importer must not substitute all-type admissions over all-type attendances under this id.",
      "Emergency admissions for 2021–2025 are less reliable than attendances.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "ae_dta_4hr_waits",
    title: "Waits over 4 hours from decision to admit to admission",
    shortTitle: "4-hour DTA waits",
    definition:
      "The number of patients who waited more than 4 hours from the decision to admit them to actually being admitted (often called 'trolley waits').",
    improvementDirection: "lower_is_better",
    targets: [],
    source: aeSource,
    topic: "uec",
    opportunityNoun: "patients waiting over 4 hours from decision to admit",
    caveats: ["Counts the wait after the decision to admit, not time from arrival."],
    reportedBy: [...reporters.acuteSystem],
  }),
  countMetric({
    id: "ae_dta_12hr_waits",
    title: "Waits over 12 hours from decision to admit to admission",
    shortTitle: "12-hour DTA waits",
    definition:
      "The number of patients who waited more than 12 hours from the decision to admit them to actually being admitted.",
    improvementDirection: "lower_is_better",
    targets: [],
    source: aeSource,
    topic: "uec",
    opportunityNoun: "patients waiting over 12 hours from decision to admit",
    caveats: [
      "Not the same as 12 hours from arrival (published separately from ECDS and not in the shared data); 12 hours from arrival is always the larger number.",
      "The shared data holds 12-hour decision-to-admit counts for one month only (May 2022).",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "ae_dta_12hr_pct",
    title: "12-hour decision-to-admit waits as a share of emergency admissions via A&E",
    shortTitle: "12-hour DTA %",
    definition:
      "Of the patients admitted as an emergency through A&E, the share who waited more than 12 hours from the decision to admit to being admitted.",
    numerator: "Patients waiting over 12 hours from decision to admit to admission",
    denominator: "Emergency admissions via A&E (all types)",
    decimals: 2,
    improvementDirection: "lower_is_better",
    comparisonLevel: 99.8,
    targets: [],
    source: aeSource,
    topic: "uec",
    opportunityNoun: "patients waiting over 12 hours from decision to admit",
    caveats: [
      "Both counts are in the monthly A&E publication; in the shared data they sit in different files (12-hour counts for May 2022 only) and must be joined by organisation and month.",
      "Emergency admissions for 2021–2025 are less reliable than attendances.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
];
