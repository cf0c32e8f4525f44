/**
 * The cancer waiting times pipeline's "gold" table of the 62-day combined standard by provider
 * and month, October 2023 – September 2025 (derived from NHS England's Cancer Waiting Times
 * provider extracts: all cancers, all routes):
 *
 *   metric,period_month,period_date,org_code,org_name,total_patients,within_62d,breached_62d,compliance_rate
 *   62d_combined,2024-02,2024-02-01,AQK,VERNOVA HEALTHCARE CIC,0.5,0.0,0.5,0.0
 *
 * Mapping: cancer_62d = within_62d / total_patients × 100. Counts include halves (a pathway shared
 * between two providers counts 0.5 at each). org_code "Total" is England: stored under "ENG"
 * (the country, never compared as a provider) and checked against the sum of the providers
 * (national_total_mismatch). Only metric 62d_combined is mapped; any other is an error.
 */
import type { ValuesFormat } from "../../format.js";
import { ENGLAND } from "../../../metrics/organisations.js";
import { rowFormat } from "../shared/row-format.js";
import { ONLY_62D_COMBINED } from "../../problem-messages.js";

const REQUIRED = ["metric", "period_date", "org_code", "total_patients", "within_62d"] as const;

export const cwt62dFormat: ValuesFormat = rowFormat({
  id: "cwt-62d",
  description:
    "Cancer 62-day combined standard by provider and month (CWT pipeline gold table): metric, period_date, org_code, total_patients, within_62d, breached_62d",
  columns: REQUIRED,
  map(row, c, values) {
    const metric = row.text(c.metric);
    if (metric !== "62d_combined") row.problem(c.metric, metric, ONLY_62D_COMBINED);
    const date = row.date(c.period_date);
    const orgCode =
      row.text(c.org_code).toLowerCase() === "total" ? ENGLAND : row.orgCode(c.org_code);
    const total = row.num(c.total_patients);
    const within = row.num(c.within_62d);
    if (row.bad || !date || !orgCode) return;
    values.ratio(orgCode, "cancer_62d", "month", date.slice(0, 8) + "01", within, total, row.line);
  },
});
