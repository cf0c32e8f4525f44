import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { averageRank, competitionRank, rank } from "../../src/stats/rank.js";

describe("ranking", () => {
  it("competition ranking: ties share the best rank, the next rank skips (1224)", () => {
    expect(Array.from(competitionRank([10, 20, 20, 5], "higherIsBetter"))).toEqual([3, 1, 1, 4]);
    expect(Array.from(competitionRank([10, 20, 20, 5], "lowerIsBetter"))).toEqual([2, 3, 3, 1]);
  });

  it("average ranking: ties share the mean position", () => {
    // The tied pair occupies positions 1 and 2 → (1 + 2)/2 = 1.5.
    expect(Array.from(averageRank([10, 20, 20, 5], "higherIsBetter"))).toEqual([3, 1.5, 1.5, 4]);
    expect(Array.from(averageRank([7, 7, 7], "lowerIsBetter"))).toEqual([2, 2, 2]);
  });

  it("neutral ranks highest first; default is competition", () => {
    expect(Array.from(rank([1, 3, 2], "neutral"))).toEqual([3, 1, 2]);
  });

  it("gives missing values rank NaN and does not count them", () => {
    const r = Array.from(rank([null, 5, NaN, 9, undefined], "higherIsBetter"));
    expect(r[0]).toBeNaN();
    expect(r[2]).toBeNaN();
    expect(r[4]).toBeNaN();
    expect([r[1], r[3]]).toEqual([2, 1]);
    expect(rank([], "higherIsBetter")).toHaveLength(0);
  });

  it("properties: average ranks sum to n(n+1)/2; competition rank = 1 + number strictly better", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 }), (xs) => {
        const n = xs.length;
        const avg = averageRank(xs, "higherIsBetter");
        expect(avg.reduce((a, b) => a + b, 0)).toBeCloseTo((n * (n + 1)) / 2, 9);
        const comp = competitionRank(xs, "lowerIsBetter");
        xs.forEach((v, i) => expect(comp[i]).toBe(1 + xs.filter((w) => w < v).length));
      }),
    );
  });
});
