/**
 * NHS England's Cancer Waiting Times provider data extracts (Cancer Registration System, "CWT-CRS
 * … Data Extract (Provider)"), one row per month, standard, provider, route, treatment modality
 * and cancer type, the workbooks stacked with their rows unchanged (shared data
 * cwt-provider-extracts/CWT-CRS-Provider-Extract-Apr2024-Jul2025.csv):
 *
 *   period,standard,org_code,stage_route,treatment_modality,cancer_type,total,within_standard,breaches
 *   2024-04-01,28-day FDS,RXX,URGENT SUSPECTED CANCER,,Suspected breast cancer,310,250,60
 *   2024-04-01,62-day Combined,RXX,Urgent Suspected Cancer,ALL MODALITIES,Breast,20.5,16,4.5
 *   2024-04-01,62-day Combined,RXX,Urgent Suspected Cancer,Surgery,ALL CANCERS,40,30,10
 *
 * Mapping (shared/cwt.ts): cancer_fds_28d, cancer_31d and cancer_62d = Σ within_standard /
 * Σ total × 100 per provider and month. The traps, handled on purpose:
 *
 * - 31- and 62-day rows come twice: once as "ALL MODALITIES" (by cancer type) and again by
 *   treatment modality (surgery, anti-cancer drugs, radiotherapy, other; "ALL CANCERS"). Only the
 *   ALL MODALITIES rows are added; the modality rows are read and checked but never added (they
 *   would double every count). A 31/62-day row without a modality is refused (it cannot be told
 *   apart); an FDS row has none (no treatment has started) and is refused with one.
 * - Months are provisional when first published and revised in a later extract. The rows do not
 *   say which (the extract's file name did: "…-Final"), so nothing is flagged: the later extract,
 *   imported after, revises the values (same source), and the earlier figures are kept in
 *   metric_value_revisions. The same row twice in one file (two extracts of one month stacked) is
 *   refused, naming both lines, rather than added.
 * - Halves (shared pathways count 0.5 at each provider) are kept as given; total must equal
 *   within_standard + breaches on every row.
 * - No England row: England is the sum of the providers, as the engine aggregates it. Codes that
 *   are not NHS trusts (independent-sector and other providers, e.g. NV1, S3H9L) are kept and
 *   registered as unlisted providers.
 *
 * Precedence 20 (src/metrics/sources.ts): NHS England's rows as published win over the CWT
 * pipeline's derived cancer_62d (30) and the derived roll-up of this file (30).
 */
import type { ValuesFormat } from "../../format.js";
import { rowFormat } from "../shared/row-format.js";
import { CWT_STANDARD_NAMES, CwtTotals, cwtStandardMetric } from "../shared/cwt.js";
import {
  CWT_FDS_MODALITY,
  CWT_NO_MODALITY,
  cwtRowTwice,
  cwtTotalMismatch,
  notACwtStandard,
} from "../../problem-messages.js";

const COLUMNS = [
  "period",
  "standard",
  "org_code",
  "stage_route",
  "treatment_modality",
  "cancer_type",
  "total",
  "within_standard",
  "breaches",
] as const;

interface State {
  totals: CwtTotals;
  /** Line of each detail row seen, by its key: the same row twice is two extracts stacked. */
  seen: Map<string, number>;
}

export const cwtExtractFormat: ValuesFormat = rowFormat({
  id: "cwt-extract",
  description:
    "NHS England Cancer Waiting Times provider extract (CWT-CRS), stacked: period, standard, org_code, stage_route, treatment_modality, cancer_type, total, within_standard, breaches (FDS, 31-day and 62-day combined)",
  columns: COLUMNS,
  state: (): State => ({ totals: new CwtTotals(), seen: new Map() }),
  map(row, c, _values, state) {
    const date = row.date(c.period);
    const standard = row.text(c.standard);
    const metricId = cwtStandardMetric(standard);
    if (!metricId) row.problem(c.standard, standard, notACwtStandard(CWT_STANDARD_NAMES));
    const orgCode = row.orgCode(c.org_code);
    const route = row.text(c.stage_route);
    const modality = row.text(c.treatment_modality);
    const cancerType = row.text(c.cancer_type);
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
    if (metricId === "cancer_fds_28d" && modality !== "")
      row.problem(c.treatment_modality, modality, CWT_FDS_MODALITY);
    if (metricId && metricId !== "cancer_fds_28d" && modality === "")
      row.problem(c.treatment_modality, modality, CWT_NO_MODALITY);
    if (row.bad || !date || !orgCode || !metricId) return;
    const periodStart = date.slice(0, 8) + "01";
    const key = [periodStart, metricId, orgCode, route, modality, cancerType]
      .join("\t")
      .toUpperCase();
    const earlier = state.seen.get(key);
    if (earlier !== undefined) {
      row.problem(undefined, row.cells.join(","), cwtRowTwice([earlier, row.line]));
      return;
    }
    state.seen.set(key, row.line);
    // A modality row repeats part of an ALL MODALITIES row: read and checked, never added.
    if (metricId !== "cancer_fds_28d" && modality.toUpperCase() !== "ALL MODALITIES") return;
    state.totals.add(orgCode, metricId, periodStart, route, cancerType, within, total, row.line);
  },
  finish(values, state) {
    state.totals.emit(values);
  },
});
