/**
 * NHS England's Ambulance Quality Indicators, Systems Indicators (AmbSYS) time-series workbook,
 * its "Raw" sheet as published (shared data ambsys/AmbSYS-Time-Series-until-20250831_Raw.csv:
 * the workbook's four heading rows dropped, financial year and month turned into period, level
 * added, values unchanged), one row per organisation and month, England, the three regions with
 * more than one ambulance trust (Y59, Y60, Y63) and each trust:
 *
 *   period,level,org_code,org_name,region_code,A0,A1,A2,…,A73
 *   "2025-03-01","Trust","RX9","EAST MIDLANDS AMBULANCE SERVICE NHS TRUST","Y60",…
 *
 * The 148 indicator columns are NHS England's AmbSYS codes in workbook order; the codes read
 * here and the workbook headings they carry (ambsys/ambsys_indicator_headings.csv, reference
 * only: the test in test/ingest/ambsys.test.ts checks these codes against it) are below. The
 * mapping and the traps (seconds, zeros before a trust joined, blank handover columns before
 * October 2023, partial England and region rows) are in shared/ambsys.ts. A trust counts
 * towards the region in its row's region_code (blank: any region).
 */
import type { ValuesFormat } from "../../format.js";
import { ambsysFormat, type AmbsysField } from "../shared/ambsys.js";

/** Each field's AmbSYS code, lower-case as normalised (the workbook heading in the comment). */
export const ambsysCodes: Readonly<Record<AmbsysField, string>> = {
  incidents_all: "a7", // All (incidents)
  incidents_c1: "a8", // C1
  incidents_c2: "a10", // C2
  incidents_c3: "a11", // C3
  incidents_c4: "a12", // C4
  c1_total_seconds: "a24", // C1-C4 response times | C1 | Total time
  c1_90th_seconds: "a26", // C1 | 90th
  c2_total_seconds: "a30", // C2 | Total time
  c2_90th_seconds: "a32", // C1-C4 response times | C2 | 90th
  c3_total_seconds: "a33", // C3 | Total time
  c3_90th_seconds: "a35", // C3 | 90th
  c4_total_seconds: "a36", // C4 | Total time
  c4_90th_seconds: "a38", // C4 | 90th
  hear_and_treat: "a17", // H&T
  conveyed_to_ed: "a53", // To ED
  conveyed_elsewhere: "a54", // Elsew
  not_conveyed: "a55", // No Conv
  handovers_time_known: "a140", // Handovers | T known
  handovers_over_30min: "a145", // Over 30
  handovers_over_60min: "a146", // Over 60
};

export const ambsysRawFormat: ValuesFormat = ambsysFormat({
  id: "ambsys",
  description:
    "NHS England AmbSYS time series, Raw sheet: period, level, org_code, org_name, region_code, A0…A148 (counts; times in seconds)",
  fieldColumns: ambsysCodes,
  otherColumns: ["region_code"],
  regionOf: (row, c) => row.text(c.region_code).toUpperCase() || undefined,
});
