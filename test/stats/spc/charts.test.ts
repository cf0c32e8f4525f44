/** The other chart types, each against a small example worked out by hand. */
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { analyseSpc, type SpcInputPoint } from "../../../src/stats/spc/index.js";
import { monthly, near } from "./helpers.js";

const ratio = (pairs: [number, number][]): SpcInputPoint[] =>
  monthly(pairs.map(() => 0)).map((p, i) => ({
    date: p.date,
    numerator: pairs[i]![0],
    denominator: pairs[i]![1],
  }));

describe("chart types", () => {
  it("run chart: median centre, no limits", () => {
    const r = analyseSpc(monthly([3, 1, 4, 1, 5]), { chart: "run" });
    expect(r.points[0]).toMatchObject({ mean: 3, lpl: null, upl: null });
  });

  it("mR chart: centre AMR, UPL 3.267 x AMR, first point of a group has no moving range", () => {
    // values 1, 2, 4, 5, 7 -> MRs 1, 2, 1, 2 -> AMR 1.5; UPL 4.9005; 2-sigma 1.5 x (1 + 2 x 2.267 / 3).
    const r = analyseSpc(monthly([1, 2, 4, 5, 7]), { chart: "mr" });
    expect(r.points[0]!.value).toBeNull();
    expect(r.points.slice(1).map((p) => p.value)).toEqual([1, 2, 1, 2]);
    const p = r.points[1]!;
    expect(near(p.mean, 1.5)).toBe(true);
    expect(near(p.upl, 4.9005)).toBe(true);
    expect(p.lpl).toBe(0);
    expect(near(p.nearUpl, 1.5 * (1 + (2 * 2.267) / 3))).toBe(true);
  });

  it("p chart: p = sum(num)/sum(den), sigma_i = sqrt(p(1-p)/n_i)", () => {
    // p = 30/200 = 0.15; sigma = sqrt(0.1275 / 100) = 0.035707; 3 sigma = 0.107121.
    const r = analyseSpc(
      ratio([
        [10, 100],
        [20, 100],
      ]),
      { chart: "p" },
    );
    const sigma = Math.sqrt((0.15 * 0.85) / 100);
    expect(near(r.points[0]!.mean, 0.15)).toBe(true);
    expect(near(r.points[0]!.upl, 0.15 + 3 * sigma)).toBe(true);
    expect(near(r.points[0]!.lpl, 0.15 - 3 * sigma)).toBe(true);
    expect(near(r.points[0]!.upl, 0.257121, 1e-6)).toBe(true);
    expect(r.points[1]!.value).toBe(0.2);
  });

  it("p chart limits vary with the denominator and are clamped to [0, 1]", () => {
    // p = 11/110 = 0.1. For n = 10: sigma = sqrt(0.09/10) = 0.094868 -> LPL 0 (clamped), UPL 0.384605.
    const r = analyseSpc(
      ratio([
        [1, 10],
        [10, 100],
      ]),
      { chart: "p" },
    );
    expect(r.points[0]!.lpl).toBe(0);
    expect(near(r.points[0]!.upl, 0.1 + 3 * Math.sqrt(0.009))).toBe(true);
    expect(near(r.points[1]!.upl, 0.1 + 3 * Math.sqrt(0.0009))).toBe(true);
  });

  it("Laney p' chart: sigma_i x AMR(z)/1.128", () => {
    // z = -/+0.05/sigma, AMR(z) = 0.1/sigma, so sigma'_i = 0.1/1.128 = 0.0886525 for both points.
    const r = analyseSpc(
      ratio([
        [10, 100],
        [20, 100],
      ]),
      { chart: "pp" },
    );
    expect(near(r.points[0]!.upl, 0.15 + 3 * (0.1 / 1.128))).toBe(true);
    expect(r.points[0]!.lpl).toBe(0);
  });

  it("u chart: u = sum(num)/sum(den), sigma_i = sqrt(u/n_i), lower clamped at 0", () => {
    // u = 12/4 = 3; sigma = sqrt(1.5) = 1.224745; UPL 6.674235; 3 - 3.674 < 0 -> LPL 0.
    const r = analyseSpc(
      ratio([
        [4, 2],
        [8, 2],
      ]),
      { chart: "u" },
    );
    expect(r.points[0]!.mean).toBe(3);
    expect(near(r.points[0]!.upl, 3 + 3 * Math.sqrt(1.5))).toBe(true);
    expect(r.points[0]!.lpl).toBe(0);
  });

  it("Laney u' chart", () => {
    // u_i = 2, 4; sigma = sqrt(1.5); z = -/+1/sigma; AMR(z) = 2/sigma; sigma' = 2/1.128 = 1.77305.
    const r = analyseSpc(
      ratio([
        [4, 2],
        [8, 2],
      ]),
      { chart: "up" },
    );
    expect(near(r.points[0]!.upl, 3 + 3 * (2 / 1.128))).toBe(true);
  });

  it("c chart: c = mean count, sigma = sqrt(c)", () => {
    // c = 5, sigma = 2.236068: UPL 11.708204, LPL 0 (clamped), 2-sigma lines 0.527864 and 9.472136.
    const r = analyseSpc(monthly([4, 6, 5, 5]), { chart: "c" });
    const p = r.points[0]!;
    expect(p.mean).toBe(5);
    expect(near(p.upl, 11.708204, 1e-6)).toBe(true);
    expect(p.lpl).toBe(0);
    expect(near(p.nearLpl, 0.527864, 1e-6)).toBe(true);
    expect(near(p.nearUpl, 9.472136, 1e-6)).toBe(true);
    expect(() => analyseSpc(monthly([4, -1]), { chart: "c" })).toThrow(InputError);
  });

  it("g chart: median centre, UPL = g + 3 sqrt(g(g+1)), lower 0", () => {
    // [2, 4, 6]: median 4, mean 4, sigma = sqrt(20) = 4.472136, UPL 17.416408.
    const r = analyseSpc(monthly([2, 4, 6]), { chart: "g" });
    expect(r.points[0]!.mean).toBe(4);
    expect(near(r.points[0]!.upl, 17.416408, 1e-6)).toBe(true);
    expect(r.points[0]!.lpl).toBe(0);
  });

  it("t chart: XmR on t^(1/3.6), lines back-transformed", () => {
    // x = 1, 2, 3 -> mean 2, AMR 1 -> UPL (2 + 2.66)^3.6, LPL max(0, 2 - 2.66)^3.6 = 0.
    const r = analyseSpc(monthly([1, Math.pow(2, 3.6), Math.pow(3, 3.6)]), {
      chart: "t",
      screenOutliers: false,
    });
    expect(near(r.points[0]!.mean, Math.pow(2, 3.6))).toBe(true);
    expect(near(r.points[0]!.upl, Math.pow(4.66, 3.6))).toBe(true);
    expect(r.points[0]!.lpl).toBe(0);
  });
});
