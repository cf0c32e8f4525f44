import { PointTypeCode, RuleBit, SpecialCause, directionSign } from "../spc/codes.js";
import { applyRules } from "../spc/rules.js";
import { createWorkspace } from "../spc/workspace.js";
import { xmrLimitsInto } from "../spc/xmrLimits.js";

/**
 * The Making Data Count verdict on the points since a change: did the process change after it?
 *
 * Method (docs/evaluation.md):
 * 1. Baseline: the latest observed points before the change, at most {@link BASELINE_MAX} of them
 *    (Making Data Count's "about 20"), and only since the process last shifted: if those points
 *    end in a sustained shift (a run of 7 or more on one side of their own mean reaching the
 *    last points before the change), the baseline starts where that run starts, and again until
 *    none is left. Limits describe one process;
 *    a baseline straddling an earlier improvement would credit it to the change (seen on real
 *    data: a trust whose 4-hour performance rose a year before the change it posted). Fewer than
 *    {@link BASELINE_MIN} points give no verdict, fewer than {@link BASELINE_PROVISIONAL}
 *    provisional (trial) limits.
 * 2. XmR limits from the baseline (mean ± 2.66 × average moving range, moving ranges above
 *    3.267 × AMR screened out, as everywhere else in the platform), held fixed after the change.
 * 3. The four rules (outside the limits, a run of 7 on one side of the baseline mean, a trend of 7,
 *    two in three beyond 2 sigma) applied to the observed points since the change only: a run that
 *    began before the change is not credited to it.
 * 4. Special-cause points are improvement or concern by the measure's direction: only
 *    improvement → "improvement"; only concern → "deterioration"; both → "mixed"; signals on a
 *    measure with no better direction → "changed"; none → "no_change".
 *
 * Example: 20 baseline points alternating 10 and 12 (mean 11, limits 5.68 to 16.32), then 8
 * points at 13 where higher is better → "improvement" (a run of 8 above the baseline mean).
 */

export type ChangeVerdict =
  "improvement" | "deterioration" | "mixed" | "changed" | "no_change" | "not_enough_data";

export interface ChangeVerdictResult {
  verdict: ChangeVerdict;
  /** Observed points the limits came from (before the change, the latest up to 20). */
  baselinePoints: number;
  /** Observed points on or after the change. */
  pointsSince: number;
  /** Baseline under 15 points: trial limits. */
  provisional: boolean;
  /** Baseline centre line and process limits (NaN when there is no baseline). */
  mean: number;
  lower: number;
  upper: number;
  /** Index in `values` of the first baseline point (NaN when there is no baseline). */
  baselineFrom: number;
  /** The baseline was cut short because the process shifted before the change. */
  baselineShifted: boolean;
  /** Index in `values` of the first special-cause point since the change, or null. */
  firstSignalIndex: number | null;
  /** One plain sentence saying why. */
  reason: string;
}

export type ImprovementSense = "increase" | "decrease" | "neither";

/**
 * The method's version: a stored verdict computed by an older version is recomputed. 2: the
 * baseline starts where the process last shifted.
 */
export const VERDICT_METHOD_VERSION = 2;

/** Most baseline points used: Making Data Count's "about 20". */
export const BASELINE_MAX = 20;
/** Fewest baseline points for a verdict (the engine's least for fixed limits). */
export const BASELINE_MIN = 12;
/** Under this many baseline points the limits are trial limits. */
export const BASELINE_PROVISIONAL = 15;
const RUN_LENGTH = 7;
/** A shift counts as the baseline's new level if its run reaches this close to the end. */
const TAIL = 2;

const SIGNAL_WORDS: Record<number, string> = {
  [SpecialCause.aboveUpl]: "a point above the upper process limit of the baseline",
  [SpecialCause.belowLpl]: "a point below the lower process limit of the baseline",
  [SpecialCause.trendIncreasing]: `${RUN_LENGTH} points in a row each higher than the one before`,
  [SpecialCause.trendDecreasing]: `${RUN_LENGTH} points in a row each lower than the one before`,
  [SpecialCause.twoInThreeAbove]: "2 of 3 points in a row close to the upper process limit",
  [SpecialCause.twoInThreeBelow]: "2 of 3 points in a row close to the lower process limit",
  [SpecialCause.shiftAbove]: `a run of ${RUN_LENGTH} or more points above the baseline mean`,
  [SpecialCause.shiftBelow]: `a run of ${RUN_LENGTH} or more points below the baseline mean`,
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The verdict on `values` (one per period, in order, NaN = missing) since `changeIndex` (the
 * index of the first period on or after the change), for a measure where `improvement` is
 * better.
 */
export function changeVerdict(
  values: readonly number[],
  changeIndex: number,
  improvement: ImprovementSense,
): ChangeVerdictResult {
  const cut = Math.max(0, Math.min(values.length, Math.floor(changeIndex)));
  const beforeIndex: number[] = [];
  for (let i = cut - 1; i >= 0 && beforeIndex.length < BASELINE_MAX; i--)
    if (Number.isFinite(values[i]!)) beforeIndex.push(i);
  beforeIndex.reverse();
  const available = beforeIndex.length;
  const stableFrom =
    available >= BASELINE_MIN ? lastShiftStart(beforeIndex.map((i) => values[i]!)) : 0;
  const baselineIndex = beforeIndex.slice(stableFrom);
  const before = baselineIndex.map((i) => values[i]!);
  const baselineShifted = stableFrom > 0;
  const sinceIndex: number[] = [];
  for (let i = cut; i < values.length; i++) if (Number.isFinite(values[i]!)) sinceIndex.push(i);

  const base = {
    baselinePoints: before.length,
    baselineFrom: baselineIndex[0] ?? NaN,
    baselineShifted,
    pointsSince: sinceIndex.length,
    provisional: before.length < BASELINE_PROVISIONAL,
    firstSignalIndex: null,
  };
  const shiftWords = baselineShifted
    ? `the process shifted ${plural(before.length, "point")} before the change (a run of 7 or more on one side of the mean of the ${available} points before it), so the baseline starts there`
    : "";
  if (before.length < BASELINE_MIN) {
    return {
      ...base,
      verdict: "not_enough_data",
      mean: NaN,
      lower: NaN,
      upper: NaN,
      reason: baselineShifted
        ? `Not enough stable data before the change: ${shiftWords}, and limits need at least ${BASELINE_MIN} points.`
        : `Only ${plural(before.length, "point")} before the change: baseline limits need at least ${BASELINE_MIN}.`,
    };
  }
  const baselineNote = baselineShifted
    ? `; the baseline is the ${plural(before.length, "point")} since the process last shifted before the change (a run of 7 or more on one side of the mean of the ${available} points before it)`
    : "";

  const nb = before.length;
  const y = new Float64Array(nb + sinceIndex.length);
  y.set(before);
  sinceIndex.forEach((index, k) => (y[nb + k] = values[index]!));
  const ws = createWorkspace(y.length);
  xmrLimitsInto(y, 0, y.length, nb, true, ws);
  const limits = { mean: ws.centre[0]!, lower: ws.lpl[0]!, upper: ws.upl[0]! };
  if (sinceIndex.length === 0) {
    return {
      ...base,
      ...limits,
      verdict: "not_enough_data",
      reason: "No data since the change yet.",
    };
  }

  const sign = directionSign(improvement === "neither" ? "neutral" : improvement);
  applyRules(
    y,
    nb,
    y.length,
    { runLength: RUN_LENGTH, twoInThreeIncludesOutside: false, directionSign: sign },
    ws,
    true,
  );

  let better = 0;
  let worse = 0;
  let neutral = 0;
  let first = -1;
  for (let k = nb; k < y.length; k++) {
    const type = ws.pointType[k]!;
    if (type === PointTypeCode.commonCause) continue;
    if (first < 0) first = k;
    if (type === PointTypeCode.improvement) better++;
    else if (type === PointTypeCode.concern) worse++;
    else neutral++;
  }
  const early =
    sinceIndex.length < RUN_LENGTH ? `; a sustained shift needs ${RUN_LENGTH} points to show` : "";
  if (first < 0) {
    return {
      ...base,
      ...limits,
      verdict: "no_change",
      reason: `No special cause in the ${plural(sinceIndex.length, "point")} since the change${early}${baselineNote}.`,
    };
  }
  const firstWords = SIGNAL_WORDS[ws.specialCause[first]!] ?? "special cause";
  const firstSignalIndex = sinceIndex[first - nb]!;
  const verdict: ChangeVerdict =
    better > 0 && worse > 0
      ? "mixed"
      : better > 0
        ? "improvement"
        : worse > 0
          ? "deterioration"
          : "changed";
  const reason =
    (verdict === "mixed"
      ? `Both improvement (${plural(better, "point")}) and concern (${plural(worse, "point")}) since the change; the first signal was ${firstWords}`
      : `${plural(better + worse + neutral, "point")} of special cause since the change, starting with ${firstWords}`) +
    `${baselineNote}.`;
  return { ...base, ...limits, verdict, firstSignalIndex, reason };
}

/**
 * Where the latest sustained shift in `y` starts (0 if none): XmR limits and the shift rule on
 * `y` alone, repeated on what follows each shift while at least {@link BASELINE_MIN} points
 * remain. Example: 6 points near 60 then 14 near 80 → 6 (the run of 14 above the mean of 74
 * reaches the end).
 */
function lastShiftStart(y: readonly number[]): number {
  let from = 0;
  for (;;) {
    const part = Float64Array.from(y.slice(from));
    if (part.length < BASELINE_MIN) return from;
    const ws = createWorkspace(part.length);
    xmrLimitsInto(part, 0, part.length, part.length, true, ws);
    applyRules(
      part,
      0,
      part.length,
      { runLength: RUN_LENGTH, twoInThreeIncludesOutside: false, directionSign: 0 },
      ws,
      true,
    );
    // A run of shift points that reaches the last points (within TAIL of the end) and does not
    // begin the window: the process now sits at a new level. A run that ended earlier was a
    // passing excursion of the same process and stays in the baseline.
    let start = -1;
    for (let k = part.length - 1; k >= part.length - 1 - TAIL && k > 0; k--) {
      if (!(ws.rules[k]! & RuleBit.shift)) continue;
      let j = k;
      while (
        j > 0 &&
        ws.rules[j - 1]! & RuleBit.shift &&
        ws.relativeToMean[j - 1] === ws.relativeToMean[k]
      )
        j--;
      start = j;
      break;
    }
    if (start <= 0) return from;
    from += start;
  }
}
