/**
 * A measure's evidence: the organisation's series judged since the change date, and the verdict
 * in plain words. The judgement itself is the statistics' `changeVerdict` (src/stats/evaluation
 * /verdict.ts: baseline = up to 20 observed points before the change, XmR limits held fixed,
 * the Making Data Count rules on the points since); it is passed in, so this file only decides
 * which period the change falls in and how the result is said.
 */
import type { EvidenceVerdict, StoredVerdict } from "./types.js";

/** The improvement sense of a measure, from the catalogue's `improvementDirection`. */
export type ImprovementSense = "increase" | "decrease" | "neither";

/** The statistics' verdict function, as this domain uses it. */
export type VerdictFunction = (
  values: readonly number[],
  changeIndex: number,
  improvement: ImprovementSense,
) => {
  verdict: EvidenceVerdict;
  reason: string;
  pointsSince: number;
  baselinePoints: number;
  provisional: boolean;
};

/** An organisation's series of one metric, as the analytics hold it now. */
export interface MeasureSeries {
  /** Period starts (YYYY-MM-DD), in order. */
  periods: readonly string[];
  /** One per period; null = missing. */
  values: readonly (number | null)[];
  improvement: ImprovementSense;
  dataVersion: string;
}

/**
 * The index of the first period on or after the change: the period whose start is after the
 * change date, or the one that holds it when the change was made on its first day. A change made
 * mid-month counts from the next month, so the month it happened in stays out of the verdict
 * (it is neither before nor after).
 */
export function changeIndexOf(periods: readonly string[], changeDate: string): number {
  const i = periods.findIndex((p) => p >= changeDate);
  return i < 0 ? periods.length : i;
}

export function judge(
  series: MeasureSeries,
  changeDate: string,
  verdictOf: VerdictFunction,
  now: Date,
): StoredVerdict {
  const values = series.values.map((v) => (v === null ? Number.NaN : v));
  const r = verdictOf(values, changeIndexOf(series.periods, changeDate), series.improvement);
  return {
    verdict: r.verdict,
    reason: r.reason,
    pointsSince: r.pointsSince,
    baselinePoints: r.baselinePoints,
    provisional: r.provisional,
    dataVersion: series.dataVersion,
    computedAt: now,
  };
}

/** The verdict's short name, e.g. for a tag or a filter option. */
export const VERDICT_LABELS: Record<EvidenceVerdict, string> = {
  improvement: "Improvement",
  no_change: "No change yet",
  deterioration: "Deterioration",
  mixed: "Mixed signals",
  changed: "Changed",
  not_enough_data: "Not enough data yet",
};

/** The verdict in one plain sentence, as the post page states it. */
export function verdictSentence(v: StoredVerdict): string {
  // The statistics' reason is a sentence of its own; here it goes in brackets.
  const reason = v.reason.replace(/\.\s*$/, "");
  const trial = v.provisional ? " Trial limits: the baseline has fewer than 15 points." : "";
  switch (v.verdict) {
    case "improvement":
      return `Special-cause improvement since the change (${reason}).${trial}`;
    case "no_change":
      return `No change yet (${reason}).${trial}`;
    case "deterioration":
      return `Deterioration since the change (${reason}).${trial}`;
    case "mixed":
      return `Mixed signals since the change (${reason}).${trial}`;
    case "changed":
      return `Special-cause change since the change, on a measure with no better direction (${reason}).${trial}`;
    case "not_enough_data":
      return `Not enough data yet (${v.pointsSince} ${v.pointsSince === 1 ? "point" : "points"} since, ${v.baselinePoints} before): ${v.reason}`;
  }
}

/** The label every post without a measure carries, wherever it appears. */
export const NO_EVIDENCE = "No evidence linked";
