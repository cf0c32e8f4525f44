/**
 * autospc `ed_attendances_monthly`: one anonymised English hospital's monthly A&E figures, May
 * 2015 – May 2024 (built with nhsAEscraper from the official monthly A&E publication):
 *
 *   "month_start","att_all","within_4h","over_4h","percent_in_4h","e_adm_over_4h","e_adm_via_ed"
 *   2015-05-31,12178,11848,330,96.41,48,2418
 *
 * Despite its name month_start holds the month's LAST day, and in winter months a timezone
 * conversion upstream pushed that day over midnight into the 1st of the next month (October 2015
 * is "2015-11-01", February 2016 is "2016-03-01", March 2016 is "2016-03-31"). So a date on the 1st
 * means the month before; any other day means its own month. Taken naively, March would appear
 * twice with different values. The hospital is not named, so it is stored under the fictional
 * code ANON1 (kind "other", name "Anonymised hospital (autospc)", set by the after-import
 * pipeline): it never joins the England or regional aggregates, where it would count a real
 * trust twice. Mapping:
 *
 *   ae_attendances_all = att_all; ae_4hr_all = within_4h / att_all × 100;
 *   ae_emergency_admissions = e_adm_via_ed; ae_dta_4hr_waits = e_adm_over_4h
 */
import { addPeriods } from "../../../metrics/period.js";
import type { OrganisationInput, ValuesFormat } from "../../format.js";
import { hasColumns } from "../shared/columns.js";
import { rowFormat } from "../shared/row-format.js";

export const ANONYMISED_HOSPITAL: OrganisationInput = {
  orgCode: "ANON1",
  name: "Anonymised hospital (autospc)",
  kind: "other",
  regionCode: null,
  icbCode: null,
  postcode: null,
  openDate: null,
  closeDate: null,
  successorCode: null,
};

const REQUIRED = ["month_start", "att_all", "within_4h", "e_adm_over_4h", "e_adm_via_ed"] as const;

export const autospcFormat: ValuesFormat = rowFormat({
  id: "autospc",
  description:
    "autospc ed_attendances_monthly: one anonymised hospital's monthly A&E (stored as ANON1): month_start, att_all, within_4h, over_4h, e_adm_over_4h, e_adm_via_ed",
  columns: REQUIRED,
  detect: (first) => hasColumns(first, ["month_start", "att_all", "within_4h"]),
  map(row, c, values) {
    const org = ANONYMISED_HOSPITAL.orgCode;
    const date = row.date(c.month_start);
    const att = row.num(c.att_all);
    const within = row.num(c.within_4h);
    const admissions = row.num(c.e_adm_via_ed);
    const dta = row.num(c.e_adm_over_4h);
    if (row.bad || !date) return;
    const monthStart = date.slice(0, 8) + "01";
    const p = date === monthStart ? addPeriods(monthStart, "month", -1) : monthStart;
    values.count(org, "ae_attendances_all", "month", p, att, row.line);
    values.ratio(org, "ae_4hr_all", "month", p, within, att, row.line);
    values.count(org, "ae_emergency_admissions", "month", p, admissions, row.line);
    values.count(org, "ae_dta_4hr_waits", "month", p, dta, row.line);
  },
});
