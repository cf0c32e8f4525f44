// How the metric page words a publication's own judgement (SHMI): banding and both limit sets,
// the ones the banding rests on said so, in the metric's own decimals.
import { describe, expect, it } from "vitest";
import { publishedJudgementView } from "../../../src/web/pages/metric-detail/published-judgement.js";

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
});
