/**
 * Publications and planning documents the catalogue cites, written once so every metric names
 * them the same way. Landing-page URLs point at the statistical work area (stable for years),
 * not at a monthly file (which moves every month).
 */
import type { OrgKind } from "../organisations.js";
import type { MetricDefinition } from "./types.js";

type Source = MetricDefinition["source"];

const nhse = "NHS England";

export const aeSource: Source = {
  publication: "A&E Attendances and Emergency Admissions (monthly)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/ae-waiting-times-and-activity/",
};

export const bedsSource: Source = {
  publication:
    "Critical care and General & Acute Beds – Urgent and Emergency Care Daily Situation Reports (monthly)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/bed-availability-and-occupancy/critical-care-and-general-acute-beds-urgent-and-emergency-care-daily-situation-reports/",
};

export const dischargeSource: Source = {
  publication: "Discharge Delays (Acute) – acute discharge situation report (monthly)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/",
};

export const rttSource: Source = {
  publication: "Consultant-led Referral to Treatment (RTT) Waiting Times (monthly)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/",
};

export const diagnosticsSource: Source = {
  publication: "Monthly Diagnostic Waiting Times and Activity (DM01)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/diagnostics-waiting-times-and-activity/",
};

export const cancerSource: Source = {
  publication: "Cancer Waiting Times (monthly, provider-based)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/cancer-waiting-times/",
};

export const ambulanceSource: Source = {
  publication: "Ambulance Quality Indicators – Systems Indicators (AmbSYS, monthly)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/ambulance-quality-indicators/",
};

export const kh03Source: Source = {
  publication: "Bed Availability and Occupancy – KH03, beds open overnight (quarterly)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/bed-availability-and-occupancy/bed-data-overnight/",
};

export const cancelledOpsSource: Source = {
  publication: "Cancelled Elective Operations (quarterly, provider-based)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/statistics/statistical-work-areas/cancelled-elective-operations/",
};

export const shmiSource: Source = {
  publication: "Summary Hospital-level Mortality Indicator (SHMI), trust level",
  publisher: "NHS England (formerly NHS Digital)",
  url: "https://digital.nhs.uk/data-and-information/publications/statistical/shmi",
};

export const talkingTherapiesSource: Source = {
  publication:
    "NHS Talking Therapies for anxiety and depression, monthly statistics by provider (formerly IAPT)",
  publisher: "NHS England (formerly NHS Digital)",
  url: "https://digital.nhs.uk/data-and-information/publications/statistical/nhs-talking-therapies-monthly-statistics-including-employment-advisors",
};

export const staffSurveySource: Source = {
  publication: "NHS Staff Survey 2024, detailed spreadsheets: organisational results",
  publisher: "NHS England (Survey Coordination Centre)",
  url: "https://www.nhsstaffsurveys.com/results/",
};

export const oversightSource: Source = {
  publication: "NHS Oversight Framework 2025/26: acute trust data (segmentation, quarterly)",
  publisher: nhse,
  url: "https://www.england.nhs.uk/nhs-oversight-framework/",
};

/** Planning guidance titles, used as target sources. */
export const planning = {
  y2023: "NHS England 2023/24 priorities and operational planning guidance",
  y2024: "NHS England 2024/25 priorities and operational planning guidance",
  y2025: "NHS England 2025/26 priorities and operational planning guidance",
} as const;

/** Organisation kinds (the `organisations.kind` vocabulary) that commonly report each family. */
export const reporters = {
  acuteSystem: ["country", "region", "icb", "acute_trust"],
  ambulance: ["country", "region", "ambulance_trust"],
  nationalOnly: ["country"],
  /** Talking Therapies services run by NHS trusts (mental health, community and some acute trusts). */
  talkingTherapies: ["mental_health_trust", "community_trust", "acute_trust"],
  /** NHS trusts: each answers the Staff Survey as an employer. */
  trusts: ["acute_trust", "ambulance_trust", "mental_health_trust", "community_trust"],
  /** The Oversight Framework's acute file: acute trusts only. */
  acuteTrusts: ["acute_trust"],
} as const satisfies Record<string, readonly OrgKind[]>;
