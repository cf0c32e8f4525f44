/** XmR limits, the rules and their precedence, with expected values worked out by hand. */
import { describe, expect, it } from "vitest";
import { InputError, UsageError } from "../../../src/errors.js";
import { analyseXmr, assuranceCode, AssuranceCode, meanOf } from "../../../src/stats/spc/index.js";
import { monthly, near } from "./helpers.js";

const types = (r: ReturnType<typeof analyseXmr>) => r.points.map((p) => p.pointType);
const labels = (r: ReturnType<typeof analyseXmr>) => r.points.map((p) => p.specialCauseType);

describe("XmR limits", () => {
  it("mean +/- 2.66 x average moving range (short_n5 by hand)", () => {
    // MRs 1.5, 0.1, 4.2, 6.2 -> AMR 12/4 = 3; 2.66 x 3 = 7.98; 2/3 of it 5.32.
    const r = analyseXmr(monthly([21.7, 20.2, 20.3, 24.5, 18.3]));
    const p = r.points[0]!;
    expect(near(p.mean, 21)).toBe(true);
    expect(near(p.lpl, 13.02)).toBe(true);
    expect(near(p.upl, 28.98)).toBe(true);
    expect(near(p.nearLpl, 15.68)).toBe(true);
    expect(near(p.nearUpl, 26.32)).toBe(true);
    expect(r.summary.shortGroupWarning).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain("trial_limits");
  });

  it("screens moving ranges >= 3.267 x AMR once", () => {
    // MRs: nine of 1, one of 34 -> AMR 4.3, threshold 14.048: 34 dropped -> AMR 1.
    const values = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 40];
    const mean = 95 / 11;
    const screened = analyseXmr(monthly(values));
    expect(near(screened.points[0]!.upl, mean + 2.66 * 1)).toBe(true);
    expect(screened.points[10]!.specialCauseType).toBe("Above UCL");
    const unscreened = analyseXmr(monthly(values), { screenOutliers: false });
    expect(near(unscreened.points[0]!.upl, mean + 2.66 * 4.3)).toBe(true);
  });

  it("computes the mean as R does (correctly rounded), so points on the mean stay on it", () => {
    expect(meanOf([0.1, 0.2, 0.3])).toBe(0.2);
    const r = analyseXmr(monthly([0.1, 0.2, 0.3, 0.2, 0.1, 0.3]));
    expect(r.points[1]!.relativeToMean).toBe(0);
  });

  it("fixes limits on the first n points of each group", () => {
    // Baseline 9, 11 x 6: mean 10, every MR 2 -> AMR 2; later points do not move the limits.
    const base = [9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11];
    const r = analyseXmr(monthly([...base, 30, 30, 30]), { fixAfterNPoints: 12 });
    expect(r.points[14]!.mean).toBe(10);
    expect(near(r.points[14]!.upl, 15.32)).toBe(true);
    expect(r.points[14]!.inBaseline).toBe(false);
    expect(labels(r).slice(12)).toEqual(["Above UCL", "Above UCL", "Above UCL"]);
    expect(() => analyseXmr(monthly(base), { fixAfterNPoints: 5 })).toThrow(UsageError);
  });

  it("starts a new group at each rebase date and ignores dates not in the data", () => {
    const r = analyseXmr(monthly([1, 3, 1, 3, 11, 13, 11, 13]), {
      rebase: ["2020-05-01", "2020-02-15"],
    });
    expect(r.groups.map((g) => [g.firstDate, g.n, g.mean])).toEqual([
      ["2020-01-01", 4, 2],
      ["2020-05-01", 4, 12],
    ]);
    expect(r.warnings.map((w) => w.code)).toContain("rebase_date_not_in_data");
  });
});

describe("special-cause rules", () => {
  // Mean exactly 10: zig-zag base, 7 points above (sum 80) and 7 below (sum 60).
  // MRs sum to 44 over 21 -> AMR 2.095, UPL 15.57, 2-sigma line 13.71: nothing outside or close.
  const shiftSeries = [12, 8, 12, 8, 11, 12, 11, 12, 11, 12, 11, 8, 12, 9, 8, 9, 8, 9, 8, 9, 12, 8];

  it("flags every point of a 7-point run on one side of the mean", () => {
    const r = analyseXmr(monthly(shiftSeries));
    const t = types(r);
    expect(t.slice(4, 11).every((x) => x === "special_cause_improvement")).toBe(true);
    expect(t.slice(13, 20).every((x) => x === "special_cause_concern")).toBe(true);
    expect(t.filter((x) => x !== "common_cause")).toHaveLength(14);
    expect(labels(r)[4]).toBe("7 Points Above CL");
    expect(labels(r)[13]).toBe("7 Points Below CL");
  });

  it("needs only 6 points with runLength 6", () => {
    // Blocks of 6: 11,12,11,12,11,13 (sum 70) and 9,8,9,8,9,7 (sum 50): mean exactly 10.
    const six = [12, 8, 12, 8, 11, 12, 11, 12, 11, 13, 8, 12, 9, 8, 9, 8, 9, 7, 12, 8];
    expect(types(analyseXmr(monthly(six))).every((x) => x === "common_cause")).toBe(true);
    const r = analyseXmr(monthly(six), { runLength: 6 });
    expect(
      labels(r)
        .slice(4, 10)
        .every((l) => l === "6 Points Above CL"),
    ).toBe(true);
    expect(
      labels(r)
        .slice(12, 18)
        .every((l) => l === "6 Points Below CL"),
    ).toBe(true);
  });

  it("flags 7 strictly rising points as a trend, labelled by the step to the next trend point", () => {
    // Mean 4, AMR 74/21: limits -8.37..13.37. Up 1..7, tie 7,7, down 7..1. PTD labels the first 7
    // by the zero step to the next trend point: "Decreasing".
    const y = [0, 8, 0, 8, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 8, 0, 8, 0];
    const r = analyseXmr(monthly(y));
    const l = labels(r);
    expect(l.slice(4, 10).every((x) => x === "7 Point Trend (Increasing)")).toBe(true);
    expect(l[10]).toBe("7 Point Trend (Decreasing)");
    expect(l.slice(11, 18).every((x) => x === "7 Point Trend (Decreasing)")).toBe(true);
    expect(
      l
        .slice(0, 4)
        .concat(l.slice(18))
        .every((x) => x === "Common Cause"),
    ).toBe(true);
  });

  // Limits fixed on 9,11 x 6: mean 10, UPL 15.32, 2-sigma line 13.5467.
  const base = [9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11];
  const tail = [14, 11, 14, 9, 11, 9, 16, 11, 14, 9, 11, 14, 9, 14, 9];

  it("two-in-three (PTD): two of three points between 2 and 3 sigma, all on one side", () => {
    const r = analyseXmr(monthly([...base, ...tail]), { fixAfterNPoints: 12 });
    const l = labels(r);
    expect(l[12]).toBe("2 in 3 Above CL");
    expect(l[13]).toBe("Common Cause"); // the third point is not flagged
    expect(l[14]).toBe("2 in 3 Above CL");
    expect(l[18]).toBe("Above UCL");
    expect(l[20]).toBe("Common Cause"); // 16 beyond the limit does not count in PTD 0.2.2
    expect(l[23]).toBe("Common Cause"); // 14, 9, 14: opposite sides of the mean
    expect(l.filter((x) => x !== "Common Cause")).toHaveLength(3);
  });

  it("two-in-three (MDC 2023): points beyond the limits count too", () => {
    const r = analyseXmr(monthly([...base, ...tail]), {
      fixAfterNPoints: 12,
      twoInThree: "mdc2023",
    });
    const l = labels(r);
    expect(l[18]).toBe("Above UCL"); // astronomical keeps precedence
    expect(l[20]).toBe("2 in 3 Above CL");
  });

  it("classifies by improvement direction", () => {
    const up = analyseXmr(monthly(shiftSeries), { improvementDirection: "decrease" });
    expect(up.points[4]!.pointType).toBe("special_cause_concern");
    expect(up.points[13]!.pointType).toBe("special_cause_improvement");
    const neutral = analyseXmr(monthly(shiftSeries), { improvementDirection: "neutral" });
    expect(neutral.points[4]!.pointType).toBe("special_cause_neutral_high");
    expect(neutral.points[13]!.pointType).toBe("special_cause_neutral_low");
  });
});

describe("summaries", () => {
  it("variation from the last point, with its icon", () => {
    const y = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 20, 21, 20, 21, 20, 21, 20];
    const r = analyseXmr(monthly(y), { improvementDirection: "decrease" });
    expect(r.summary.variationType).toBe("special_cause_concern");
    expect(r.summary.variationIcon).toBe("concern_high");
  });

  it("assurance from the latest limits, strict comparisons", () => {
    expect(assuranceCode(70, 1, 72, 90)).toBe(AssuranceCode.pass);
    expect(assuranceCode(95, 1, 72, 90)).toBe(AssuranceCode.fail);
    expect(assuranceCode(72, 1, 72, 90)).toBe(AssuranceCode.inconsistent);
    expect(assuranceCode(95, -1, 72, 90)).toBe(AssuranceCode.pass);
    expect(assuranceCode(70, -1, 72, 90)).toBe(AssuranceCode.fail);
    expect(assuranceCode(70, 0, 72, 90)).toBe(AssuranceCode.none);
    expect(assuranceCode(null, 1, 72, 90)).toBe(AssuranceCode.none);
    const r = analyseXmr(monthly([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11]), { target: 4 });
    expect(r.summary.assuranceType).toBe("consistent_pass"); // LPL 4.68 > 4
    expect(r.summary.assuranceIcon).toBe("pass");
  });

  it("suggests (never applies) a rebase at the start of a sustained shift", () => {
    const y = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 20, 21, 19, 20, 21, 19, 20, 21, 19, 20];
    const r = analyseXmr(monthly(y));
    expect(r.groups).toHaveLength(1);
    expect(r.suggestedRebasePoints).toHaveLength(1);
    expect(r.suggestedRebasePoints[0]).toMatchObject({
      date: "2021-01-01",
      direction: "above",
      length: 10,
    });
  });
});

describe("documented choices for degenerate input", () => {
  it("one point: mean only, limits undefined, common cause", () => {
    const r = analyseXmr(monthly([5]));
    expect(r.points[0]).toMatchObject({
      mean: 5,
      lpl: null,
      upl: null,
      outsideLimits: null,
      pointType: "common_cause",
    });
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(["trial_limits", "limits_undefined"]),
    );
  });

  it("constant series with screening: limits undefined (as PTD); without: collapsed onto the mean", () => {
    const screened = analyseXmr(monthly(Array(15).fill(7)));
    expect(screened.points[3]).toMatchObject({
      mean: 7,
      lpl: null,
      upl: null,
      pointType: "common_cause",
    });
    expect(screened.warnings.map((w) => w.code)).toContain("limits_undefined");
    const unscreened = analyseXmr(monthly(Array(15).fill(7)), { screenOutliers: false });
    expect(unscreened.points[3]).toMatchObject({
      mean: 7,
      lpl: 7,
      upl: 7,
      outsideLimits: false,
      pointType: "common_cause",
    });
  });

  it("missing values keep their period but neither break nor extend runs", () => {
    const y: (number | null)[] = [
      12,
      8,
      12,
      8,
      11,
      12,
      11,
      null,
      12,
      11,
      12,
      11,
      8,
      12,
      9,
      8,
      9,
      8,
      9,
      8,
      9,
      12,
      8,
    ];
    const r = analyseXmr(monthly(y));
    expect(r.points[7]).toMatchObject({
      value: null,
      relativeToMean: null,
      pointType: "common_cause",
      mean: 10,
    });
    expect(r.points.filter((p) => p.specialCauseType === "7 Points Above CL")).toHaveLength(7);
    expect(r.warnings.map((w) => w.code)).toContain("missing_values");
  });

  it("rejects invalid and duplicate dates", () => {
    expect(() => analyseXmr([{ date: "2020-02-30", value: 1 }])).toThrow(InputError);
    expect(() =>
      analyseXmr([
        { date: "2020-01-01", value: 1 },
        { date: "2020-01-01", value: 2 },
      ]),
    ).toThrow(/duplicate/);
  });
});
