/**
 * The publications values come from, and which one is shown when several give the same
 * organisation, metric and period (lowest precedence number wins). The order is: NHS England's
 * official monthly files (10) < faithful copies of them (20) < derived, cleaned tables (30) <
 * uncleaned package copies (40) < figures the platform computes from other sources (50) <
 * single-month snapshots (60) < the anonymised single hospital (70) < an organisation's own tidy
 * upload (90) < the synthetic demo (1000). Each importer's `source` is one of these ids;
 * docs/data-sources.md explains each choice.
 */
export interface SourceInfo {
  source: string;
  title: string;
  precedence: number;
}

export const sourcePrecedence: readonly SourceInfo[] = [
  {
    source: "ae-monthly",
    title: "NHS England A&E Attendances and Emergency Admissions, monthly CSV (official)",
    precedence: 10,
  },
  {
    source: "dm01",
    title:
      "NHS England Diagnostic Waiting Times and Activity (DM01), monthly provider web file, Provider sheet (converted)",
    precedence: 20,
  },
  {
    source: "dm01-by-test",
    title:
      "NHS England Diagnostic Waiting Times and Activity (DM01), monthly provider web file, Provider by Test sheet (converted)",
    precedence: 20,
  },
  {
    source: "kh03",
    title: "NHS England KH03 beds open overnight, quarterly, NHS Trust by Sector sheet (converted)",
    precedence: 20,
  },
  {
    source: "cancelled-ops",
    title: "NHS England Cancelled Elective Operations, quarterly provider sheets (converted)",
    precedence: 20,
  },
  {
    source: "shmi",
    title:
      "NHS England Summary Hospital-level Mortality Indicator (SHMI), trust-level CSV as published",
    precedence: 10,
  },
  {
    source: "nof",
    title:
      "NHS England NHS Oversight Framework 2025/26, acute-trust data (metric values, scores and segments)",
    // The official file as published. Its metric values (52-week waits, 4 hours, cancer 62 days,
    // Staff Survey scores…) overlap the raw publications' metrics in subject only: they are NHS
    // England's own derived, rounded figures under their own ids (nof_of0003…), for their own
    // periods, so they never compete with rtt_52wk_pct, ae_4hr_all or nss_staff_engagement for a
    // key, and no source competes with them for theirs. 10, as every official file as published.
    precedence: 10,
  },
  {
    source: "staff-survey",
    title:
      "NHS Staff Survey organisational results, THEMES and PEOPLE PROMISE ELEMENTS sheets (converted)",
    // An official workbook's sheets, values unchanged; no other source gives these metrics (the
    // Oversight Framework's two staff survey metrics are its own, rounded, under other ids).
    precedence: 20,
  },
  {
    source: "nhsr-ae",
    title: "NHSRdatasets ae_attendances (copy of the official A&E statistics, 2016–2019)",
    precedence: 20,
  },
  {
    source: "ambsys",
    title:
      "NHS England Ambulance Quality Indicators (AmbSYS) time series, Raw sheet as published (from August 2017)",
    precedence: 20,
  },
  {
    source: "derived-ae-provider",
    title:
      "Provider A&E August 2024 – July 2025, tidy extract of the official monthly files (equal to them)",
    precedence: 20,
  },
  {
    source: "derived-ae-england",
    title: "England A&E totals by type, derived from NHSRdatasets (2016–2019)",
    precedence: 25,
  },
  {
    source: "derived-ae-2021",
    title: "Trust A&E 2021–2025, cleaned (duplicated months removed)",
    precedence: 30,
  },
  {
    source: "derived-discharge",
    title: "Monthly roll-up of the daily discharge situation reports (derived)",
    precedence: 30,
  },
  {
    source: "cwt-62d",
    title: "Cancer 62-day combined standard, from the CWT provider extracts (derived pipeline)",
    precedence: 30,
  },
  {
    source: "derived-ambsys",
    title: "AmbSYS monthly, readable extract of the Raw sheet (derived)",
    precedence: 30,
  },
  {
    source: "cwt-extract",
    title:
      "NHS England Cancer Waiting Times provider extracts (CWT-CRS), rows as published: FDS, 31-day and 62-day combined",
    precedence: 20,
  },
  {
    source: "derived-cwt",
    title: "Cancer waiting times by provider and month, derived from the CWT provider extracts",
    // Below cwt-62d (30): it repeats the extract, whose latest months the pipeline has in later figures.
    precedence: 35,
  },
  {
    source: "humaniverse-ae",
    title: "Trust A&E 2021–2025 (humaniverse/healthyr, uncleaned)",
    precedence: 40,
  },
  {
    source: "humaniverse-icb-ae",
    title: "ICB A&E from 2022 (humaniverse/healthyr)",
    precedence: 40,
  },
  {
    source: "humaniverse-beds",
    title: "G&A and critical care beds (humaniverse/healthyr)",
    precedence: 40,
  },
  {
    source: "humaniverse-discharge",
    title: "Daily discharges, acute discharge sitrep (humaniverse/healthyr)",
    precedence: 40,
  },
  {
    source: "humaniverse-ctr",
    title: "Daily patients not meeting the criteria to reside (humaniverse/healthyr)",
    precedence: 40,
  },
  {
    source: "humaniverse-delays",
    title: "Delayed discharges by reason (humaniverse/healthyr)",
    precedence: 40,
  },
  {
    source: "humaniverse-rtt",
    title: "England RTT waiting list by type of wait (humaniverse/healthyr)",
    precedence: 40,
  },
  {
    source: "humaniverse-iapt",
    title:
      "NHS Talking Therapies (IAPT) by trust, May 2022 – May 2023 (humaniverse/healthyr), percentages as published",
    // No other source gives these metrics; 40 as every uncleaned package copy.
    precedence: 40,
  },
  {
    source: "derived-ctr-rate",
    title:
      "Criteria-to-reside rate per 100 occupied adult G&A beds, computed from the discharge and beds situation reports",
    precedence: 50,
  },
  {
    source: "snapshot-ae",
    title: "A&E snapshot, May 2022 (TamTobiRalph/healthyr)",
    precedence: 60,
  },
  {
    source: "snapshot-rtt",
    title: "RTT snapshot, May 2022 (TamTobiRalph/healthyr)",
    precedence: 60,
  },
  {
    source: "snapshot-dm01",
    title: "Diagnostics DM01 snapshot, May 2022 (TamTobiRalph/healthyr)",
    precedence: 60,
  },
  {
    source: "snapshot-cancer",
    title: "Cancer waiting times snapshot, April 2022 (TamTobiRalph/healthyr)",
    precedence: 60,
  },
  {
    source: "snapshot-ambulance",
    title: "Ambulance response times snapshot, June 2022 (TamTobiRalph/healthyr)",
    precedence: 60,
  },
  {
    source: "snapshot-kh03",
    title: "KH03 bed occupancy snapshot, Q4 2021-22 (TamTobiRalph/healthyr)",
    precedence: 60,
  },
  {
    source: "snapshot-referrals",
    title: "Outpatient referrals snapshot, April 2022 (TamTobiRalph/healthyr)",
    precedence: 60,
  },
  { source: "autospc", title: "One anonymised hospital's monthly A&E (autospc)", precedence: 70 },
  { source: "tidy", title: "Tidy upload (an organisation's own data)", precedence: 90 },
  { source: "demo", title: "Synthetic demo data", precedence: 1000 },
];

/**
 * Sources that are an organisation's own data (uploads), not a publication: their values are
 * shown for the organisation but are no evidence about other organisations, so they never
 * change an organisation's kind (ingest/sources/refine-organisations.ts reads activity only from
 * the other sources).
 */
export const OWN_DATA_SOURCES: readonly string[] = ["tidy"];
