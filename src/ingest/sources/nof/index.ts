/**
 * NHS England's NHS Oversight Framework 2025/26 acute-trust file as published (shared data
 * nhs-oversight-framework/nhs-oversight-framework-acute-trust-data.csv), long format, one row per
 * trust and metric:
 *
 *   Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Domain,Sub-domain,Metric_ID,Metric_description,Reporting_date,Units,Value,Median_value,Lower_quartile,Upper_quartile,Rank
 *   North West,Acute trust,Acute - Teaching,R0A,Manchester University NHS Foundation Trust,Access to services,Elective care,OF0003,Percentage of patients waiting over 52 weeks for elective treatment,Jun-25,percent,4.01,2.4,1.33,3.32,113.0
 *
 * Mapping: Metric_ID → catalogue metric `nof_<metric id>` (catalogue/oversight.ts), value =
 * Value as published (no numerator or denominator), period from Reporting_date (period.ts: a
 * table of every spelling, checked against the metric's catalogue frequency). Beside each value,
 * in published_limits.standing, NHS England's Median_value, Lower_quartile, Upper_quartile and
 * Rank as published, the number of trusts ranked (rows of the metric with a Rank), and, for a
 * metric value (OF0xxx), the trust's score of it (OF1xxx, same number). The traps, handled on
 * purpose:
 *
 * - Rows are gathered and emitted at the end: a blank Reporting_date (the summary rows OF5005,
 *   OF5007) and the CQC rating's "Latest published…" take the trust's segmentation period (its
 *   OF5000 row), and ranks are "of" the metric's ranked rows, both known only once the file is read.
 * - OF0048 and OF0088 ("Rate of E-Coli / C-Difficile infections") give a few specialist trusts a
 *   count (Units "count") instead of the rate: those rows go to `nof_of0048_count` and
 *   `nof_of0088_count`, without the median and quartiles (which are of the rates); NHS England
 *   ranks them with the rates, and the rank is kept as published.
 * - Units must match the metric (a changed unit is reported, not stored under the old one).
 * - Scores must lie on 1–4, segments be whole numbers 1–4 (the final segment 1–5), flags 0 or 1;
 *   ranks be whole numbers (published "113.0") within the ranked count; quartiles in order and
 *   the same on every row of a metric (they are NHS England's over all trusts).
 * - Trust_type must be "Acute trust": the peer group the standing is over is the acute file's.
 */
import { getMetric, type MetricId } from "../../../metrics/catalogue/index.js";
import { nofMetricId } from "../../../metrics/catalogue/oversight.js";
import type { MetricDefinition } from "../../../metrics/catalogue/types.js";
import { periodTypeOf } from "../../../metrics/analytics/metric-info.js";
import type { PeriodType, PublishedStanding } from "../../../metrics/values.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { ParseContext } from "../../format.js";
import {
  givenTwice,
  NOF_BLANK_DATE,
  NOF_NO_SEGMENTATION,
  NOF_NO_VALUE,
  NOF_NOT_ACUTE,
  NOF_QUARTILES_ORDER,
  NOF_RANK,
  NOF_SEGMENTATION_NOT_QUARTER,
  nofCategoryRange,
  nofDistributionDiffers,
  nofMonthYearToDate,
  nofNotTwelveMonths,
  nofPeriodTypeMismatch,
  nofUnits,
  nofUnknownMetric,
  nofUnknownPeriod,
  nofYearToDateBeyondQ1,
} from "../../problem-messages.js";
import { rowFormat } from "../shared/row-format.js";
import { readNofPeriod, SPELLINGS_SEEN, type NofPeriod } from "./period.js";

const COLUMNS = [
  "trust_type",
  "trust_code",
  "domain",
  "metric_id",
  "reporting_date",
  "units",
  "value",
  "median_value",
  "lower_quartile",
  "upper_quartile",
  "rank",
] as const;

/** The adjusted segment: its period is the trust's segmentation period. */
const SEGMENTATION_METRIC = "OF5000";
const ACUTE = "Acute trust";
const SUMMARY_DOMAIN = "Summary";

/** The Units NHS England writes for each catalogue unit. */
const UNITS: Readonly<Record<MetricDefinition["unit"], readonly string[]>> = {
  percentage: ["percent"],
  minutes: ["mins"],
  days: ["days"],
  count: ["count"],
  // The file's "rate" does not say per what: kept as a plain number (catalogue/oversight.ts).
  ratio: ["rate"],
  score: ["out of 10", "score"],
  percentage_points: ["percentage points"],
  category: ["segment", "flag"],
  rate: [],
  hours: [],
  beds: [],
};

/** One row, read and checked, waiting for the file's end. */
interface Pending {
  line: number;
  orgCode: string;
  code: string;
  metricId: MetricId;
  def: MetricDefinition;
  period: NofPeriod;
  dateText: string;
  value: number;
  median: number | null;
  lowerQuartile: number | null;
  upperQuartile: number | null;
  rank: number | null;
  /** The count NHS England gives instead of the rate (OF0048, OF0088). */
  countInsteadOfRate: boolean;
}

interface State {
  ctx: ParseContext;
  rows: Pending[];
  /** Line of each trust and Metric_ID, to report one given twice. */
  seen: Map<string, number>;
  /** Each Metric_ID's median and quartiles, as first given, with the line. */
  distributions: Map<string, { line: number; key: string }>;
}

const problem = (s: State, line: number, column: string, value: string, reason: string): void =>
  s.ctx.problems.add({ line, column, value, reason });

export const nofFormat = rowFormat<(typeof COLUMNS)[number], State>({
  id: "nof",
  description:
    "NHS England NHS Oversight Framework acute-trust data (Trust_code, Metric_ID, Reporting_date, Units, Value, Median_value, Lower_quartile, Upper_quartile, Rank): metric values, scores and segments with NHS England's median, quartiles and rank",
  columns: COLUMNS,
  state: (ctx) => ({ ctx, rows: [], seen: new Map(), distributions: new Map() }),
  map(row, c, _values, state) {
    const trustType = row.text(c.trust_type);
    if (trustType !== ACUTE) row.problem(c.trust_type, trustType, NOF_NOT_ACUTE);
    const orgCode = row.orgCode(c.trust_code);
    const code = row.text(c.metric_id).toUpperCase();
    const unitsText = row.text(c.units);
    const countInsteadOfRate = (code === "OF0048" || code === "OF0088") && unitsText === "count";
    const id = nofMetricId(code, countInsteadOfRate);
    const def = getMetric(id);
    if (!def || def.topic !== "oversight") row.problem(c.metric_id, code, nofUnknownMetric(id));
    if (def && !UNITS[def.unit].includes(unitsText.toLowerCase()))
      row.problem(c.units, unitsText, nofUnits(unitsText, UNITS[def.unit]));
    const dateText = row.text(c.reporting_date);
    const period = readNofPeriod(dateText);
    if (!period) row.problem(c.reporting_date, dateText, nofUnknownPeriod(SPELLINGS_SEEN));
    else if (period.kind === "refused")
      row.problem(
        c.reporting_date,
        dateText,
        "months" in period.reason
          ? nofNotTwelveMonths(period.reason.months)
          : nofMonthYearToDate(period.reason.monthToDate),
      );
    else if (dateText === "" && row.text(c.domain) !== SUMMARY_DOMAIN)
      row.problem(c.reporting_date, dateText, NOF_BLANK_DATE);
    else if (def && period.kind === "period" && period.periodType !== periodTypeOf(def))
      row.problem(
        c.reporting_date,
        dateText,
        nofPeriodTypeMismatch(period.periodType, periodTypeOf(def)),
      );
    const value = row.num(c.value);
    if (value === null && !row.bad) row.problem(c.value, row.text(c.value), NOF_NO_VALUE);
    const category = def?.category;
    if (category && value !== null) {
      const whole = category.kind !== "score";
      if (value < category.best || value > category.worst || (whole && !Number.isInteger(value)))
        row.problem(
          c.value,
          row.text(c.value),
          nofCategoryRange(category.kind, category.best, category.worst),
        );
    }
    const median = row.num(c.median_value);
    const lowerQuartile = row.num(c.lower_quartile);
    const upperQuartile = row.num(c.upper_quartile);
    if (
      (lowerQuartile !== null && median !== null && lowerQuartile > median) ||
      (median !== null && upperQuartile !== null && median > upperQuartile) ||
      (lowerQuartile !== null && upperQuartile !== null && lowerQuartile > upperQuartile)
    )
      row.problem(c.median_value, row.text(c.median_value), NOF_QUARTILES_ORDER);
    const rank = row.num(c.rank);
    if (rank !== null && (!Number.isInteger(rank) || rank < 1))
      row.problem(c.rank, row.text(c.rank), NOF_RANK);
    if (row.bad || !orgCode || !def || !period || period.kind === "refused" || value === null)
      return;
    // NHS England's distribution is one per metric: every row gives the same.
    const distribution = `${median}|${lowerQuartile}|${upperQuartile}`;
    const first = state.distributions.get(code);
    if (!first) state.distributions.set(code, { line: row.line, key: distribution });
    else if (first.key !== distribution)
      row.problem(c.median_value, row.text(c.median_value), nofDistributionDiffers(first.line));
    const key = `${orgCode}|${code}`;
    const earlier = state.seen.get(key);
    if (earlier !== undefined)
      row.problem(c.metric_id, code, givenTwice("trust and Metric_ID", [earlier, row.line]));
    state.seen.set(key, row.line);
    if (row.bad) return;
    state.rows.push({
      line: row.line,
      orgCode,
      code,
      metricId: id as MetricId,
      def,
      period,
      dateText,
      value,
      median,
      lowerQuartile,
      upperQuartile,
      rank,
      countInsteadOfRate,
    });
  },
  finish(values, state) {
    // Each trust's segmentation quarter, from its adjusted segment's row.
    const segmentation = new Map<string, string>();
    for (const r of state.rows) {
      if (r.code !== SEGMENTATION_METRIC || r.period.kind !== "period") continue;
      if (r.period.periodType !== "quarter")
        problem(state, r.line, "reporting_date", r.dateText, NOF_SEGMENTATION_NOT_QUARTER);
      else segmentation.set(r.orgCode, r.period.periodStart);
    }
    // How many trusts each Metric_ID ranks (a rate and its count rows are ranked together).
    const ranked = new Map<string, number>();
    for (const r of state.rows)
      if (r.rank !== null) ranked.set(r.code, (ranked.get(r.code) ?? 0) + 1);
    // The trust's score of each metric value: OF1xxx scores OF0xxx.
    const scores = new Map<string, number>();
    for (const r of state.rows)
      if (r.code.startsWith("OF1")) scores.set(`${r.orgCode}|${r.code}`, r.value);
    for (const r of state.rows) {
      const resolved = resolvePeriod(state, r, segmentation);
      if (!resolved) continue;
      const rankOf = ranked.get(r.code) ?? null;
      if (r.rank !== null && rankOf !== null && r.rank > rankOf) {
        problem(state, r.line, "rank", String(r.rank), NOF_RANK);
        continue;
      }
      const scoreCode = r.code.startsWith("OF0") ? `OF1${r.code.slice(3)}` : null;
      const score = scoreCode ? scores.get(`${r.orgCode}|${scoreCode}`) : undefined;
      const standing: PublishedStanding = {
        // The median and quartiles NHS England gives with a count are of the rates.
        median: r.countInsteadOfRate ? null : r.median,
        lowerQuartile: r.countInsteadOfRate ? null : r.lowerQuartile,
        upperQuartile: r.countInsteadOfRate ? null : r.upperQuartile,
        rank: r.rank,
        rankOf: r.rank === null ? null : rankOf,
        score:
          scoreCode && score !== undefined
            ? { metricId: nofMetricId(scoreCode), value: score }
            : null,
      };
      values.asPublished(
        r.orgCode,
        r.metricId,
        resolved.periodType,
        resolved.periodStart,
        null,
        null,
        r.value,
        { banding: null, bandingLabel: null, limits: [], standing },
        r.line,
      );
    }
  },
});

/** A row's period, with the segmentation's where its date defers to it; undefined after a problem. */
function resolvePeriod(
  state: State,
  r: Pending,
  segmentation: ReadonlyMap<string, string>,
): { periodType: PeriodType; periodStart: string } | undefined {
  if (r.period.kind === "period") return r.period;
  const quarter = segmentation.get(r.orgCode);
  if (quarter === undefined) {
    problem(state, r.line, "reporting_date", r.dateText, NOF_NO_SEGMENTATION);
    return undefined;
  }
  const expected = periodTypeOf(r.def);
  if (r.period.kind === "year_to_date") {
    // The year to date is a quarter only when the segmentation is the year's first quarter.
    if (quarter !== `${r.period.yearStart}-04-01`) {
      problem(
        state,
        r.line,
        "reporting_date",
        r.dateText,
        nofYearToDateBeyondQ1(formatPeriod(quarter, "quarter")),
      );
      return undefined;
    }
  }
  if (expected !== "quarter") {
    problem(
      state,
      r.line,
      "reporting_date",
      r.dateText,
      nofPeriodTypeMismatch("quarter", expected),
    );
    return undefined;
  }
  return { periodType: "quarter", periodStart: quarter };
}
