/**
 * What the proposal pages say, in words (docs/proposals.md): months as "January 2024", the
 * minimum detectable effect as a sentence that states its inputs and method, and the form's
 * values back into its fields after an error.
 */
import { getMetric } from "../../../metrics/catalogue/index.js";
import { formatPeriod } from "../../../metrics/period.js";
import { STATE_LABELS, type ProposalState } from "../../../proposals/states.js";
import {
  monthsBetween,
  type MdeRecord,
  type Proposal,
  type ProposalInput,
} from "../../../proposals/types.js";

/** "January 2024" from "2024-01". */
export const monthText = (month: string): string => formatPeriod(`${month}-01`, "month");

export const stateLabel = (state: ProposalState): string => STATE_LABELS[state];

/** The measure's title, or its id when it is not in the catalogue. */
export const metricTitle = (metricId: string): string => getMetric(metricId)?.title ?? metricId;

/** How an effect on the measure is counted: a percentage moves in percentage points. */
export function effectUnit(metricId: string): string {
  const unit = getMetric(metricId)?.unit;
  switch (unit) {
    case "percentage":
    case "percentage_points":
      return "percentage points";
    case undefined:
    case "count":
    case "ratio":
    case "score":
      return "";
    default:
      return unit;
  }
}

const amount = (n: number, unit: string) =>
  `${n.toLocaleString("en-GB", { maximumFractionDigits: 2 })}${unit ? ` ${unit}` : ""}`;

/**
 * The minimum detectable effect in words, with how it was computed, and whether the expected
 * effect is above it. Null inputs say plainly why there is no number.
 */
export function mdeWords(p: Proposal): { headline: string; method: string; verdict: string } {
  const unit = effectUnit(p.primaryMetricId);
  const measure = metricTitle(p.primaryMetricId);
  const months = monthsBetween(p.baselineStart, p.baselineEnd).length;
  const baseline = `${monthText(p.baselineStart)} to ${monthText(p.baselineEnd)} (${months} months)`;
  if (!p.mde || p.mde.mde === null || p.mde.standardError === null)
    return {
      headline: "The minimum detectable effect could not be computed.",
      method: p.mde
        ? `Of the participants, ${p.mde.participants} reported ${measure} in the baseline ${baseline}; at least one, with enough months for 3 placebo comparisons, is needed.`
        : "It is computed when the proposal is saved.",
      verdict: "",
    };
  const m = p.mde;
  const mde = m.mde as number;
  const se = m.standardError as number;
  const against =
    m.comparators > 0
      ? `the ${m.participants} participants against the ${m.comparators} comparators`
      : `the ${m.participants} participants alone (no comparators yet)`;
  return {
    headline: `A change smaller than about ${amount(mde, unit)} in ${measure} could not be told apart from the month-to-month variation of ${against} in the baseline.`,
    method: `Computed ${m.computedAt.toISOString().slice(0, 10)} from the baseline ${baseline}: ${m.placebos ?? 0} "placebo" differences in differences between consecutive windows inside the baseline, where there was no change, give a standard error of ${amount(se, unit)}; the minimum detectable effect is ${(mde / se).toFixed(2)} times that, for 80% power at 5% two-sided (Student's t with ${m.participants - 1} degrees of freedom for ${m.participants} participants; about 2.8 with many).`,
    verdict:
      p.expectedEffect >= mde
        ? `The expected effect, ${amount(p.expectedEffect, unit)} (${p.expectedDirection}), is at least that large: if it happens, the test should show it.`
        : `The expected effect, ${amount(p.expectedEffect, unit)} (${p.expectedDirection}), is smaller than that: even if it happens, the test is unlikely to show it. More participants, a longer follow-up or a bigger change would help.`,
  };
}

/**
 * When data imported since the proposal was saved move its minimum detectable effect: the
 * figure now, in one sentence (the saved figure above stays what the proposal was written on).
 */
export function currentMdeWords(p: Proposal, current: MdeRecord): string {
  const unit = effectUnit(p.primaryMetricId);
  if (current.mde === null)
    return "On the data as they are now, the minimum detectable effect can no longer be computed: check that the participants still report the measure in the baseline.";
  const verdict =
    p.expectedEffect >= current.mde
      ? "the expected effect is at least that large"
      : "the expected effect is smaller than that";
  return `On the data as they are now (imported since it was computed), the same baseline months and organisations give a minimum detectable effect of about ${amount(current.mde, unit)}: ${verdict}.${p.state === "draft" ? " Saving the draft again records it." : ""}`;
}

/** A proposal's values as the form's fields (the edit form starts from them). */
export function formValues(p: Proposal): ProposalInput {
  return {
    title: p.title,
    aim: p.aim,
    approach: p.approach,
    changeIdeas: p.changeIdeas,
    participants: p.participants.join(" "),
    comparators: p.comparators.join(" "),
    primaryMetricId: p.primaryMetricId,
    balancingMetricIds: p.balancingMetricIds,
    baselineStart: p.baselineStart,
    baselineEnd: p.baselineEnd,
    plannedStart: p.plannedStart,
    followUpEnd: p.followUpEnd,
    expectedEffect: String(p.expectedEffect),
    expectedDirection: p.expectedDirection,
    timeline: p.timeline,
    resources: p.resources,
  };
}

/** The posted form as the service takes it: long texts kept whole, lists as lists. */
export function formInput(body: unknown): ProposalInput {
  const raw = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string, max = 25_000) =>
    typeof raw[name] === "string" ? (raw[name] as string).slice(0, max) : "";
  const list = (name: string) => {
    const v = raw[name];
    const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return all.filter((s): s is string => typeof s === "string").slice(0, 200);
  };
  return {
    title: text("title", 1000),
    aim: text("aim", 5000),
    approach: text("approach"),
    changeIdeas: list("changeIdeas"),
    participants: text("participants", 3000),
    comparators: text("comparators", 3000),
    primaryMetricId: text("primaryMetricId", 200),
    balancingMetricIds: list("balancingMetricIds"),
    baselineStart: text("baselineStart", 20),
    baselineEnd: text("baselineEnd", 20),
    plannedStart: text("plannedStart", 20),
    followUpEnd: text("followUpEnd", 20),
    expectedEffect: text("expectedEffect", 40),
    expectedDirection: text("expectedDirection", 20) as ProposalInput["expectedDirection"],
    timeline: text("timeline"),
    resources: text("resources"),
  };
}
