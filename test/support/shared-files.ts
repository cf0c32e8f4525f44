/**
 * What the importer is expected to do with each file of the shared NHS data folder: the format
 * that reads it, or why it is skipped. Both the detection test and the whole-folder import test
 * read this table, so a new publication in the folder fails them until it is listed here.
 */

/** Files that hold no organisation measurements: lists, notes, lookups read by other means. */
const referenceOnly = [
  // The AmbSYS workbook's heading for each A-code: read to write the Raw sheet's mapping in code
  // (src/ingest/sources/ambsys/index.ts), which test/ingest/ambsys.test.ts checks against it.
  "ambsys/ambsys_indicator_headings.csv",
  "cwt-pipeline/gold_62d_national_trend_urgent_route.csv",
  // The two sources of derived/org_successions.csv, which holds every row of both with what they
  // lack (the partial RW6 → RM3 note, the ICB splits): test/ingest/shared-data.test.ts checks it.
  "davewest-nhs-trust-icb-data/icb_list_with_predecessors.csv",
  "derived/nhs_england_regions.csv",
  "epiforecasts/trust_mergers.csv",
  "humaniverse-healthyr/england_ae_acute_trust_attribution.csv",
  "ics-metrics-ref/system_metrics_indicator_list.csv",
  "ics-metrics-ref/system_metrics_tab.csv",
  // The Staff Survey's score names (the catalogue's names are checked against it in
  // test/ingest/staff-survey.test.ts) and its organisation list (the first columns of THEMES: the
  // score files carry the benchmarking group themselves).
  "nhs-staff-survey/nss24_measure_names.csv",
  "nhs-staff-survey/nss24_organisations.csv",
] as const;

/**
 * Publications no format reads yet (the import of every shared publication is issue 12): each is
 * reported as skipped, with its reason, and changes nothing. None is left.
 */
const notReadYet: readonly string[] = [];

const aeMonthly = [
  "July-2025-CSV-9jfy4.csv",
  "Monthly-AE-April-2025.csv",
  "Monthly-AE-August-2024.csv",
  "Monthly-AE-December-2024.csv",
  "Monthly-AE-February-2025-revised.csv",
  "Monthly-AE-January-2025.csv",
  "Monthly-AE-June-2025-1-1.csv",
  "Monthly-AE-March-2025.csv",
  "Monthly-AE-May-2025.csv",
  "Monthly-AE-November-2024-revised.csv",
  "Monthly-AE-October-2024-revised.csv",
  "Monthly-AE-September-2024.csv",
].map((f) => [`ae-monthly-2024-25/${f}`, "ae-monthly"] as const);

/** Each CSV file the importer reads, with its format id. */
export const sharedFileFormats: ReadonlyMap<string, string> = new Map([
  ...aeMonthly,
  ["ambsys/AmbSYS-Time-Series-until-20250831_Raw.csv", "ambsys"],
  ["autospc/ed_attendances_monthly.csv", "autospc"],
  ["cancelled-ops/cancelled_ops_provider_2024q2_to_2025q1.csv", "cancelled-ops"],
  ["cwt-pipeline/gold_62d_trust_month.csv", "cwt-62d"],
  ["cwt-provider-extracts/CWT-CRS-Provider-Extract-Apr2024-Jul2025.csv", "cwt-extract"],
  ["derived/cwt_trust_monthly_2024_2025.csv", "derived-cwt"],
  ["derived/ae_attendances_england_monthly.csv", "derived-ae-england"],
  ["derived/ae_provider_monthly_2024-08_to_2025-07.csv", "derived-ae-provider"],
  ["derived/ae_trust_monthly_2021_2025_clean.csv", "derived-ae-2021"],
  ["derived/ambsys_monthly.csv", "derived-ambsys"],
  ["derived/discharge_trust_monthly.csv", "derived-discharge"],
  ["derived/org_successions.csv", "org-successions"],
  ["derived/trust_types.csv", "trust-types"],
  ["derived/trusts_reference.csv", "trusts-reference"],
  ["dm01/dm01_provider_2024-08_to_2025-07.csv", "dm01"],
  ["dm01/dm01_provider_by_test_2024-08_to_2025-07.csv", "dm01-by-test"],
  ["humaniverse-healthyr/england_critical_general_acute_beds.csv", "humaniverse-beds"],
  ["humaniverse-healthyr/england_delayed_discharge_reasons.csv", "humaniverse-delays"],
  ["humaniverse-healthyr/england_icb_accidents_emergency.csv", "humaniverse-icb-ae"],
  ["humaniverse-healthyr/england_rtt_overview.csv", "humaniverse-rtt"],
  ["humaniverse-healthyr/england_trust_accidents_emergency.csv", "humaniverse-ae"],
  ["humaniverse-healthyr/england_trust_criteria_to_reside.csv", "humaniverse-ctr"],
  ["humaniverse-healthyr/england_trust_iapt.csv", "humaniverse-iapt"],
  ["humaniverse-healthyr/england_trust_discharged_patients.csv", "humaniverse-discharge"],
  ["kh03/kh03_overnight_beds_by_sector_2024q2_to_2025q1.csv", "kh03"],
  ["nhsrdatasets/ae_attendances.csv", "nhsr-ae"],
  ["ods/eccg.csv", "ods"],
  ["ods/etr.csv", "ods"],
  ["ods/icb_names_codes_dec_2024.csv", "ons-icb"],
  ["nhs-oversight-framework/nhs-oversight-framework-acute-trust-data.csv", "nof"],
  ["nhs-staff-survey/nss24_people_promise.csv", "staff-survey"],
  ["nhs-staff-survey/nss24_themes.csv", "staff-survey"],
  ["shmi/SHMI_data_at_trust_level_Feb25-Jan26_csv.csv", "shmi"],
  ["strategy-unit-nhp/nhp-peers.csv", "peer-finder"],
  ["tamtobiralph-healthyr/england_nhs_ae.csv", "snapshot-ae"],
  ["tamtobiralph-healthyr/england_nhs_ambulance_quality_indicators.csv", "snapshot-ambulance"],
  ["tamtobiralph-healthyr/england_nhs_bed_occupancy.csv", "snapshot-kh03"],
  ["tamtobiralph-healthyr/england_nhs_cancer_wait_times.csv", "snapshot-cancer"],
  ["tamtobiralph-healthyr/england_nhs_diagnostic_wait_times.csv", "snapshot-dm01"],
  ["tamtobiralph-healthyr/england_nhs_outpatient_referrals.csv", "snapshot-referrals"],
  ["tamtobiralph-healthyr/england_nhs_referral_treatment_waiting_times.csv", "snapshot-rtt"],
]);

/** Each CSV file no format reads (reference lists, and publications not read yet). */
export const sharedFilesUnread: ReadonlySet<string> = new Set([...referenceOnly, ...notReadYet]);

/** Every file the whole-folder import skips: the unread CSV files and the folder's notes. */
export const sharedFilesSkipped: readonly string[] = [
  "PROVENANCE.md",
  "README.md",
  ...sharedFilesUnread,
].sort();
