/**
 * What the evaluation page says about an estimate (src/web/pages/proposals/evaluation-model.ts):
 * the headline with both groups' levels and the interval, and each caution when its condition
 * holds and only then.
 */
import { describe, expect, it } from "vitest";
import type { MeasureEvaluation } from "../../../src/proposals/evaluation.js";
import type { Proposal } from "../../../src/proposals/types.js";
import {
  estimateWords,
  participantVerdict,
  participantView,
} from "../../../src/web/pages/proposals/evaluation-model.js";
import { detailWithDecisionBreak } from "../charts/fixtures.js";

const proposal = {
  plannedStart: "2025-02",
  expectedDirection: "increase",
  mde: { mde: 2.4 },
} as unknown as Proposal;

function measure(over: Partial<MeasureEvaluation> = {}): MeasureEvaluation {
  return {
    metricId: "ae_4hr_all",
    role: "primary",
    better: "increase",
    ratio: true,
    baseline: { from: "2024-01", to: "2024-12" },
    followUp: { from: "2025-02", to: "2025-07", months: 6 },
    latestMonth: "2025-07",
    estimate: 3.04,
    lower: 1.02,
    upper: 5.11,
    level: 0.95,
    method: "bootstrap",
    pValue: null,
    significant: true,
    participantLevels: { baseline: 70, followUp: 74 },
    comparatorLevels: { baseline: 71, followUp: 71.96 },
    trends: { slopeDifference: 0.02, lower: -0.1, upper: 0.14, holds: true },
    used: { participants: ["P1", "P2"], comparators: ["C1"] },
    leftOut: { participants: [], comparators: [] },
    months: [],
    verdicts: [],
    ...over,
  };
}

const names = { P3: "Third Trust", C2: "Other Trust" };
const cautions = (m: MeasureEvaluation) =>
  estimateWords(m, proposal, names)
    .findings.filter((f) => f.caution)
    .map((f) => f.text);

describe("the estimate in words", () => {
  it("gives both groups' levels, the difference and its interval with the unit once", () => {
    const { headline, findings } = estimateWords(measure(), proposal, names);
    expect(headline).toBe(
      "Participants went from 70.0% to 74.0% (+4.0 percentage points) and comparators from 71.0% to 72.0% (+1.0 percentage points): a difference in differences of +3.0 percentage points (95% interval +1.0 to +5.1 percentage points).",
    );
    expect(findings[0]!.text).toContain("The interval does not include 0");
    expect(findings[0]!.text).toContain("in the direction the proposal expected");
    expect(findings.map((f) => f.text).join(" ")).toContain(
      "minimum detectable effect worked out from the baseline when the proposal was written was 2.4 percentage points",
    );
    expect(cautions(measure())).toEqual([]);
  });

  it("says an interval including 0 does not show a difference, and is no proof of none", () => {
    const { findings } = estimateWords(
      measure({ lower: -0.5, significant: false }),
      proposal,
      names,
    );
    expect(findings[0]!.text).toMatch(/^The interval includes 0: these data do not show/);
    expect(findings[0]!.text).toContain("not proof of no effect");
  });

  it("warns of trends that already differed, a short follow-up and who was left out", () => {
    const texts = cautions(
      measure({
        trends: { slopeDifference: 0.4, lower: 0.1, upper: 0.7, holds: false },
        followUp: { from: "2025-02", to: "2025-03", months: 2 },
        leftOut: { participants: ["P3"], comparators: ["C2"] },
      }),
    );
    expect(texts).toHaveLength(3);
    expect(texts[0]).toBe(
      "Left out for lack of data in the baseline or the follow-up: Third Trust (P3), Other Trust (C2). The estimate is on the other 2 participants and 1 comparator.",
    );
    expect(texts[1]).toContain("Only 2 months of follow-up so far (February 2025 to March 2025)");
    expect(texts[2]).toContain("already differed from the comparators'");
  });

  it("says plainly when there is no follow-up or no estimate yet", () => {
    expect(
      estimateWords(measure({ followUp: null, estimate: null }), proposal, names).headline,
    ).toBe(
      "No follow-up data yet: the test starts in February 2025, and the latest A&E 4-hour performance (all types) data are for July 2025.",
    );
    expect(
      estimateWords(
        measure({
          estimate: null,
          lower: null,
          upper: null,
          used: { participants: [], comparators: ["C1"] },
        }),
        proposal,
        names,
      ).headline,
    ).toMatch(/^Not enough data for an estimate: 0 participants and 1 comparator have data/);
  });

  it("says when the design is too small for any interval", () => {
    const { headline, findings } = estimateWords(
      measure({
        lower: null,
        upper: null,
        method: "randomisation",
        pValue: 0.4,
        significant: false,
      }),
      proposal,
      names,
    );
    expect(headline).toBe(
      "A difference in differences of +3.0 percentage points, participants against comparators, from the baseline to the follow-up.",
    );
    expect(findings[0]).toEqual({
      text: "With 2 participants and 1 comparator, no interval can be given: there are too few organisations for any difference to stand out from chance (randomisation p-value 0.400). The design is too small to tell; more participants or comparators would help.",
      caution: true,
    });
  });

  it("names randomisation inference and its p-value under 8 participants", () => {
    const { findings } = estimateWords(
      measure({ method: "randomisation", pValue: 0.1 }),
      proposal,
      names,
    );
    expect(findings.map((f) => f.text).join(" ")).toContain(
      "With 2 participants (fewer than 8), the interval and the p-value (0.100) come from randomisation inference",
    );
  });

  it("says a participant's verdict with the start, not 'the change'", () => {
    const v = participantVerdict({
      orgCode: "P1",
      verdict: "improvement",
      reason: "a run of 7 or more points above the baseline mean since the change",
      baselinePoints: 14,
      pointsSince: 6,
      provisional: true,
    });
    expect(v.tag.text).toBe("Improvement");
    expect(v.sentence).toBe(
      "A run of 7 or more points above the baseline mean since the start. 14 months before the start set the limits; 6 months since. Trial limits: the baseline has fewer than 15 points.",
    );
  });

  it("numbers each line where a participant's limits start again, and lists why", () => {
    const reason = "Streaming at the front door began";
    const detail = detailWithDecisionBreak("P1", reason);
    const verdict = {
      orgCode: "P1",
      verdict: "no_change" as const,
      reason: "no signal since the change",
      baselinePoints: 20,
      pointsSince: 6,
      provisional: false,
    };
    const at = {
      name: "Example Trust",
      title: "4-hour performance",
      start: { date: "2025-02-01", label: "Planned start (February 2025)" },
      metricId: "ae_4hr_all",
      page: "/proposals/1/evaluation",
      query: "",
    };
    const view = participantView(verdict, detail, 0, at);
    // Its chart downloads beside it (src/web/exports/page-downloads.ts).
    expect(view.figure).toContain('href="/proposals/1/evaluation/downloads/participant-1.png"');
    const label = `New limits from January 2024: ${reason} (recorded on 4 December 2026)`;
    expect(view.breaks).toEqual([label]);
    expect(view.figure).toContain(label);
    expect(view.figure).not.toContain("recorded by");
    // Without data there is no chart, so no lines to explain.
    const none = participantView(verdict, null, 1, at);
    expect(none.figure).toBeNull();
    expect(none.breaks).toEqual([]);
  });
});
