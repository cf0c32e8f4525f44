/**
 * A proposal's evaluation on the data (issue 17 item 5; docs/proposals.md "Evaluation"): for each
 * measure, the participants against the comparators recorded before the start, by difference in
 * differences, and each participant's own Making Data Count verdict since the start.
 *
 * Windows, in months of the measure:
 * - baseline: the proposal's baseline months (baselineStart..baselineEnd, both included);
 * - follow-up: the planned start to the end of follow-up or the latest month anyone reported,
 *   whichever is earlier. Months between the baseline's end and the start are in neither.
 *
 * The statistics are src/stats/evaluation (did.ts, verdict.ts); this file lines the months up,
 * decides which organisations count (data in both windows; the others are named), and keeps the
 * numbers in the measure's units. The page says them in words (src/web/pages/proposals).
 */
import { z } from "zod";
import {
  evaluateDifferenceInDifferences,
  type UnitSeries,
  type Window,
} from "../stats/evaluation/did.js";
import { addPeriods } from "../metrics/period.js";
import { changeVerdict, VERDICT_METHOD_VERSION } from "../stats/evaluation/verdict.js";
import type { MonthlySeries } from "./mde.js";

/** Recorded evaluations computed by an older method are labelled with it. 1: first method. */
export const EVALUATION_METHOD_VERSION = 1;

/** Under this many months of follow-up the page says it is too early to judge. */
export const MIN_FOLLOW_UP_MONTHS = 3;

/** Months before the start that each participant's verdict may use (its baseline is ≤ 20). */
export const VERDICT_LOOKBACK_MONTHS = 24;

const num = z.number().nullable();
const sense = z.enum(["increase", "decrease", "neither"]);

const participantVerdictSchema = z.object({
  orgCode: z.string(),
  verdict: z.enum([
    "improvement",
    "deterioration",
    "mixed",
    "changed",
    "no_change",
    "not_enough_data",
  ]),
  reason: z.string(),
  baselinePoints: z.number(),
  pointsSince: z.number(),
  provisional: z.boolean(),
});

const measureEvaluationSchema = z.object({
  metricId: z.string(),
  role: z.enum(["primary", "balancing"]),
  /** Which way is better on this measure (the catalogue's direction). */
  better: sense,
  ratio: z.boolean(),
  baseline: z.object({ from: z.string(), to: z.string() }),
  /** Null before any month of follow-up has data. */
  followUp: z.object({ from: z.string(), to: z.string(), months: z.number() }).nullable(),
  /** Latest month anyone in the proposal reported (null: none). */
  latestMonth: z.string().nullable(),
  /** Difference in differences and its interval, in the measure's units; null when not computable. */
  estimate: num,
  lower: num,
  upper: num,
  level: z.number(),
  method: z.enum(["bootstrap", "randomisation"]),
  pValue: num,
  significant: z.boolean(),
  participantLevels: z.object({ baseline: num, followUp: num }),
  comparatorLevels: z.object({ baseline: num, followUp: num }),
  /** Participants' baseline slope minus comparators', per month, with its interval. */
  trends: z.object({ slopeDifference: num, lower: num, upper: num, holds: z.boolean() }),
  used: z.object({ participants: z.array(z.string()), comparators: z.array(z.string()) }),
  leftOut: z.object({ participants: z.array(z.string()), comparators: z.array(z.string()) }),
  /** Each group's level per month (the organisations used), for the chart. */
  months: z.array(z.object({ month: z.string(), participants: num, comparators: num })),
  verdicts: z.array(participantVerdictSchema),
});

export const evaluationSnapshotSchema = z.object({
  computedAt: z.string(),
  /** The analytics' data version the numbers came from. */
  dataVersion: z.string(),
  methodVersion: z.number(),
  verdictMethodVersion: z.number(),
  plannedStart: z.string(),
  measures: z.array(measureEvaluationSchema),
});

export type MeasureEvaluation = z.infer<typeof measureEvaluationSchema>;
export type EvaluationSnapshot = z.infer<typeof evaluationSnapshotSchema>;
export type ParticipantVerdict = z.infer<typeof participantVerdictSchema>;

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** The month `count` months before `month` (YYYY-MM), e.g. ("2024-06", 24) → "2022-06". */
export const monthsBefore = (month: string, count: number): string =>
  addPeriods(`${month}-01`, "month", -count).slice(0, 7);

/** Whether a unit has data to pool (or a value) at month index `t`. */
function hasData(u: UnitSeries, t: number, pooled: boolean): boolean {
  if (!pooled) return Number.isFinite(u.values[t] ?? NaN);
  const n = u.numerators?.[t] ?? NaN;
  const d = u.denominators?.[t] ?? NaN;
  return Number.isFinite(n) && Number.isFinite(d) && d > 0;
}

const anyIn = (u: UnitSeries, w: Window, pooled: boolean) => {
  for (let t = w.start; t < w.end; t++) if (hasData(u, t, pooled)) return true;
  return false;
};

/** A group's level at month `t`: Σ num ÷ Σ den × multiplier pooled, else the mean of values. */
function levelAt(units: readonly UnitSeries[], t: number, pooled: boolean, multiplier: number) {
  let top = 0;
  let bottom = 0;
  for (const u of units) {
    if (!hasData(u, t, pooled)) continue;
    top += pooled ? u.numerators![t]! : u.values[t]!;
    bottom += pooled ? u.denominators![t]! : 1;
  }
  return bottom > 0 ? (pooled ? (top / bottom) * multiplier : top / bottom) : null;
}

export interface MeasureToEvaluate {
  metricId: string;
  role: "primary" | "balancing";
  better: "increase" | "decrease" | "neither";
  /**
   * The measure's months from `VERDICT_LOOKBACK_MONTHS` before the start (or the baseline's
   * start, if earlier) to the end of follow-up, for every participant and comparator.
   */
  series: MonthlySeries;
}

export interface EvaluationPlan {
  participants: readonly string[];
  comparators: readonly string[];
  baselineStart: string;
  baselineEnd: string;
  plannedStart: string;
  followUpEnd: string;
}

/** One measure evaluated: see the file's comment for the windows. */
export function evaluateMeasure(plan: EvaluationPlan, m: MeasureToEvaluate): MeasureEvaluation {
  const { series } = m;
  const months = series.months;
  const index = new Map(months.map((month, i) => [month, i]));
  const pooled = series.ratio;
  const scale = pooled ? series.multiplier : 1;
  const unit = (code: string): UnitSeries =>
    series.units.get(code) ?? { values: months.map(() => NaN) };
  const all = [...plan.participants, ...plan.comparators].map(unit);

  let latest = -1;
  for (let t = months.length - 1; t >= 0 && latest < 0; t--)
    if (all.some((u) => hasData(u, t, pooled))) latest = t;
  const latestMonth = latest >= 0 ? months[latest]! : null;

  const baseline: Window = {
    start: index.get(plan.baselineStart) ?? 0,
    end: (index.get(plan.baselineEnd) ?? -1) + 1,
  };
  const startIndex = index.get(plan.plannedStart) ?? months.length;
  const endIndex = Math.min((index.get(plan.followUpEnd) ?? months.length - 1) + 1, latest + 1);
  const followUp: Window = { start: startIndex, end: Math.max(startIndex, endIndex) };
  const followUpMonths = followUp.end - followUp.start;

  const split = (codes: readonly string[]) => {
    const used: string[] = [];
    const leftOut: string[] = [];
    for (const code of codes)
      (anyIn(unit(code), baseline, pooled) && anyIn(unit(code), followUp, pooled)
        ? used
        : leftOut
      ).push(code);
    return { used, leftOut };
  };
  const p = split(plan.participants);
  const c = split(plan.comparators);
  const pUnits = p.used.map(unit);
  const cUnits = c.used.map(unit);

  const did = evaluateDifferenceInDifferences(pUnits, cUnits, baseline, followUp, { pooled });
  const scaled = (n: number) => finite(n * scale);

  const verdicts: ParticipantVerdict[] = plan.participants.map((orgCode) => {
    const r = changeVerdict(
      // Up to the follow-up's end (never before the start), so months past the latest data or
      // the end of follow-up are not judged.
      unit(orgCode).values.slice(0, followUp.end),
      startIndex,
      m.better,
    );
    return {
      orgCode,
      verdict: r.verdict,
      reason: r.reason,
      baselinePoints: r.baselinePoints,
      pointsSince: r.pointsSince,
      provisional: r.provisional,
    };
  });

  const chartEnd = Math.max(followUp.end, baseline.end);
  return {
    metricId: m.metricId,
    role: m.role,
    better: m.better,
    ratio: pooled,
    baseline: { from: plan.baselineStart, to: plan.baselineEnd },
    followUp:
      followUpMonths > 0
        ? { from: months[followUp.start]!, to: months[followUp.end - 1]!, months: followUpMonths }
        : null,
    latestMonth,
    estimate: scaled(did.estimate),
    lower: scaled(did.lower),
    upper: scaled(did.upper),
    level: did.level,
    method: did.method,
    pValue: did.pValue,
    significant: did.significant,
    participantLevels: {
      baseline: scaled(did.participants.baseline),
      followUp: scaled(did.participants.followUp),
    },
    comparatorLevels: {
      baseline: scaled(did.comparators.baseline),
      followUp: scaled(did.comparators.followUp),
    },
    trends: {
      slopeDifference: scaled(did.parallelTrends.slopeDifference),
      lower: scaled(did.parallelTrends.lower),
      upper: scaled(did.parallelTrends.upper),
      holds: did.parallelTrends.holds,
    },
    used: { participants: p.used, comparators: c.used },
    leftOut: { participants: p.leftOut, comparators: c.leftOut },
    months: months.slice(baseline.start, chartEnd).map((month, k) => ({
      month,
      participants: levelAt(pUnits, baseline.start + k, pooled, series.multiplier),
      comparators: levelAt(cUnits, baseline.start + k, pooled, series.multiplier),
    })),
    verdicts,
  };
}

/** The first month the measures' series must start at: the lookback or the baseline's start. */
export function seriesStart(plan: EvaluationPlan): string {
  const lookback = monthsBefore(plan.plannedStart, VERDICT_LOOKBACK_MONTHS);
  return lookback < plan.baselineStart ? lookback : plan.baselineStart;
}

/** Every measure of a proposal evaluated, as of one data version. */
export function evaluate(
  plan: EvaluationPlan,
  measures: readonly MeasureToEvaluate[],
  dataVersion: string,
  now: Date,
): EvaluationSnapshot {
  return {
    computedAt: now.toISOString(),
    dataVersion,
    methodVersion: EVALUATION_METHOD_VERSION,
    verdictMethodVersion: VERDICT_METHOD_VERSION,
    plannedStart: plan.plannedStart,
    measures: measures.map((m) => evaluateMeasure(plan, m)),
  };
}
