/**
 * NHS Staff Survey organisational results, the THEMES and PEOPLE PROMISE ELEMENTS sheets of the
 * "detailed spreadsheets" workbook converted to CSV (shared data nhs-staff-survey/nss24_themes.csv
 * and nss24_people_promise.csv), one row per organisation, a score and its base per measure:
 *
 *   "ods_code","benchmarking_group","weighting","staff_engagement_score","staff_engagement_base",…
 *   "RJ1","Acute and Acute & Community Trusts","Occupation Group",7.14844423219754,11986,…
 *
 * Mapping: every `<code>_score` column the catalogue knows (workforce-culture.ts
 * `staffSurveyScores`) gives its metric, value = the score as published (0–10), denominator = the
 * `<code>_base` beside it (the staff who answered); no numerator. Period: the financial year in
 * which the survey ran, from the year in the file's name ("nss24" → 2024/25, starting
 * 2024-04-01). The traps, handled on purpose:
 *
 * - The survey year is only in the file's name; a name without it ("nss24", "NSS 2024") is
 *   refused.
 * - NHS trusts only. ICBs (their own staff as employers: an ICB page here shows its area's
 *   trusts), commissioning support units, social enterprises and the community surgical service
 *   are read and not stored; an unknown benchmarking group is refused, so no organisation is
 *   dropped in silence.
 * - Isle of Wight NHS Trust (R1F) is published as two sectors: R1F1, its acute and community
 *   services in the acute group, is stored as R1F (NHS England's Oversight Framework gives R1F
 *   exactly R1F1's engagement and raising-concerns scores); R1F2, its ambulance service, is not
 *   stored: no whole-trust score is published.
 * - Trusts' scores are weighted by occupation group; any other weighting on a trust row is
 *   refused (an unweighted score is not comparable with the others).
 * - A score outside 0–10, or a score without its base, is refused.
 */
import { staffSurveyScores } from "../../../metrics/catalogue/workforce-culture.js";
import type { MetricId } from "../../../metrics/catalogue/index.js";
import { normaliseHeader, type ValuesFormat } from "../../format.js";
import {
  NSS_SCORE_RANGE,
  NSS_SCORE_WITHOUT_BASE,
  NSS_TRUST_WEIGHTING,
  NSS_YEAR_NOT_IN_NAME,
  UNKNOWN_NSS_GROUP,
} from "../../problem-messages.js";
import { hasColumns } from "../shared/columns.js";
import { rowFormat } from "../shared/row-format.js";

const COLUMNS = ["ods_code", "benchmarking_group", "weighting"] as const;

/** The benchmarking groups of NHS trusts, whose scores are stored. */
const TRUST_GROUPS: ReadonlySet<string> = new Set([
  "Acute and Acute & Community Trusts",
  "Acute Specialist Trusts",
  "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts",
  "Community Trusts",
  "Ambulance Trusts",
]);

/** The other organisations the survey covers, read and not stored. */
const OTHER_GROUPS: ReadonlySet<string> = new Set([
  "ICBs",
  "CSUs",
  "Social Enterprises - Community",
  "Social Enterprises - Mental Health",
  "Community Surgical Services",
]);

/** Trusts' scores are weighted to their staff mix by occupation group. */
const TRUST_WEIGHTING = "Occupation Group";

/** Isle of Wight's sectors: the acute sector stands for the trust; the ambulance sector is not stored. */
const SECTORS: ReadonlyMap<string, string | null> = new Map([
  ["R1F1", "R1F"],
  ["R1F2", null],
]);

const scoreColumns = new Set(staffSurveyScores.map((s) => `${s.code}_score`));

/** The financial year the survey ran in, from the file's name: "nss24_themes.csv" → 2024-04-01. */
function surveyYearFromName(fileName: string): string | undefined {
  const m = /nss_?(\d{2})(?!\d)/i.exec(fileName);
  return m ? `${2000 + Number(m[1])}-04-01` : undefined;
}

interface State {
  period: string | undefined;
  /** The score and base columns of each measure in this file. */
  measures: { metricId: MetricId; score: number; base: number | undefined }[];
}

export const staffSurveyFormat: ValuesFormat = rowFormat<(typeof COLUMNS)[number], State>({
  id: "staff-survey",
  description:
    "NHS Staff Survey organisational results, THEMES or PEOPLE PROMISE ELEMENTS sheet as CSV (ods_code, benchmarking_group, weighting, <measure>_score, <measure>_base…); the survey year from the file's name (nss24_…)",
  columns: COLUMNS,
  detect: (first) =>
    hasColumns(first, COLUMNS) && normaliseHeader(first).some((c) => scoreColumns.has(c)),
  state(ctx) {
    const header = normaliseHeader(ctx.header);
    const measures = staffSurveyScores.flatMap((s) => {
      const score = header.indexOf(`${s.code}_score`);
      const base = header.indexOf(`${s.code}_base`);
      return score === -1 ? [] : [{ metricId: s.id, score, base: base === -1 ? undefined : base }];
    });
    const period = surveyYearFromName(ctx.fileName);
    if (!period) ctx.problems.add({ value: ctx.fileName, reason: NSS_YEAR_NOT_IN_NAME });
    return { period, measures };
  },
  map(row, c, values, state) {
    const group = row.text(c.benchmarking_group);
    if (OTHER_GROUPS.has(group)) return;
    if (!TRUST_GROUPS.has(group)) {
      row.problem(c.benchmarking_group, group, UNKNOWN_NSS_GROUP);
      return;
    }
    const weighting = row.text(c.weighting);
    if (weighting !== TRUST_WEIGHTING) row.problem(c.weighting, weighting, NSS_TRUST_WEIGHTING);
    const code = row.orgCode(c.ods_code);
    const orgCode = code && SECTORS.has(code) ? SECTORS.get(code) : code;
    const scores = state.measures.map((m) => {
      const score = row.num(m.score);
      const base = row.num(m.base);
      if (score !== null && (score < 0 || score > 10))
        row.problem(m.score, row.text(m.score), NSS_SCORE_RANGE);
      if (score !== null && base === null)
        row.problem(m.base ?? m.score, row.text(m.base), NSS_SCORE_WITHOUT_BASE);
      return { metricId: m.metricId, score, base };
    });
    if (row.bad || !orgCode || state.period === undefined) return;
    for (const s of scores)
      values.published(
        orgCode,
        s.metricId,
        "financial_year",
        state.period,
        s.score,
        s.base,
        row.line,
      );
  },
});
