// Ranking change ideas for an organisation (src/guides/ranking.ts) from hand-made signals whose
// order can be worked out by hand.
import { describe, expect, it } from "vitest";
import {
  measureReason,
  measureScore,
  rankChangeIdeas,
  type MeasureSignal,
} from "../../src/guides/ranking.js";
import type { ChangeIdea } from "../../src/guides/types.js";
import { guideFixture } from "../support/guide-fixture.js";

const pct = { unit: "percentage", decimals: 1 } as const;
const signal = (over: Partial<MeasureSignal> & { metricId: string }): MeasureSignal => ({
  shortTitle: over.metricId,
  numbers: pct,
  worseBy: 0,
  median: 80,
  worseSide: "below",
  concern: false,
  failing: false,
  ...over,
});

const idea = (id: string, measures: string[]): ChangeIdea => ({
  id,
  title: id,
  action: "a",
  whyItWorks: "w",
  howToStart: "h",
  whatGoodLooksLike: "g",
  evidence: "e",
  measures,
});

describe("measureScore", () => {
  it("adds the relative gap (capped at 1) and the concern and failing weights", () => {
    expect(measureScore(signal({ metricId: "a", worseBy: 8, median: 80 }))).toBeCloseTo(0.1);
    expect(measureScore(signal({ metricId: "a", worseBy: 200, median: 80 }))).toBe(1);
    expect(measureScore(signal({ metricId: "a", worseBy: -5, concern: true }))).toBe(0.5);
    expect(
      measureScore(signal({ metricId: "a", worseBy: 8, median: 80, concern: true, failing: true })),
    ).toBeCloseTo(1.1);
    expect(measureScore(signal({ metricId: "a", worseBy: null, median: null }))).toBe(0);
  });
});

describe("measureReason", () => {
  it("says why in plain words, in the metric's units", () => {
    expect(
      measureReason(
        signal({ metricId: "x", shortTitle: "4-hour performance", worseBy: 6.2, concern: true }),
      ),
    ).toBe(
      "4-hour performance shows special-cause concern and is 6.2 points below its peers' median",
    );
    expect(measureReason(signal({ metricId: "x", shortTitle: "Conversion", worseBy: null }))).toBe(
      "Conversion shows no special-cause concern or failing target, and has no better direction to compare with its peers' median",
    );
    expect(measureReason(signal({ metricId: "x", shortTitle: "Occupancy", worseBy: -1 }))).toBe(
      "Occupancy shows no special-cause concern or failing target, and is at or better than its peers' median",
    );
  });
});

describe("rankChangeIdeas", () => {
  const version = guideFixture({
    measures: ["m1", "m2", "m3", "m4"].map((metricId) => ({ metricId, role: "outcome" as const })),
    sections: [
      {
        id: "s1",
        title: "S1",
        principles: "p",
        changeIdeas: [idea("none", []), idea("small", ["m1"]), idea("no-data", ["m4"])],
      },
      {
        id: "s2",
        title: "S2",
        principles: "p",
        changeIdeas: [idea("concern", ["m1", "m2"]), idea("big-gap", ["m3"]), idea("tie", ["m2"])],
      },
    ],
  });
  const signals = new Map(
    [
      signal({ metricId: "m1", worseBy: 4, median: 80 }), // 0.05
      signal({ metricId: "m2", worseBy: -2, concern: true, failing: true }), // 1.0
      signal({ metricId: "m3", worseBy: 60, median: 80 }), // 0.75
    ].map((s) => [s.metricId, s]),
  );

  it("puts the ideas whose data matters most first and unmeasured ideas last", () => {
    const ranked = rankChangeIdeas(version, signals);
    // concern: max 1.0, sum 1.05; tie: max 1.0, sum 1.0; big-gap 0.75; small 0.05; then the
    // unmeasured ones in the guide's order.
    expect(ranked.map((r) => r.changeIdea.id)).toEqual([
      "concern",
      "tie",
      "big-gap",
      "small",
      "none",
      "no-data",
    ]);
    expect(ranked.at(-1)).toMatchObject({
      score: null,
      reason: "None of its measures has data for this organisation.",
    });
    expect(ranked.at(-2)?.reason).toBe("It names no tracking measure.");
    expect(ranked[0]?.reason).toBe(
      "m2 shows special-cause concern and is consistently failing its target",
    );
  });
});
