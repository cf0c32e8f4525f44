// A learning post's evidence in words (src/networks/learning/evidence.ts): which period the
// change falls in, and the verdict sentence the post page states.
import { describe, expect, it } from "vitest";
import { changeIndexOf, verdictSentence } from "../../src/networks/learning/evidence.js";
import type { StoredVerdict } from "../../src/networks/learning/types.js";
import type { Post } from "../../src/networks/learning/types.js";
import { changeSentence, evidenceOf } from "../../src/web/pages/learning/learning-model.js";
import { detailWithDecisionBreak } from "../web/charts/fixtures.js";

const periods = ["2024-01-01", "2024-02-01", "2024-03-01"];

describe("changeIndexOf", () => {
  it("counts from the period starting on or after the change date", () => {
    expect(changeIndexOf(periods, "2024-02-01")).toBe(1);
    // A change mid-month counts from the next month.
    expect(changeIndexOf(periods, "2024-02-15")).toBe(2);
    expect(changeIndexOf(periods, "2023-06-01")).toBe(0);
    expect(changeIndexOf(periods, "2024-05-01")).toBe(3);
  });
});

describe("verdictSentence", () => {
  const v = (over: Partial<StoredVerdict>): StoredVerdict => ({
    verdict: "improvement",
    reason: "A run of 7 or more points above the baseline mean since the change.",
    pointsSince: 8,
    baselinePoints: 20,
    provisional: false,
    dataVersion: "1",
    computedAt: new Date("2026-03-01T00:00:00Z"),
    ...over,
  });
  it("says each verdict in plain words with its reason", () => {
    expect(verdictSentence(v({}))).toBe(
      "Special-cause improvement since the change (A run of 7 or more points above the baseline mean since the change).",
    );
    expect(verdictSentence(v({ verdict: "no_change" }))).toMatch(
      /^No change yet \(A run of 7 or more points/,
    );
    expect(verdictSentence(v({ verdict: "deterioration" }))).toMatch(/^Deterioration since/);
    expect(verdictSentence(v({ verdict: "mixed" }))).toMatch(/^Mixed signals since/);
    expect(
      verdictSentence(
        v({ verdict: "not_enough_data", pointsSince: 1, reason: "No data since the change yet." }),
      ),
    ).toBe("Not enough data yet (1 point since, 20 before): No data since the change yet.");
  });
  it("says when the baseline's limits are trial limits", () => {
    expect(verdictSentence(v({ provisional: true, baselinePoints: 13 }))).toMatch(
      /Trial limits: the baseline has fewer than 15 points\.$/,
    );
  });
});

describe("changeSentence", () => {
  it("says when a verdict changed, from what to what", () => {
    expect(
      changeSentence({
        metricId: "ae_4hr_all",
        from: "no_change",
        to: "improvement",
        changedAt: new Date("2026-03-03T09:00:00Z"),
      }),
    ).toBe("Verdict changed on 3 March 2026 from No change yet to Improvement");
  });
});

describe("a post's evidence chart", () => {
  it("draws the limits' new starts with the metric page's reasons, and no recorder's name", () => {
    const reason = "Streaming at the front door began";
    const detail = detailWithDecisionBreak("RXX", reason);
    const post = { changeDate: "2024-06-01", orgCode: "RXX" } as Post;
    const evidence = evidenceOf(post, { metricId: "ae_4hr_all", verdict: null }, detail, 0);
    const label = `New limits from January 2024: ${reason} (recorded on 4 December 2026)`;
    expect(evidence.breaks).toEqual([label]);
    // The chart numbers the line; its table says why.
    expect(evidence.figure).toContain(label);
    expect(evidence.figure).not.toContain("recorded by");
  });
});
