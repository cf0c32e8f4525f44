/**
 * Cancer: the three Cancer Waiting Times standards in force since October 2023 (NHS England,
 * "Changes to cancer waiting times standards", 1 October 2023): the 28-day Faster Diagnosis
 * Standard (75%), the 31-day combined standard (96%) and the 62-day combined standard (85%).
 */
import { percentageMetric } from "./builders.js";
import { cancerSource, planning, reporters } from "./sources.js";

/** Said of every standard: the extracts' latest months are provisional. */
const provisional =
  "The latest months of each Cancer Waiting Times extract are provisional and are revised in a later extract (in the shared extract, October 2024 – July 2025; nationally 500–750 fewer 62-day patients a month than the revised figures); importing the later extract replaces them and keeps the earlier figures as revisions.";

export const cancerMetrics = [
  percentageMetric({
    id: "cancer_fds_28d",
    title: "Cancer 28-day Faster Diagnosis Standard",
    shortTitle: "Cancer FDS 28-day",
    definition:
      "Of the patients told in the month that they have cancer or that cancer has been ruled out, after an urgent suspected cancer referral, a referral from a cancer screening programme or a referral for breast symptoms, the share told within 28 days of the referral.",
    numerator:
      "Patients told of a cancer diagnosis or that cancer was ruled out within 28 days of referral",
    denominator:
      "All patients told of a diagnosis or that cancer was ruled out in the month (urgent suspected cancer, screening and breast symptomatic referrals)",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 75,
        from: "2023-10-01",
        source:
          "NHS England cancer waiting times standards (28-day Faster Diagnosis Standard, 75% operational standard, from October 2023)",
        label: "75% standard",
      },
      {
        value: 77,
        from: "2024-04-01",
        to: "2025-04-01",
        source: `${planning.y2024} (77% by March 2025)`,
        label: "77% by March 2025",
      },
      {
        value: 80,
        from: "2025-04-01",
        to: "2026-04-01",
        source: `${planning.y2025} (80% by March 2026)`,
        label: "80% by March 2026",
      },
    ],
    source: cancerSource,
    topic: "cancer",
    opportunityNoun: "patients told within 28 days",
    caveats: [
      "All three referral routes together (urgent suspected cancer, screening, breast symptomatic), as the standard is measured; the extract's rows by route and suspected cancer type are added up.",
      provisional,
      "Independent-sector and other non-NHS providers report too; they are stored as unlisted providers and are not acute trusts.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "cancer_31d",
    title: "Cancer 31-day combined standard",
    shortTitle: "Cancer 31-day",
    definition:
      "Of the cancer treatments started in the month, first or subsequent, the share that started within 31 days of the decision to treat (for a subsequent treatment, of the earliest clinically appropriate date).",
    numerator: "First and subsequent cancer treatments started within 31 days",
    denominator: "All first and subsequent cancer treatments started in the month",
    improvementDirection: "higher_is_better",
    targets: [
      {
        value: 96,
        from: "2023-10-01",
        source:
          "NHS England cancer waiting times standards (31-day combined standard, 96% operational standard, from October 2023)",
        label: "96% standard",
      },
    ],
    source: cancerSource,
    topic: "cancer",
    opportunityNoun: "treatments started within 31 days",
    caveats: [
      "Counts treatments, not patients: a patient may start several subsequent treatments.",
      'The extract gives each route and cancer type once as "ALL MODALITIES" and again by treatment modality (surgery, anti-cancer drugs, radiotherapy, other); only the ALL MODALITIES rows are added up, so no treatment counts twice.',
      provisional,
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
  percentageMetric({
    id: "cancer_62d",
    title: "Cancer 62-day combined standard",
    shortTitle: "Cancer 62-day",
    definition:
      "Of the patients who started a first treatment for cancer in the month after an urgent suspected cancer referral, a breast symptomatic referral, a screening referral or a consultant upgrade, the share who started within 62 days.",
    numerator:
      "Patients starting first cancer treatment within 62 days (urgent suspected cancer, breast symptomatic, screening or upgrade routes)",
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
      'The extract gives each route and cancer type once as "ALL MODALITIES" and again by treatment modality; only the ALL MODALITIES rows are added up, so no patient counts twice.',
      provisional,
      "Before October 2023 separate 62-day standards applied (GP urgent referral, screening, upgrade); the combined series starts then.",
      "Small monthly denominators at specialist or small providers make single months volatile.",
    ],
    reportedBy: [...reporters.acuteSystem],
  }),
];
