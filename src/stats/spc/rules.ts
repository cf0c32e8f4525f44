import { PointTypeCode, RuleBit, SpecialCause, Tri } from "./codes.js";
import { applyRulesConstantLines } from "./rulesConstantLines.js";
import type { RuleSettings } from "./types.js";
import { copyLinesFromStart, type SpcWorkspace } from "./workspace.js";

const RULE_MASK = RuleBit.shift | RuleBit.trend | RuleBit.twoInThree;

/**
 * Applies the four Making Data Count rules to one rebase group y[start..end) whose centre and
 * limits are already in the workspace, then classifies each point. Windows never cross the group.
 * With `constantLimits` only the lines of the first point need to be there: they are copied to the
 * rest of the group.
 *
 * Per point: outside = y > UPL or y < LPL (strict); side = sign(y - CL); close = not outside and
 * beyond a 2-sigma line (strict). Undefined (NaN) limits give NA flags, which never fire a rule.
 *
 * 1. Astronomical: outside the limits ("Above UCL" / "Below LCL").
 * 2. Shift: `runLength` consecutive points with the same non-zero side; every point of every such
 *    window is flagged. A point on the centre line breaks the run.
 * 3. Trend: `runLength` points each strictly above (below) the previous; ties break the trend. The
 *    direction of a trend point is the step to the next point when that point is also a trend
 *    point, otherwise the step from the previous point; a zero step counts as "Decreasing"
 *    (PTD 0.2.2, reproduced for compatibility).
 * 4. Two-in-three: any window of 3 consecutive points all strictly on one side of the centre with
 *    at least 2 "beyond 2 sigma" points; only those points are flagged.
 *
 * Precedence: astronomical > trend > two-in-three > shift. Point type: a special cause pointing
 * up (above / increasing) is an improvement when higher is better, a concern when lower is
 * better, "neutral high" when neither; and vice versa for downward signals.
 *
 * Reference: NHSRplotthedots 0.2.2 `ptd_calculate_point_type()`; NHS England, Making Data Count
 * (2019) and the 2023 update of the two-in-three rule (PTD issue #194).
 *
 * Example (runLength 7): y = 1..7 with CL 4 is a 7-point increasing trend: all 7 points
 * "7 Point Trend (Increasing)", improvements when higher is better.
 */
export function applyRules(
  y: Float64Array,
  start: number,
  end: number,
  s: RuleSettings,
  ws: SpcWorkspace,
  constantLimits = false,
): void {
  if (constantLimits && end > start) {
    const c = ws.centre[start]!;
    const l = ws.lpl[start]!;
    const u = ws.upl[start]!;
    const nl = ws.nearLpl[start]!;
    const nu = ws.nearUpl[start]!;
    // All five lines defined (NaN !== NaN): the fast path, with the same results.
    if (c === c && l === l && u === u && nl === nl && nu === nu) {
      applyRulesConstantLines(y, start, end, s, ws);
      return;
    }
    copyLinesFromStart(ws, start, end);
  }
  applyRulesGeneral(y, start, end, s, ws, constantLimits);
}

/**
 * `applyRules` for any lines: per point (p and u charts) or undefined (NaN: R's NA flags). Also the
 * reference the fast path is tested against (test/stats/spc/rules-equivalence.test.ts).
 */
export function applyRulesGeneral(
  y: Float64Array,
  start: number,
  end: number,
  s: RuleSettings,
  ws: SpcWorkspace,
  constantLimits = false,
): void {
  const {
    centre,
    lpl,
    upl,
    nearLpl,
    nearUpl,
    relativeToMean,
    outside,
    close,
    rules,
    specialCause,
    pointType,
  } = ws;
  const runLength = s.runLength;
  const trendSteps = runLength - 1;
  const includeOutside = s.twoInThreeIncludesOutside;
  let shiftRun = 0;
  let prevSide = 0;
  let trendRun = 0;
  let prevStep = 0;
  let prev = y[start]!;
  // Points that can take part in a two-in-three window; the pass is skipped when fewer than 2.
  let beyondCount = 0;

  // Pass 1: flags, shift and trend membership (windows are backfilled when a run first completes).
  // With constant limits (XmR, c, g, t, run, mR charts) the lines are read once per group.
  let c = centre[start]!;
  let u = upl[start]!;
  let l = lpl[start]!;
  let nu = nearUpl[start]!;
  let nl = nearLpl[start]!;
  for (let i = start; i < end; i++) {
    const v = y[i]!;
    if (!constantLimits) {
      c = centre[i]!;
      u = upl[i]!;
      l = lpl[i]!;
      nu = nearUpl[i]!;
      nl = nearLpl[i]!;
    }
    // sign(y - CL) as in PTD; branch-free (a data-dependent branch mispredicts on noisy series).
    const side = +(v > c) - +(v < c);
    relativeToMean[i] = side;
    if (v > u || v < l) {
      outside[i] = Tri.true;
      close[i] = Tri.false;
      if (includeOutside) {
        beyondCount++;
        rules[i] = RuleBit.beyond;
      } else rules[i] = 0;
    } else {
      rules[i] = 0;
      const nearUndefined = nl !== nl || nu !== nu;
      if (u === u && l === l) {
        outside[i] = Tri.false;
        if (v < nl || v > nu) {
          close[i] = Tri.true;
          beyondCount++;
          rules[i] = RuleBit.beyond;
        } else close[i] = nearUndefined ? Tri.na : Tri.false;
      } else {
        // R: NA | FALSE is NA, and !NA & x is NA unless x is FALSE.
        outside[i] = Tri.na;
        close[i] = v < nl || v > nu || nearUndefined ? Tri.na : Tri.false;
      }
    }

    // Run lengths without branches: extend when equal to the previous non-zero value, else restart.
    shiftRun = shiftRun * +(side === prevSide) + +(side !== 0);
    prevSide = side;
    if (shiftRun >= runLength) {
      if (shiftRun === runLength)
        for (let k = i - runLength + 1; k <= i; k++) rules[k]! |= RuleBit.shift;
      else rules[i]! |= RuleBit.shift;
    }

    const step = +(v > prev) - +(v < prev);
    prev = v;
    trendRun = trendRun * +(step === prevStep) + +(step !== 0);
    prevStep = step;
    if (trendRun >= trendSteps) {
      if (trendRun === trendSteps)
        for (let k = i - trendSteps; k <= i; k++) rules[k]! |= RuleBit.trend;
      else rules[i]! |= RuleBit.trend;
    }
  }

  // Pass 2: two-in-three windows, fully inside the group, found with a rolling count of the
  // points beyond the 2-sigma line (rare), checking the sides only when the count reaches 2.
  if (beyondCount >= 2 && end - start >= 3) {
    let count = (rules[start]! & RuleBit.beyond) + (rules[start + 1]! & RuleBit.beyond);
    for (let j = start; j + 2 < end; j++) {
      count += rules[j + 2]! & RuleBit.beyond;
      if (count >= 2 * RuleBit.beyond) {
        const side = relativeToMean[j]!;
        if (side !== 0 && relativeToMean[j + 1] === side && relativeToMean[j + 2] === side) {
          for (let k = j; k < j + 3; k++)
            if (rules[k]! & RuleBit.beyond) rules[k]! |= RuleBit.twoInThree;
        }
      }
      count -= rules[j]! & RuleBit.beyond;
    }
  }

  // Pass 3: precedence and classification.
  const dir = s.directionSign;
  for (let i = start; i < end; i++) {
    const r = rules[i]! & RULE_MASK;
    const out = outside[i]!;
    if (r === 0 && out !== Tri.true) {
      specialCause[i] = SpecialCause.none;
      pointType[i] = PointTypeCode.commonCause;
      continue;
    }
    const side = relativeToMean[i]!;
    let code: number;
    if (out === Tri.true) {
      code = side === 1 ? SpecialCause.aboveUpl : SpecialCause.belowLpl;
    } else if (r & RuleBit.trend) {
      const d =
        i + 1 < end && rules[i + 1]! & RuleBit.trend
          ? y[i + 1]! - y[i]!
          : i > start
            ? y[i]! - y[i - 1]!
            : 0;
      code = d > 0 ? SpecialCause.trendIncreasing : SpecialCause.trendDecreasing;
    } else if (r & RuleBit.twoInThree) {
      code = side > 0 ? SpecialCause.twoInThreeAbove : SpecialCause.twoInThreeBelow;
    } else {
      code = side > 0 ? SpecialCause.shiftAbove : SpecialCause.shiftBelow;
    }
    specialCause[i] = code;
    const up = (code & 1) === 1;
    if (dir === 0) pointType[i] = up ? PointTypeCode.neutralHigh : PointTypeCode.neutralLow;
    else pointType[i] = up === dir > 0 ? PointTypeCode.improvement : PointTypeCode.concern;
  }
}
