/**
 * NHS Talking Therapies (IAPT) monthly statistics by NHS trust, as humaniverse/healthyr ships them
 * (shared data humaniverse-healthyr/england_trust_iapt.csv), long: one measure per row, values as
 * text.
 *
 *   "nhs_trust22_code","date","name","value"
 *   "R0B","May 2022","Percentage_Recovery","53"
 *
 * Mapping (period: the month named, "May 2022" → 2022-05-01), each value as published:
 *
 *   iapt_recovery               Percentage_Recovery
 *   iapt_reliable_recovery      Percentage_ReliableRecovery
 *   iapt_reliable_improvement   Percentage_Improvement
 *   iapt_wait_6wk               Percentage_AccessingServices6WeeksFinishedCourseTreatment
 *   iapt_wait_18wk              Percentage_AccessingServices18WeeksFinishedCourseTreatment
 *
 * The traps, handled on purpose:
 *
 * - Suppressed values (`*` in the publication, empty in the extract) are stored as missing, never
 *   as zero.
 * - The recovery rate's numerator and denominator cannot be recovered from the file: recovery is
 *   over the people at caseness when referred who finished treatment, and the file has neither
 *   that count nor the number recovered (only finished treatment, ended referrals and
 *   deterioration, each rounded to the nearest 5). So the percentages are kept as published,
 *   whole numbers, without counts (the catalogue's `noInterval` says why none is computed).
 * - The count measures (referrals received, people accessing services, ended referrals, finished
 *   treatment, deterioration) and the deterioration percentage are not catalogue metrics: they
 *   are read and skipped by name. A measure name the format does not know is refused, so a
 *   renamed measure is never dropped in silence.
 * - A percentage outside 0–100 is refused.
 */
import type { MetricId } from "../../../metrics/catalogue/index.js";
import type { ValuesFormat } from "../../format.js";
import { IAPT_PERCENTAGE_RANGE, UNKNOWN_IAPT_MEASURE } from "../../problem-messages.js";
import { rowFormat } from "../shared/row-format.js";
import { headerIs } from "../shared/columns.js";

const COLUMNS = ["nhs_trust22_code", "date", "name", "value"] as const;

/** The published measures stored, by name. */
export const IAPT_MEASURES: ReadonlyMap<string, MetricId> = new Map([
  ["Percentage_Recovery", "iapt_recovery"],
  ["Percentage_ReliableRecovery", "iapt_reliable_recovery"],
  ["Percentage_Improvement", "iapt_reliable_improvement"],
  ["Percentage_AccessingServices6WeeksFinishedCourseTreatment", "iapt_wait_6wk"],
  ["Percentage_AccessingServices18WeeksFinishedCourseTreatment", "iapt_wait_18wk"],
]);

/** The published measures read and not stored (counts rounded to 5, deterioration). */
export const IAPT_SKIPPED: ReadonlySet<string> = new Set([
  "Count_ReferralsReceived",
  "Count_AccessingServices",
  "Count_EndedReferrals",
  "Count_FinishedCourseTreatment",
  "Count_Deterioration",
  "Percentage_Deterioration",
]);

export const humaniverseIaptFormat: ValuesFormat = rowFormat({
  id: "humaniverse-iapt",
  description:
    "NHS Talking Therapies (IAPT) by trust and month as published in humaniverse/healthyr: nhs_trust22_code, date, name, value (long, one measure per row)",
  columns: COLUMNS,
  detect: (first) => headerIs(first, COLUMNS),
  map(row, c, values) {
    const name = row.text(c.name);
    const metricId = IAPT_MEASURES.get(name);
    if (!metricId) {
      if (!IAPT_SKIPPED.has(name)) row.problem(c.name, name, UNKNOWN_IAPT_MEASURE);
      return;
    }
    const orgCode = row.orgCode(c.nhs_trust22_code);
    const periodStart = row.date(c.date);
    const value = row.num(c.value);
    if (value !== null && (value < 0 || value > 100))
      row.problem(c.value, row.text(c.value), IAPT_PERCENTAGE_RANGE);
    if (row.bad || !orgCode || !periodStart) return;
    values.published(orgCode, metricId, "month", periodStart, value, null, row.line);
  },
});
