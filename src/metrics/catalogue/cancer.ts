/**
 * Cancer: the 62-day combined standard (first treatment within 62 days of an urgent suspected
 * cancer referral, a screening referral or a consultant upgrade), introduced October 2023.
 */
import { percentageMetric } from "./builders.js";
import { cancerSource, planning, reporters } from "./sources.js";

export const cancerMetrics = [
  percentageMetric({
    id: "cancer_62d",
    title: "Cancer 62-day combined standard",
    shortTitle: "Cancer 62-day",
    definition:
      "Of the patients who started a first treatment for cancer in the month after an urgent suspected cancer referral, a screening referral or a consultant upgrade, the share who started within 62 days.",
    numerator:
      "Patients starting first cancer treatment within 62 days (urgent referral, screening or upgrade routes)",
    denominator: "All patients starting first cancer treatment via those routes in the month",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 85,
        from: "2023-10-01",
        source:
          "NHS England cancer waiting times standards (62-day combined standard, 85% operational standard, from October 2023)",
        label: "85% standard",
      },
      {
        value: 70,
        from: "2024-04-01",
        to: "2025-04-01",
        source: `${planning.y2024} (70% by March 2025)`,
        label: "70% by March 2025",
      },
      {
        value: 75,
        from: "2025-04-01",
        to: "2026-04-01",
        source: `${planning.y2025} (75% by March 2026)`,
        label: "75% by March 2026",
      },
    ],
    source: cancerSource,
    topic: "cancer",
    opportunityNoun: "patients treated within 62 days",
    caveats: [
      "Counts include halves: a patient whose pathway is shared between two trusts counts 0.5 at each, so numerators and denominators are not always whole numbers.",
      'The England row in the source (org_code "Total") is a national figure and must not be compared as a provider.',
      "Before October 2023 separate 62-day standards applied (GP urgent referral, screening, upgrade); the combined series starts then.",
      "Small monthly denominators at specialist or small providers make single months volatile.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
];
