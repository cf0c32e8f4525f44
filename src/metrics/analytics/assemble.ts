/**
 * Result assemblers for one organisation from the typed arrays: its value with intervals, a
 * comparison with one benchmark (by interval, else by quintile), its rank and its quarter.
 */
import { Outcome, outcomeCode, outcomeName } from "./codes.js";
import { cellCi } from "./metric-analysis.js";
import { directionSignOf } from "../catalogue/direction.js";
import * as say from "./sentences.js";
import { orNull } from "./series.js";
import * as st from "./stats.js";
import { nameOf } from "./state.js";
import type { ConfidenceInterval } from "./types.js";
import type {
  Benchmark,
  ComparisonItem,
  ComparisonLevel,
  GroupAggregate,
  OrgPeriodValue,
  QuartilePosition,
  RankInfo,
} from "./types.js";
import type { GroupPeriod, MetricAnalysis, VersionState } from "./model.js";

/** Fewer events than this: the value is flagged as a small count (as Fingertips does). */
const SMALL_COUNT = 10;

export function orgValue(s: VersionState, a: MetricAnalysis, o: number, p: number): OrgPeriodValue {
  const cell = o * a.periodCount + p;
  const code = a.matrix.orgCodes[o]!;
  const numerator = orNull(a.matrix.numerator[cell]!);
  const x = a.info.intervalKind === "count" ? orNull(a.matrix.value[cell]!) : numerator;
  return {
    orgCode: code,
    name: nameOf(s, code),
    period: a.matrix.periods[p]!,
    numerator,
    denominator: orNull(a.matrix.denominator[cell]!),
    value: orNull(a.matrix.value[cell]!),
    ci95: cellCi(a, cell, 95),
    ci998: cellCi(a, cell, 99.8),
    smallCount: a.info.intervalKind !== "none" && x !== null && x < SMALL_COUNT,
    dqFlags: [...(a.matrix.dqFlags?.get(cell) ?? [])],
  };
}

/**
 * The interval a comparison with a group benchmark is judged by: where the group's funnel allows
 * for overdispersion (the comparable providers, estimated over all of them in dispersion.ts,
 * differ by more than sampling error, τ² > 0), each side of the
 * organisation's interval is combined in quadrature with z·τ, as Spiegelhalter's adjusted funnel
 * widens its limits, so the ordinary spread between organisations is not called "better" or
 * "worse" (issue 11). A target is a fixed value, judged by the plain interval.
 * Example: 74.0%, 95% interval 73.2% to 74.8%, τ = 2.0 points → 74.0 ± √(0.8² + (1.96 × 2)²)
 * = 70.0% to 78.0%.
 */
function widenForOverdispersion(
  a: MetricAnalysis,
  v: number,
  interval: ConfidenceInterval | null,
  gp: GroupPeriod | null,
  benchmark: Benchmark,
  level: ComparisonLevel,
): { interval: ConfidenceInterval | null; note: string } {
  const od = gp?.funnel?.od;
  if (!interval || !od || !od.applied || benchmark.kind === "target") return { interval, note: "" };
  const tau = Math.sqrt(od.tau2) * a.def.multiplier;
  const zTau = (level === 95 ? st.Z95 : st.Z998) * tau;
  return {
    interval: {
      ...interval,
      lower: v - Math.hypot(v - interval.lower, zTau),
      upper: v + Math.hypot(interval.upper - v, zTau),
    },
    note: ` ${say.widenedNote(a.def, tau, say.dispersionPopulation(od.population, od.kinds))}`,
  };
}

/**
 * One organisation against one benchmark: by its interval at `level` where one applies, else (a
 * group benchmark) by the quintile of its value among the peers. A metric that grows with size
 * (metric-info.ts growsWithSize) is compared with peers as higher or lower, never better or
 * worse, and the sentence says it reflects size; against England or a region use
 * {@link totalContext} instead.
 */
export function comparison(
  a: MetricAnalysis,
  o: number,
  p: number,
  benchmark: Benchmark,
  gp: GroupPeriod | null,
  level: ComparisonLevel,
): ComparisonItem {
  const cell = o * a.periodCount + p;
  const v = a.matrix.value[cell]!;
  const { interval, note: widened } = widenForOverdispersion(
    a,
    v,
    cellCi(a, cell, level),
    gp,
    benchmark,
    level,
  );
  const bySize = a.info.growsWithSize && benchmark.kind !== "target";
  const sign = bySize ? 0 : directionSignOf(a.def);
  const sizeNote = bySize ? ` ${say.SIZE_NOTE}` : "";
  if (interval) {
    const code = outcomeCode(interval.lower, interval.upper, benchmark.value);
    const outcome = outcomeName(code, sign);
    const side = code === Outcome.higher ? "above" : code === Outcome.lower ? "below" : "includes";
    return {
      benchmark,
      outcome,
      method: "confidence_interval",
      interval,
      quintile: null,
      text:
        say.intervalComparisonText(a.def, outcome, side, interval, benchmark) + widened + sizeNote,
    };
  }
  if (benchmark.kind === "target") {
    // No interval: a target is not a group, so a quintile says nothing about it. State the
    // value against the target plainly (SPC assurance says whether the process will meet it).
    return {
      benchmark,
      outcome: "not_compared",
      method: "none",
      interval: null,
      quintile: null,
      text: say.targetWithoutIntervalText(a.def, v, benchmark, directionSignOf(a.def)),
    };
  }
  const q =
    gp && gp.reporting >= st.QUINTILE_MIN_PEERS
      ? st.quintile(gp.sorted, gp.reporting, v, sign)
      : null;
  if (gp && q) {
    // Quintile 1–5 (1 = lowest) by the type 7 20th/40th/60th/80th percentiles, a value on a cut
    // in the better one; the label reads it through the polarity (the worst fifth of a
    // lower-is-better metric is quintile 5), as the highlight rule does (opportunity.ts).
    return {
      benchmark,
      outcome: "not_compared",
      method: "quintile",
      interval: null,
      quintile: q.quintile,
      text:
        say.quintileComparisonText(a.def, v, q.quintile, gp.reporting, gp.group.name, q.label) +
        sizeNote,
    };
  }
  return {
    benchmark,
    outcome: "not_compared",
    method: "none",
    interval: null,
    quintile: null,
    text: say.NOT_COMPARED,
  };
}

/**
 * A count against England's or a region's total (metric-info.ts growsWithSize): shown for
 * context, not tested. A total is the sum of every member, so every member lies below it and a
 * test would call every trust "lower" (or, when lower is better, "better").
 */
export function totalContext(
  a: MetricAnalysis,
  o: number,
  p: number,
  benchmark: Benchmark,
  aggregate: GroupAggregate,
): ComparisonItem {
  const v = a.matrix.value[o * a.periodCount + p]!;
  return {
    benchmark,
    outcome: "not_compared",
    method: "context",
    interval: null,
    quintile: null,
    text: say.totalContextText(a.def, v, benchmark, aggregate.reporting),
  };
}

export function rank(a: MetricAnalysis, gp: GroupPeriod, v: number): RankInfo | null {
  // A category is not ranked by the platform (its publication's own rank is shown as published).
  if (!(v === v) || gp.reporting === 0 || a.info.category !== null) return null;
  const sign = directionSignOf(a.def);
  let equal = 0;
  for (let i = 0; i < gp.reporting; i++) if (gp.sorted[i] === v) equal++;
  const position = st.competitionRankOf(gp.sorted, gp.reporting, v, sign);
  if (!(position >= 1)) return null;
  const tiedWith = Math.max(0, equal - 1);
  const order = sign === 0 ? "highest_first" : "best_first";
  return {
    rank: position,
    of: gp.reporting,
    tiedWith,
    order,
    tieMethod: say.TIE_METHOD,
    text: say.rankText(position, gp.reporting, tiedWith, order === "best_first"),
  };
}

export function quartilePosition(
  a: MetricAnalysis,
  gp: GroupPeriod,
  v: number,
): QuartilePosition | null {
  const r = rank(a, gp, v);
  const d = gp.distribution;
  if (!r || d.q1 === null || d.q3 === null || d.median === null) return null;
  if (gp.reporting < st.QUARTILE_MIN_PEERS) return null;
  const sign = directionSignOf(a.def);
  // Quarter by the value against the type 7 quartiles: 1 = best quarter (highest for neutral);
  // the benchmark chart assigns its quarters with the same function.
  const quarter = st.quarterOf(v, d, sign < 0 ? "lower" : "higher");
  if (quarter === null) return null;
  const quartiles = { q1: d.q1, median: d.median, q3: d.q3 };
  return {
    quarter,
    text: say.quartileText(
      a.def,
      quarter,
      sign === 0,
      gp.group.name,
      r.text,
      quartiles,
      a.info.growsWithSize,
    ),
    rank: r,
    distribution: d,
  };
}
