/**
 * humaniverse/healthyr `england_icb_accidents_emergency`: monthly A&E by integrated care board
 * from April 2022, keyed by the ONS ICB code (E54…):
 *
 *   "icb22_code","total_attendances","attendances_over_4hours","total_emergency_admissions",
 *   "emergency_admissions_over_4hours","pct_attendance_over_4hours","pct_emergency_admissions_over_4hours","date"
 *
 * Stored under the ICB's ODS Q-code (metrics/geography.ts maps E54 → Q); an E54 code that is not
 * one of the 42 ICBs is an error. Trap: the file uses the 2022 codes, and two ICBs were given new
 * codes at the April 2024 boundary change (Crawley, Horsham and Mid Sussex moved from Surrey
 * Heartlands to Sussex): E54000052 Surrey Heartlands → E54000063 (QXU), E54000053 Sussex →
 * E54000064 (QNX). The old codes are read as the new ones. Mapping in shared/ae-all-types.ts. These are the ICB's own
 * published figures; the ICB group aggregate of its trusts is computed separately and may differ
 * (attendances are attributed by provider, not by ICB of residence).
 */
import { icbs } from "../../../metrics/geography.js";
import type { ValuesFormat } from "../../format.js";
import { HUMANIVERSE_AE_COLUMNS, HUMANIVERSE_AE_FIELDS } from "../humaniverse-ae/index.js";
import { allTypeAeFormat } from "../shared/ae-all-types.js";
import { NOT_AN_ICB_ONS_CODE } from "../../problem-messages.js";

const LEGACY_ONS_CODES: Record<string, string> = { E54000052: "E54000063", E54000053: "E54000064" };
const byOnsCode = new Map(icbs.map((i) => [i.onsCode, i.icbCode]));

export const humaniverseIcbAeFormat: ValuesFormat = allTypeAeFormat({
  id: "humaniverse-icb-ae",
  description:
    "ICB A&E from 2022 (humaniverse/healthyr): icb22_code (ONS E54), total_attendances, attendances_over_4hours, …, date",
  columns: ["icb22_code", ...HUMANIVERSE_AE_COLUMNS],
  fields: HUMANIVERSE_AE_FIELDS,
  orgOf: (row, c) => {
    const ons = row.text(c.icb22_code).toUpperCase();
    const orgCode = byOnsCode.get(LEGACY_ONS_CODES[ons] ?? ons);
    if (!orgCode) row.problem(c.icb22_code, ons, NOT_AN_ICB_ONS_CODE);
    return orgCode;
  },
});
