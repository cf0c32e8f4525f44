/**
 * A proposal's evaluation on synthetic monthly series (src/proposals/evaluation.ts): the windows
 * the proposal's months give, who is left out and why, the units of a pooled estimate, and the
 * two checks the issue asks for: a known injected effect is recovered within its interval, and
 * with none the evaluation claims a difference no more often than the nominal rate.
 */
import { describe, expect, it } from "vitest";
import {
  evaluateMeasure,
  monthsBefore,
  seriesStart,
  type EvaluationPlan,
} from "../../src/proposals/evaluation.js";
import type { MonthlySeries } from "../../src/proposals/mde.js";
import { monthsBetween } from "../../src/proposals/types.js";
import { Random } from "../../src/stats/random.js";

const MONTHS = monthsBetween("2022-07", "2025-05");
/** Data reach February 2025: the follow-up is cut there, not at the end of follow-up. */
const LAST_DATA = "2025-02";

function plan(nP: number, nC: number): EvaluationPlan {
  return {
    participants: Array.from({ length: nP }, (_, i) => `P${String(i).padStart(3, "0")}`),
    comparators: Array.from({ length: nC }, (_, i) => `C${String(i).padStart(3, "0")}`),
    baselineStart: "2023-01",
    baselineEnd: "2023-12",
    plannedStart: "2024-06",
    followUpEnd: "2025-05",
  };
}

/**
 * A proportion (× 100) per organisation: its own level around 75%, month noise, a seasonal wave
 * shared by all, and `effect` percentage points added to participants from the planned start.
 */
type Unit = { values: number[]; numerators: number[]; denominators: number[] };

function world(rng: Random, p: EvaluationPlan, effect: number): MonthlySeries {
  const units = new Map<string, Unit>();
  const start = MONTHS.indexOf(p.plannedStart);
  const last = MONTHS.indexOf(LAST_DATA);
  for (const code of [...p.participants, ...p.comparators]) {
    const level = 0.75 + 0.05 * rng.normal();
    const size = 4000 + Math.floor(4000 * rng.next());
    const numerators: number[] = [];
    const denominators: number[] = [];
    MONTHS.forEach((_, t) => {
      if (t > last) {
        numerators.push(NaN);
        denominators.push(NaN);
        return;
      }
      const lift = p.participants.includes(code) && t >= start ? effect / 100 : 0;
      const rate = level + 0.02 * Math.sin((2 * Math.PI * t) / 12) + 0.015 * rng.normal() + lift;
      numerators.push(Math.round(rate * size));
      denominators.push(size);
    });
    units.set(code, {
      values: numerators.map((n, t) => (n / denominators[t]!) * 100),
      numerators,
      denominators,
    });
  }
  return { months: MONTHS, ratio: true, multiplier: 100, units };
}

const measure = (series: MonthlySeries) => ({
  metricId: "ae_4hr_all",
  role: "primary" as const,
  better: "increase" as const,
  series,
});

describe("the windows", () => {
  it("starts the series early enough for each participant's verdict", () => {
    expect(monthsBefore("2024-06", 24)).toBe("2022-06");
    expect(monthsBefore("2024-01", 1)).toBe("2023-12");
    expect(seriesStart(plan(1, 1))).toBe("2022-06");
    expect(seriesStart({ ...plan(1, 1), baselineStart: "2021-01" })).toBe("2021-01");
  });

  it("runs the follow-up from the start to the latest data, and names who is left out", () => {
    const p = plan(3, 4);
    const series = world(new Random(3), p, 0);
    // One participant stopped reporting before the start; one comparator never reported.
    const units = series.units as Map<string, Unit>;
    const gone = units.get("P001")!;
    MONTHS.forEach((m, t) => {
      if (m >= "2024-01") gone.values[t] = gone.numerators[t] = gone.denominators[t] = NaN;
    });
    units.delete("C003");
    const e = evaluateMeasure(p, measure(series));
    expect(e.baseline).toEqual({ from: "2023-01", to: "2023-12" });
    expect(e.followUp).toEqual({ from: "2024-06", to: LAST_DATA, months: 9 });
    expect(e.latestMonth).toBe(LAST_DATA);
    expect(e.used).toEqual({
      participants: ["P000", "P002"],
      comparators: ["C000", "C001", "C002"],
    });
    expect(e.leftOut).toEqual({ participants: ["P001"], comparators: ["C003"] });
    expect(e.method).toBe("randomisation");
    expect(e.pValue).not.toBeNull();
    // The chart's months run from the baseline's start to the latest data.
    expect(e.months[0]!.month).toBe("2023-01");
    expect(e.months.at(-1)!.month).toBe(LAST_DATA);
    expect(e.verdicts.map((v) => v.orgCode)).toEqual(["P000", "P001", "P002"]);
    expect(e.verdicts[1]!.verdict).toBe("not_enough_data");
  });

  it("pools numerators and denominators and reports in the measure's units (× 100)", () => {
    const p = plan(8, 8);
    const series = world(new Random(9), p, 4);
    const e = evaluateMeasure(p, measure(series));
    const pooledLevel = (codes: readonly string[], from: string, to: string) => {
      let top = 0;
      let bottom = 0;
      for (const code of codes) {
        const u = (series.units as Map<string, Unit>).get(code)!;
        MONTHS.forEach((m, t) => {
          if (m >= from && m <= to && Number.isFinite(u.denominators[t]!)) {
            top += u.numerators[t]!;
            bottom += u.denominators[t]!;
          }
        });
      }
      return (100 * top) / bottom;
    };
    const pB = pooledLevel(p.participants, "2023-01", "2023-12");
    const pF = pooledLevel(p.participants, "2024-06", LAST_DATA);
    const cB = pooledLevel(p.comparators, "2023-01", "2023-12");
    const cF = pooledLevel(p.comparators, "2024-06", LAST_DATA);
    expect(e.participantLevels.baseline).toBeCloseTo(pB, 9);
    expect(e.participantLevels.followUp).toBeCloseTo(pF, 9);
    expect(e.comparatorLevels.baseline).toBeCloseTo(cB, 9);
    expect(e.estimate).toBeCloseTo(pF - pB - (cF - cB), 9);
    expect(e.method).toBe("bootstrap");
    expect(e.pValue).toBeNull();
  });
});

describe("a known effect and none (synthetic proposals)", () => {
  it("recovers an injected 4-point rise within its interval, and calls it", () => {
    const p = plan(10, 20);
    const e = evaluateMeasure(p, measure(world(new Random(42), p, 4)));
    expect(e.lower!).toBeLessThan(4);
    expect(e.upper!).toBeGreaterThan(4);
    expect(e.significant).toBe(true);
    expect(e.estimate!).toBeGreaterThan(2);
    expect(e.trends.holds).toBe(true);
    // A 4-point rise against 1.5 points of month noise: most participants show improvement.
    const improved = e.verdicts.filter((v) => v.verdict === "improvement").length;
    expect(improved).toBeGreaterThanOrEqual(8);
  });

  it("covers the true effect and, with none, claims one near the nominal 5%", () => {
    const runs = 100;
    let covered = 0;
    let falseClaims = 0;
    for (let r = 0; r < runs; r++) {
      const p = plan(10, 20);
      const withEffect = evaluateMeasure(p, measure(world(new Random(1000 + r), p, 3)));
      if (withEffect.lower! <= 3 && 3 <= withEffect.upper!) covered++;
      const none = evaluateMeasure(p, measure(world(new Random(5000 + r), p, 0)));
      if (none.significant) falseClaims++;
    }
    // Nominal 95% and 5%; over 100 runs the binomial spread is about 2 percentage points.
    expect(covered).toBeGreaterThanOrEqual(88);
    expect(falseClaims).toBeLessThanOrEqual(11);
  });
});
