/**
 * Ambulance response times from the Ambulance Quality Indicators (AmbSYS). A mean response
 * time is stored as total response minutes over incidents, so it aggregates exactly.
 */
import { ambulanceSource, planning, reporters } from "./sources.js";
import { defineMetric } from "./builders.js";

export const ambulanceMetrics = [
  defineMetric({
    id: "amb_cat2_mean",
    title: "Ambulance category 2 mean response time",
    shortTitle: "Category 2 mean",
    definition:
      "The average time, in minutes, an ambulance service took to reach patients with serious conditions such as stroke or chest pain (category 2 calls).",
    numerator: "Total response time for category 2 incidents, in minutes",
    denominator: "Category 2 incidents responded to",
    unit: "minutes",
    multiplier: 1,
    decimals: 1,
    improvementDirection: "lower_is_better",
    targets: [
      {
        value: 18,
        from: "2017-07-01",
        source:
          "Ambulance Response Programme standards (category 2 mean of 18 minutes), introduced in July 2017",
        label: "18-minute standard",
      },
      {
        value: 30,
        from: "2024-04-01",
        to: "2025-04-01",
        source: `${planning.y2024} (an average of 30 minutes across 2024/25)`,
        label: "30 minutes across 2024/25",
      },
      {
        value: 30,
        from: "2025-04-01",
        to: "2026-04-01",
        source: `${planning.y2025} (an average of 30 minutes across 2025/26)`,
        label: "30 minutes across 2025/26",
      },
    ],
    source: ambulanceSource,
    frequency: "monthly",
    topic: "ambulance",
    aggregation: "sum_ratio",
    opportunityNoun: "minutes of category 2 response time",
    caveats: [
      "The source gives total response time in hours; importers multiply by 60.",
      "Reported by ambulance services (10 trusts plus the Isle of Wight), not acute trusts. The shared data holds one month (June 2022).",
      "The interim 30-minute targets are averages across the whole year, not a March endpoint.",
    ],
    reportedBy: [...reporters.ambulance],
  }),
];
