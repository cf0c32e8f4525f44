/**
 * The readable extract of the AmbSYS Raw sheet (shared data derived/ambsys_monthly.csv): the
 * same rows (England, regions Y59, Y60 and Y63, the 11 trusts, August 2017 onward) with named
 * columns for the figures most used, values unchanged:
 *
 *   period,level,org_code,org_name,calls_answered,incidents_all,incidents_c1,…,c1_total_seconds,
 *   c1_mean_seconds,c1_90th_seconds,…,hear_and_treat,conveyed_to_ed,conveyed_elsewhere,
 *   not_conveyed,face_to_face_incidents,handovers_time_known,…,handovers_over_60min
 *
 * Same mapping and traps as the Raw sheet (shared/ambsys.ts), which wins by precedence (the
 * publication as published, 20, against this derived table, 30); both store the same values
 * (test/ingest/shared-data.test.ts). The extract has no region_code column, so the regions its
 * trusts count towards are the Raw sheet's (`trustRegions`, checked against it by the same test).
 * A trust not listed there may be in any region: a region's figure is then kept only in months
 * when that trust reported it too (never a partial figure, at worst a missing one).
 */
import type { ValuesFormat } from "../../format.js";
import { ambsysFields, ambsysFormat, type AmbsysField } from "../shared/ambsys.js";

/** The NHS England region of each trust in AmbSYS, as the Raw sheet's region_code gives it. */
export const trustRegions: ReadonlyMap<string, string> = new Map([
  ["R1F", "Y59"],
  ["RRU", "Y56"],
  ["RX6", "Y63"],
  ["RX7", "Y62"],
  ["RX8", "Y63"],
  ["RX9", "Y60"],
  ["RYA", "Y60"],
  ["RYC", "Y61"],
  ["RYD", "Y59"],
  ["RYE", "Y59"],
  ["RYF", "Y58"],
]);

const named = Object.fromEntries(ambsysFields.map((f) => [f, f])) as Record<
  AmbsysField,
  AmbsysField
>;

export const derivedAmbsysFormat: ValuesFormat = ambsysFormat({
  id: "derived-ambsys",
  description:
    "AmbSYS monthly, readable extract: period, level, org_code, incidents_all, incidents_c1…c4, c1…c4 total and 90th centile seconds, hear_and_treat, conveyed_to_ed, conveyed_elsewhere, not_conveyed, handovers",
  fieldColumns: named,
  regionOf: (_row, _c, orgCode) => trustRegions.get(orgCode),
});
