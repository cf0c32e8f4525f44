/**
 * Diagnostics: the DM01 waiting list for the 15 key diagnostic tests (imaging, physiological
 * measurement and endoscopy).
 */
import { percentageMetric } from "./builders.js";
import { diagnosticsSource, planning, reporters } from "./sources.js";

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
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
];
