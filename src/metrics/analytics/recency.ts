/**
 * Whether an organisation's latest value is current enough to compare with peers and to size an
 * opportunity (issue 13): a snapshot from May 2022 or a series that ended years ago must not fill
 * an organisation's highlights as if it were news.
 *
 * A value is **current** when both hold:
 * 1. it is of the metric's latest well-reported period (the period its peers share: a trust that
 *    stopped reporting is not compared with peers at its old period), and
 * 2. that period ended within `RECENT_MONTHS` of the newest data held of its family (the data's
 *    frontier: daily to quarterly periods together, rolling years apart, years apart): 12 months
 *    for daily to quarterly and rolling-year data, 24 for yearly data (a yearly survey is a year
 *    old for most of the year it describes). By family because a rolling year published later
 *    (SHMI to January 2026) says nothing about how old monthly data is.
 *
 * The frontier, not today's date: a platform run on a folder of publications compares what those
 * publications hold. Example: with data to August 2025, discharges before 5pm (to May 2023) and the
 * RTT waiting-list snapshot (May 2022) are not current; A&E to July 2025 is.
 */
import { formatPeriod, addPeriods } from "../period.js";
import type { PeriodType } from "../values.js";
import { analysisOf, type EngineContext } from "./context.js";
import type { MetricAnalysis, VersionState } from "./model.js";

/** How recent a metric's latest period must be, in months before the frontier, by period type. */
export const RECENT_MONTHS: Record<PeriodType, number> = {
  day: 12,
  week: 12,
  month: 12,
  quarter: 12,
  twelve_months: 12,
  financial_year: 24,
};

/** Period types whose freshness is judged together. */
const FAMILY: Record<PeriodType, "in_year" | "rolling_year" | "year"> = {
  day: "in_year",
  week: "in_year",
  month: "in_year",
  quarter: "in_year",
  twelve_months: "rolling_year",
  financial_year: "year",
};

/** The newest data held of one family: the latest well-reported period that ends last. */
export interface Frontier {
  period: string;
  periodType: PeriodType;
  /** The day after it ends (YYYY-MM-DD). */
  end: string;
}

/** The data's frontier of each family of period types. */
export type Frontiers = ReadonlyMap<(typeof FAMILY)[PeriodType], Frontier>;

const frontiers = new WeakMap<VersionState, Promise<Frontiers>>();

/** The data's frontiers for this data version (computed once per version). */
export function frontierOf(e: EngineContext, s: VersionState): Promise<Frontiers> {
  let f = frontiers.get(s);
  if (!f) {
    f = (async () => {
      const best = new Map<(typeof FAMILY)[PeriodType], Frontier>();
      for (const def of s.defs.values()) {
        const a = await analysisOf(e, s, def.id);
        if (!a || a.latestPeriod < 0) continue;
        const periodType = a.info.periodType;
        const period = a.matrix.periods[a.latestPeriod]!;
        const end = addPeriods(period, periodType, 1);
        const known = best.get(FAMILY[periodType]);
        if (!known || end > known.end) best.set(FAMILY[periodType], { period, periodType, end });
      }
      return best;
    })();
    frontiers.set(s, f);
  }
  return f;
}

/**
 * Why the organisation's latest value (period index p) is not current, in a sentence; null when
 * it is.
 */
export function notCurrentReason(
  a: MetricAnalysis,
  p: number,
  frontiers: Frontiers,
): string | null {
  const type = a.info.periodType;
  const say = (q: number) => formatPeriod(a.matrix.periods[q]!, type);
  if (a.latestPeriod >= 0 && p < a.latestPeriod)
    return `Not compared: its latest value is for ${say(p)}; its peers' is for ${say(a.latestPeriod)}.`;
  const frontier = frontiers.get(FAMILY[type]);
  if (!frontier || a.latestPeriod < 0) return null;
  const end = addPeriods(a.matrix.periods[a.latestPeriod]!, type, 1);
  const cutoff = addPeriods(frontier.end, "month", -RECENT_MONTHS[type]);
  if (end > cutoff) return null;
  return `Not compared: the newest data held for this metric is for ${say(a.latestPeriod)}, more than ${RECENT_MONTHS[type]} months before the newest data held (${formatPeriod(frontier.period, frontier.periodType)}).`;
}
