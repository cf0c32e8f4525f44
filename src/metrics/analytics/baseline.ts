/**
 * The default SPC baseline: where a series' process limits start again, by one rule used by every
 * chart, icon, table, highlight and "who improved most" (issue 13). Limits computed across a break
 * in the process call most points special cause, and the headline becomes an artefact of the
 * break, not news about the process (before: 86 of 88 points on East Suffolk and North Essex's
 * 4-hour chart, limits from 2015 to 2025 across a two-year gap in the data and the pandemic).
 *
 * Making Data Count's guidance is to recalculate limits when the process has changed for a known
 * reason, not whenever the data shifts. The known reasons the platform can see are:
 *
 * 1. **A long gap in the data**: six months or more with no value (the held A&E series have none
 *    from April 2019 to March 2021). After it, the limits start again: what came before describes
 *    a process the data no longer follows.
 * 2. **A national event that changed how services ran** (`NATIONAL_EVENTS`: the COVID-19
 *    pandemic, March 2020 – March 2022). Limits start again at the first period from its date.
 * 3. **A succession into the organisation**: when another organisation's services passed to it
 *    (a merger or a part of a split), its own series describes a larger organisation from that
 *    date. A series continued through a clean merger (continuation.ts) compares like with like
 *    and is not broken there.
 *
 * 4. **A rebase decision** an organisation analyst recorded (src/rebases; docs/spc.md "Rebase
 *    decisions"): the process changed at that period for a reason they give. Checked first, so
 *    the chart shows the person's reason where a rule would break at the same period.
 *
 * A break applies only between two observed values of the series (a series that starts after an
 * event is not broken by it). A sustained shift without a known reason is listed as a possible
 * step change (the stats core's `suggestedRebasePoints`); a reader can view the chart with limits
 * recalculated there (`requested`), which changes nothing for anyone else.
 */
import type { PeriodType } from "../values.js";

/** Why limits start again at a period. */
export type BreakReason = "gap" | "event" | "succession" | "decision" | "requested";

/** An organisation's current rebase decision for one metric, as the analytics apply it. */
export interface AppliedDecision {
  decisionId: number;
  orgCode: string;
  metricId: string;
  /** The first period of the new limits (YYYY-MM-DD). */
  period: string;
  reason: string;
  /** When it was recorded (YYYY-MM-DD). */
  recordedOn: string;
}

/** A rebase decision as `BaselinePlan` reads it: its first day. */
export interface DecisionDay {
  day: number;
  decision: AppliedDecision;
}

/** Decisions as `BaselinePlan` reads them. */
export const decisionDays = (decisions: readonly AppliedDecision[]): DecisionDay[] =>
  decisions.map((decision) => ({ day: dayNumber(decision.period), decision }));

export interface BaselineBreak {
  /** The first period of the new limits (YYYY-MM-DD). */
  period: string;
  reason: BreakReason;
  /** Why, in words: "after 24 months with no data", "COVID-19 pandemic (from March 2020)". */
  text: string;
  /** The recorded decision behind a "decision" break. */
  decision?: AppliedDecision;
}

/** A national event that changed how services ran, starting a new period of limits. */
export interface NationalEvent {
  date: string;
  text: string;
}

/**
 * Known national breaks: the COVID-19 pandemic as a phase of its own. It began to change how
 * services ran in March 2020 (the first lockdown; non-urgent elective operations suspended from
 * mid-April), and its national emergency measures ended with the government's Living with
 * COVID-19 plan from 1 April 2022. Limits start again at both: the pandemic's own months (and
 * the recovery months after a gap, such as April 2021 – March 2022 in the A&E series) are not
 * the baseline of the process that followed.
 */
export const NATIONAL_EVENTS: readonly NationalEvent[] = [
  { date: "2020-03-01", text: "the COVID-19 pandemic" },
  {
    date: "2022-04-01",
    text: "the end of the pandemic's national emergency measures (Living with COVID-19)",
  },
];

/** Six months or more with no value start a new period of limits. */
export const GAP_MONTHS = 6;

/** The days a period of each type spans, for measuring a gap (a rolling year is published monthly). */
const PERIOD_DAYS: Record<PeriodType, number> = {
  day: 1,
  week: 7,
  month: 30.4375,
  quarter: 91.3125,
  financial_year: 365.25,
  twelve_months: 30.4375,
};
const GAP_DAYS = GAP_MONTHS * 30.4375 - 1;

const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * The breaks of one metric's periods: built once per metric, then asked per organisation on the
 * hot path (`between`), or for a whole series (`breaksOf`).
 */
export class BaselinePlan {
  private readonly days: Float64Array;
  private readonly eventDays: readonly { day: number; text: string }[];
  private readonly gapDays: number;
  private readonly periodDays: number;

  constructor(
    private readonly periods: readonly string[],
    periodType: PeriodType,
    events: readonly NationalEvent[] = NATIONAL_EVENTS,
  ) {
    this.days = Float64Array.from(periods, dayNumber);
    this.eventDays = events.map((e) => ({ day: dayNumber(e.date), text: e.text }));
    this.periodDays = PERIOD_DAYS[periodType];
    this.gapDays = GAP_DAYS + this.periodDays;
  }

  /**
   * Why the limits start again at period index q, the previous observed value being at index
   * prev; null when they do not. `successions`: first days under the organisation of the
   * organisations that passed to it (day numbers, see `successionDays`); `decisions`: the
   * organisation's current rebase decisions for this metric (`decisionDays`).
   */
  between(
    prev: number,
    q: number,
    successions?: readonly SuccessionDay[],
    decisions?: readonly DecisionDay[],
  ): BaselineBreak | null {
    const a = this.days[prev]!;
    const b = this.days[q]!;
    const period = this.periods[q]!;
    if (decisions)
      for (const d of decisions)
        if (a < d.day && d.day <= b)
          return { period, reason: "decision", text: d.decision.reason, decision: d.decision };
    if (b - a >= this.gapDays) {
      const months = Math.round((b - a - this.periodDays) / 30.4375);
      return { period, reason: "gap", text: `after ${months} months with no data` };
    }
    for (const e of this.eventDays)
      if (a < e.day && e.day <= b) return { period, reason: "event", text: e.text };
    if (successions)
      for (const s of successions)
        if (a < s.day && s.day <= b) return { period, reason: "succession", text: s.text };
    return null;
  }

  /** Every break of a series whose observed values are at the period indices `observed` (ascending). */
  breaksOf(
    observed: readonly number[],
    successions?: readonly SuccessionDay[],
    decisions?: readonly DecisionDay[],
  ): BaselineBreak[] {
    const out: BaselineBreak[] = [];
    for (let i = 1; i < observed.length; i++) {
      const b = this.between(observed[i - 1]!, observed[i]!, successions, decisions);
      if (b) out.push(b);
    }
    return out;
  }
}

/** The first day under an organisation of an organisation that passed to it, and in words. */
export interface SuccessionDay {
  day: number;
  text: string;
}

/** Successions into an organisation as `BaselinePlan` reads them. */
export function successionDays(
  links: readonly { predecessorName: string; effectiveDate: string }[],
): SuccessionDay[] {
  const byDate = new Map<string, string[]>();
  for (const l of links)
    byDate.set(l.effectiveDate, [...(byDate.get(l.effectiveDate) ?? []), l.predecessorName]);
  return [...byDate].map(([date, names]) => ({
    day: dayNumber(date),
    text: `${names.join(" and ")} passed to it`,
  }));
}

/**
 * The default breaks of a group's or England's series (no successions: a group's membership is
 * its own), as the rebase dates `analyseSpc` takes. `values[i]` is the value of `periods[i]`.
 */
export function groupRebaseDates(
  periods: readonly string[],
  values: readonly (number | null)[],
  periodType: PeriodType,
): string[] {
  const observed: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) observed.push(i);
  });
  return new BaselinePlan(periods, periodType).breaksOf(observed).map((b) => b.period);
}
