/**
 * Ranking a guide's change ideas for one organisation by where its data says they matter most
 * (issue 16; docs/guides.md "Reading a guide and its data"). Pure: it reads figures the analytics
 * service already computed (the gap to the peers' median, SPC variation, assurance) and never
 * computes statistics of its own.
 *
 * A measure's score is its gap to the peers' median on the worse side, as a share of the median
 * (capped at 1), plus 0.5 for special-cause concern and 0.5 for consistently failing its target.
 * A change idea takes the score of its measure that most needs attention (ties: the sum of its
 * measures' scores, then the guide's order). Ideas with no measured data come last.
 */
import { formatMetricDifference, type MetricNumbers } from "../metrics/format.js";
import type { ChangeIdea, GuideVersion } from "./types.js";

/** What the ranking needs to know of one measure's latest data for the organisation. */
export interface MeasureSignal {
  metricId: string;
  shortTitle: string;
  numbers: MetricNumbers;
  /** How far the latest value is from the peers' median on the worse side (≤ 0: not worse); null when not compared. */
  worseBy: number | null;
  /** The peers' median it is compared with; null when not compared. */
  median: number | null;
  /** Which side of the median is worse: "below" where higher is better, "above" where lower is. */
  worseSide: "below" | "above";
  concern: boolean;
  failing: boolean;
}

export const CONCERN_WEIGHT = 0.5;
export const FAILING_WEIGHT = 0.5;

/** The method in one sentence, for the page. */
export const RANKING_METHOD =
  "Each change idea is scored by the one of its measures that most needs attention: how far the latest value is worse than its peers' median, as a share of that median (at most 1; counts, which grow with the organisation's size, are not compared), plus 0.5 if its SPC chart shows special-cause concern and 0.5 if it is consistently failing its target. Ideas whose measures have no data for the organisation come last.";

/** A measure's score (0 when nothing in its data calls for attention). */
export function measureScore(s: MeasureSignal): number {
  let gap = 0;
  if (s.worseBy !== null && s.median !== null && s.worseBy > 0)
    gap = s.median === 0 ? 1 : Math.min(1, s.worseBy / Math.abs(s.median));
  return gap + (s.concern ? CONCERN_WEIGHT : 0) + (s.failing ? FAILING_WEIGHT : 0);
}

/** Why a measure scores as it does, in plain words. */
export function measureReason(s: MeasureSignal): string {
  const parts: string[] = [];
  if (s.concern) parts.push("shows special-cause concern");
  if (s.failing) parts.push("is consistently failing its target");
  if (s.worseBy !== null && s.worseBy > 0) {
    const by = formatMetricDifference(s.numbers, s.worseBy).replace(
      " percentage points",
      " points",
    );
    parts.push(`is ${by} ${s.worseSide} its peers' median`);
  }
  if (parts.length === 0) {
    const peers =
      s.median === null
        ? "is not compared with its peers (a count, which grows with the organisation's size, or no peer figure)"
        : s.worseBy === null
          ? "has no better direction to compare with its peers' median"
          : "is at or better than its peers' median";
    return `${s.shortTitle} shows no special-cause concern or failing target, and ${peers}`;
  }
  const last = parts.pop()!;
  return `${s.shortTitle} ${parts.length ? `${parts.join(", ")} and ${last}` : last}`;
}

export interface RankedChangeIdea {
  sectionId: string;
  sectionTitle: string;
  changeIdea: ChangeIdea;
  /** null: none of its measures has data for the organisation. */
  score: number | null;
  reason: string;
}

/** The change ideas of a version, most pressing first for the organisation whose signals are given. */
export function rankChangeIdeas(
  version: GuideVersion,
  signals: ReadonlyMap<string, MeasureSignal>,
): RankedChangeIdea[] {
  const scored = version.sections.flatMap((section) =>
    section.changeIdeas.map((changeIdea) => {
      const mine = changeIdea.measures
        .map((id) => signals.get(id))
        .filter((s): s is MeasureSignal => s !== undefined)
        .map((s) => ({ s, score: measureScore(s) }))
        .sort((a, b) => b.score - a.score);
      const top = mine[0];
      return {
        sectionId: section.id,
        sectionTitle: section.title,
        changeIdea,
        score: top ? top.score : null,
        sum: mine.reduce((n, m) => n + m.score, 0),
        reason: top
          ? measureReason(top.s)
          : changeIdea.measures.length === 0
            ? "It names no tracking measure."
            : "None of its measures has data for this organisation.",
      };
    }),
  );
  const order = (x: (typeof scored)[number]) => (x.score === null ? -1 : x.score);
  return scored
    .map((x, i) => ({ x, i }))
    .sort((a, b) => order(b.x) - order(a.x) || b.x.sum - a.x.sum || a.i - b.i)
    .map(({ x: { sum: _sum, ...rest } }) => rest);
}
