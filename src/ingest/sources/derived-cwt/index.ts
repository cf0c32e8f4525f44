/**
 * The derived roll-up of the Cancer Waiting Times provider extracts (shared data
 * derived/cwt_trust_monthly_2024_2025.csv): one row per provider, month and standard, all cancers
 * and all routes, the 31- and 62-day figures from the "ALL MODALITIES" rows only:
 *
 *   period,org_code,standard,total,within_standard,breaches,pct_within
 *   2024-04-01,RXX,28-day FDS,1340,1010,330,0.7537
 *
 * Mapping (shared/cwt.ts): cancer_fds_28d, cancer_31d, cancer_62d = within_standard / total × 100;
 * pct_within (rounded to 4 places) is ignored. It repeats the extract exactly (every provider,
 * month and standard: test/ingest/shared-data.test.ts), so it ranks below the extract
 * (cwt-extract, 20), filling nothing the extract gives, and below the CWT pipeline's cancer_62d
 * (cwt-62d, 30), whose figures for the extract's provisional months are later (precedence 35).
 */
import type { ValuesFormat } from "../../format.js";
import { rowFormat } from "../shared/row-format.js";
import { CWT_STANDARD_NAMES, cwtStandardMetric } from "../shared/cwt.js";
import { cwtTotalMismatch, notACwtStandard } from "../../problem-messages.js";

const COLUMNS = [
  "period",
  "org_code",
  "standard",
  "total",
  "within_standard",
  "breaches",
  "pct_within",
] as const;

export const derivedCwtFormat: ValuesFormat = rowFormat({
  id: "derived-cwt",
  description:
    "Cancer waiting times by provider, month and standard, derived from the CWT provider extracts: period, org_code, standard, total, within_standard, breaches, pct_within",
  columns: COLUMNS,
  map(row, c, values) {
    const date = row.date(c.period);
    const standard = row.text(c.standard);
    const metricId = cwtStandardMetric(standard);
    if (!metricId) row.problem(c.standard, standard, notACwtStandard(CWT_STANDARD_NAMES));
    const orgCode = row.orgCode(c.org_code);
    const total = row.num(c.total);
    const within = row.num(c.within_standard);
    const breaches = row.num(c.breaches);
    if (
      total !== null &&
      within !== null &&
      breaches !== null &&
      Math.abs(total - within - breaches) > 1e-9
    )
      row.problem(c.total, row.text(c.total), cwtTotalMismatch(within, breaches));
    if (row.bad || !date || !orgCode || !metricId) return;
    values.ratio(orgCode, metricId, "month", date.slice(0, 8) + "01", within, total, row.line);
  },
});
