/** Properties of the XmR analysis over random series (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyseXmr, type PointType, type SpcInputPoint } from "../../../src/stats/spc/index.js";
import { monthly } from "./helpers.js";

// Integers keep sums exact, so adding a constant or negating cannot move a point across a line
// by rounding alone; no equal neighbours avoids PTD's tie quirk in trend labels (docs/spc.md).
const series = fc
  .array(fc.integer({ min: -500, max: 500 }), { minLength: 2, maxLength: 60 })
  .filter((a) => a.every((v, i) => i === 0 || v !== a[i - 1]));
const direction = fc.constantFrom("increase" as const, "decrease" as const, "neutral" as const);

const swap: Record<PointType, PointType> = {
  common_cause: "common_cause",
  special_cause_improvement: "special_cause_concern",
  special_cause_concern: "special_cause_improvement",
  special_cause_neutral_high: "special_cause_neutral_low",
  special_cause_neutral_low: "special_cause_neutral_high",
};

describe("XmR properties", () => {
  it("limits are symmetric about the mean", () => {
    fc.assert(
      fc.property(series, fc.boolean(), (y, screen) => {
        const p = analyseXmr(monthly(y), { screenOutliers: screen }).points[0]!;
        if (p.upl === null || p.lpl === null || p.mean === null) return;
        expect(Math.abs(p.upl - p.mean - (p.mean - p.lpl))).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(p.upl)),
        );
      }),
    );
  });

  it("adding a constant moves the lines and changes no classification", () => {
    fc.assert(
      fc.property(series, fc.integer({ min: -1000, max: 1000 }), direction, (y, c, d) => {
        const a = analyseXmr(monthly(y), { improvementDirection: d });
        const b = analyseXmr(monthly(y.map((v) => v + c)), { improvementDirection: d });
        expect(b.points.map((p) => p.specialCauseType)).toEqual(
          a.points.map((p) => p.specialCauseType),
        );
        expect(b.points.map((p) => p.pointType)).toEqual(a.points.map((p) => p.pointType));
        const am = a.points[0]!.mean!;
        expect(Math.abs(b.points[0]!.mean! - (am + c))).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(am + c)),
        );
      }),
    );
  });

  it("negating the values swaps improvement and concern (and neutral high and low)", () => {
    fc.assert(
      fc.property(series, direction, (y, d) => {
        const a = analyseXmr(monthly(y), { improvementDirection: d });
        const b = analyseXmr(monthly(y.map((v) => -v)), { improvementDirection: d });
        expect(b.points.map((p) => p.pointType)).toEqual(a.points.map((p) => swap[p.pointType]));
        // ... and negating with the opposite direction changes nothing.
        if (d !== "neutral") {
          const c = analyseXmr(monthly(y.map((v) => -v)), {
            improvementDirection: d === "increase" ? "decrease" : "increase",
          });
          expect(c.points.map((p) => p.pointType)).toEqual(a.points.map((p) => p.pointType));
        }
      }),
    );
  });

  it("reversing time keeps the limits and the flagged points; rising trends become falling", () => {
    fc.assert(
      fc.property(series, (y) => {
        const a = analyseXmr(monthly(y));
        const b = analyseXmr(monthly([...y].reverse()));
        const n = y.length;
        expect(b.points[0]!.mean).toBe(a.points[0]!.mean);
        expect(b.points[0]!.upl).toBe(a.points[0]!.upl);
        a.points.forEach((p, i) => {
          const q = b.points[n - 1 - i]!;
          expect(q.specialCauseFlag).toBe(p.specialCauseFlag);
          if (
            p.specialCause === "above_upl" ||
            p.specialCause === "below_lpl" ||
            p.specialCause === "shift_above"
          ) {
            expect(q.specialCause).toBe(p.specialCause);
          }
          if (p.specialCause === "trend_increasing" && q.specialCause.startsWith("trend")) {
            // A trend point shared by two trends is labelled by one of them; otherwise it flips.
            const shared =
              (b.points[n - 2 - i]?.specialCause ?? "").startsWith("trend") &&
              (b.points[n - i]?.specialCause ?? "").startsWith("trend");
            if (!shared) expect(q.specialCause).toBe("trend_decreasing");
          }
        });
      }),
    );
  });

  it("classification never depends on the rows' input order", () => {
    fc.assert(
      fc.property(
        series.chain((y) =>
          fc.tuple(
            fc.constant(y),
            fc.shuffledSubarray(
              y.map((_, i) => i),
              { minLength: y.length, maxLength: y.length },
            ),
          ),
        ),
        ([y, order]) => {
          const rows = monthly(y);
          const shuffled: SpcInputPoint[] = order.map((i) => rows[i]!);
          expect(analyseXmr(shuffled)).toEqual(analyseXmr(rows));
        },
      ),
    );
  });
});
