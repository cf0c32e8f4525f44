// How the metric page words a publication's own judgement (SHMI): banding and both limit sets,
// the ones the banding rests on said so, in the metric's own decimals.
import { describe, expect, it } from "vitest";
import {
  publishedJudgementView,
  publishedStandingShort,
} from "../../../src/web/pages/metric-detail/published-judgement.js";

describe("published judgement", () => {
  it("states the banding and each set of limits as published", () => {
    const v = publishedJudgementView({ unit: "ratio", decimals: 4 }, "twelve_months", {
      periodStart: "2025-02-01",
      source: "shmi",
      banding: "2",
      bandingLabel: "as expected",
      limits: [
        { level: 99.8, method: "poisson", lower: 0.9269, upper: 1.0771, bands: false },
        { level: 95, method: "overdispersed", lower: 0.8499, upper: 1.1766, bands: true },
      ],
    });
    expect(v.period).toBe("Feb 2025 – Jan 2026");
    expect(v.source).toMatch(/^NHS England Summary Hospital-level Mortality Indicator/);
    expect(v.limits.map((l) => l.text)).toEqual([
      "95% limits adjusted for overdispersion (the variation between trusts beyond chance): 0.8499 to 1.1766 (the banding rests on these)",
      "99.8% limits for chance alone (Poisson): 0.9269 to 1.0771",
    ]);
  });

  it("says in a dashboard cell where NHS England places a value", () => {
    const standing = {
      median: 74,
      lowerQuartile: 70,
      upperQuartile: 78,
      rank: 52,
      rankOf: 134,
      score: { metricId: "nof_score", value: 2 },
    };
    expect(publishedStandingShort(standing)).toBe(
      "NHS England ranks it 52nd of 134 (1st best); its score 2.00 (1 best, 4 worst)",
    );
    expect(publishedStandingShort({ ...standing, rank: null })).toBe(
      "NHS England's score 2.00 (1 best, 4 worst)",
    );
    expect(publishedStandingShort({ ...standing, rank: null, score: null })).toBeNull();
    expect(publishedStandingShort(standing, true)).toBe("NHS England: 52nd of 134, score 2.00");
    expect(publishedStandingShort({ ...standing, score: null }, true)).toBe(
      "NHS England: 52nd of 134",
    );
  });
});
