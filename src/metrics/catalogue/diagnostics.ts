/**
 * Diagnostics: the DM01 waiting list for the 15 key diagnostic tests (imaging, physiological
 * measurement and endoscopy): its size, the numbers and shares waiting 6 and 13 weeks or more
 * over all tests, and the share waiting 6 weeks or more for each test (one metric per test,
 * diagnostic-tests.ts). Waiting lists are month-end stocks.
 */
import { countMetric, percentageMetric } from "./builders.js";
import { dm01TestMetricId, dm01Tests } from "./diagnostic-tests.js";
import { diagnosticsSource, planning, reporters } from "./sources.js";
import type { MetricDefinition } from "./types.js";

/** Says which providers an England figure on these pages adds (it differs from the published one). */
const englandCaveat =
  "England, region and ICB figures here add NHS trusts only; NHS England's published England total also counts independent-sector providers (August 2024: 1,562,141 waiting, 24.0% for 6 weeks or more; NHS trusts alone 1,449,116 and 24.9%). Independent providers' own values are kept, under their codes.";

/** DM01 is returned by every provider of the 15 tests: acute, and community and partnership trusts (audiology, DEXA, endoscopy). */
const dm01Reporters: MetricDefinition["reportedBy"] = [
  ...reporters.acuteSystem,
  "community_trust",
  "mental_health_trust",
];

const stockCaveat = "A month-end stock: months are averaged, never added.";

export const diagnosticsMetrics = [
  percentageMetric({
    id: "diag_6wk_pct",
    title: "Diagnostics: patients waiting 6 weeks or more",
    shortTitle: "Diagnostics 6+ weeks",
    definition:
      "Of everyone waiting for one of the 15 key diagnostic tests at the end of the month, the share who had waited 6 weeks or more.",
    numerator: "Patients on the diagnostic waiting list waiting 6 weeks or more at month end",
    denominator: "All patients on the diagnostic waiting list at month end",
    improvementDirection: "lower_is_better",
    comparisonLevel: 99.8,
    targets: [
      {
        value: 1,
        from: "2008-04-01",
        source:
          "Diagnostic waiting times operational standard (less than 1% waiting 6 weeks or more), in place since the 18-week programme; start date approximate",
        label: "1% standard",
      },
      {
        value: 5,
        from: "2024-04-01",
        to: "2025-04-01",
        source: `${planning.y2024} (the March 2025 ambition of 95% tested within 6 weeks, first set in the 2023/24 guidance)`,
        label: "5% by March 2025",
      },
    ],
    source: diagnosticsSource,
    topic: "diagnostics",
    opportunityNoun: "patients waiting 6 weeks or more",
    caveats: [
      "Counts people still waiting at month end (a stock), not tests done in the month.",
      "The interim ambition is expressed nationally as 95% within 6 weeks; shown here as its complement, 5% waiting 6 weeks or more.",
      englandCaveat,
    ],
    reportedBy: dm01Reporters,
  }),
  countMetric({
    id: "diag_waiting_list",
    title: "Diagnostics waiting list size",
    shortTitle: "Diagnostics waiting list",
    definition:
      "The number of people waiting for one of the 15 key diagnostic tests at the end of the month.",
    aggregation: "mean_of_daily",
    improvementDirection: "lower_is_better",
    targets: [],
    source: diagnosticsSource,
    topic: "diagnostics",
    opportunityNoun: "patients waiting for a diagnostic test",
    caveats: [
      stockCaveat,
      "Scales with the size of the trust's diagnostic services; compare trusts with diag_6wk_pct.",
      "A person waiting for two different tests is on two test waiting lists, so counts waits rather than people.",
      englandCaveat,
    ],
    reportedBy: dm01Reporters,
  }),
  countMetric({
    id: "diag_6wk",
    title: "Diagnostics: number waiting 6 weeks or more",
    shortTitle: "Diagnostics 6+ weeks (number)",
    definition:
      "The number of people on the diagnostic waiting list at the end of the month who had waited 6 weeks or more for one of the 15 key tests.",
    aggregation: "mean_of_daily",
    improvementDirection: "lower_is_better",
    targets: [],
    source: diagnosticsSource,
    topic: "diagnostics",
    opportunityNoun: "patients waiting 6 weeks or more",
    caveats: [
      stockCaveat,
      "Scales with waiting list size; compare trusts with diag_6wk_pct.",
      englandCaveat,
    ],
    reportedBy: dm01Reporters,
  }),
  countMetric({
    id: "diag_13wk",
    title: "Diagnostics: number waiting 13 weeks or more",
    shortTitle: "Diagnostics 13+ weeks (number)",
    definition:
      "The number of people on the diagnostic waiting list at the end of the month who had waited 13 weeks or more for one of the 15 key tests.",
    aggregation: "mean_of_daily",
    improvementDirection: "lower_is_better",
    targets: [],
    source: diagnosticsSource,
    topic: "diagnostics",
    opportunityNoun: "patients waiting 13 weeks or more",
    caveats: [
      stockCaveat,
      "Scales with waiting list size; compare trusts with diag_13wk_pct.",
      englandCaveat,
    ],
    reportedBy: dm01Reporters,
  }),
  percentageMetric({
    id: "diag_13wk_pct",
    title: "Diagnostics: share waiting 13 weeks or more",
    shortTitle: "Diagnostics 13+ weeks",
    definition:
      "Of everyone waiting for one of the 15 key diagnostic tests at the end of the month, the share who had waited 13 weeks or more.",
    numerator: "Patients on the diagnostic waiting list waiting 13 weeks or more at month end",
    denominator: "All patients on the diagnostic waiting list at month end",
    decimals: 2,
    improvementDirection: "lower_is_better",
    comparisonLevel: 99.8,
    targets: [],
    source: diagnosticsSource,
    topic: "diagnostics",
    opportunityNoun: "patients waiting 13 weeks or more",
    caveats: [
      "Counts people still waiting at month end (a stock), not tests done in the month.",
      "No national target is set for 13 weeks; the standard is under 1% waiting 6 weeks or more (diag_6wk_pct), so every 13-week wait is also a 6-week breach.",
      englandCaveat,
    ],
    reportedBy: dm01Reporters,
  }),
  ...dm01Tests.map((test) =>
    percentageMetric({
      id: dm01TestMetricId(test),
      title: `Diagnostics, ${test.short}: share waiting 6 weeks or more`,
      shortTitle: `${test.short} 6+ weeks`,
      definition: `Of everyone waiting for ${test.waitingFor} at the end of the month, the share who had waited 6 weeks or more (DM01 test ${test.diagnosticId}, "${test.name}").`,
      numerator: `Patients waiting 6 weeks or more for ${test.waitingFor} at month end`,
      denominator: `All patients waiting for ${test.waitingFor} at month end`,
      improvementDirection: "lower_is_better",
      targets: [],
      source: diagnosticsSource,
      topic: "diagnostics",
      opportunityNoun: "patients waiting 6 weeks or more",
      caveats: [
        "Counts people still waiting at month end (a stock), not tests done in the month.",
        "The national standard (under 1% waiting 6 weeks or more) and the planning ambitions are set for the 15 tests together: see diag_6wk_pct.",
        "From the Provider by Test sheet: each provider's Total row (diagnostic_id 16) is not a test and is not stored here, so tests are never counted twice.",
        "About a fifth of NHS trusts' monthly test lists in the shared data hold fewer than 100 patients (urodynamics, flexible sigmoidoscopy and barium enema most often), so a few patients move the share a lot.",
        englandCaveat,
      ],
      reportedBy: dm01Reporters,
    }),
  ),
];
