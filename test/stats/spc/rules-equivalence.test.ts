/**
 * The fast paths against the plain ones on random series: the XmR kernel (lines of the first point
 * only, the specialised rules for constant lines) must fill the workspace exactly as the public
 * xmrLimitsInto followed by the general rules do, and so must the other constant-line charts.
 */
import { describe, expect, it } from "vitest";
import {
  CHARTS,
  analyseChartKernel,
  analyseXmrKernel,
  createWorkspace,
  xmrLimitsInto,
  type KernelOptions,
  type SpcWorkspace,
} from "../../../src/stats/spc/index.js";
import { applyRulesGeneral } from "../../../src/stats/spc/rules.js";
import { mulberry32 as prng } from "../../../bench/random.js";

const FIELDS = [
  "centre",
  "lpl",
  "upl",
  "nearLpl",
  "nearUpl",
  "relativeToMean",
  "outside",
  "close",
  "rules",
  "specialCause",
  "pointType",
] as const;

/** Noise, ties, constants, trends both ways, spikes, steps, values on the mean. */
function randomSeries(rand: () => number, n: number): Float64Array {
  const kind = Math.floor(rand() * 8);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    y[i] =
      kind === 0
        ? Math.round((50 + 10 * (r - 0.5)) * 10) / 10
        : kind === 1
          ? Math.floor(r * 4)
          : kind === 2
            ? 7
            : kind === 3
              ? i + Math.floor(r * 3)
              : kind === 4
                ? Math.round(Math.sin(i / 3) * 10 + r * 3)
                : kind === 5
                  ? (r < 0.1 ? 40 : 0) + rand()
                  : kind === 6
                    ? [0.1, 0.2, 0.3][Math.floor(r * 3)]!
                    : (i < n / 2 ? 10 : 14) + Math.round(r * 20) / 10;
  }
  return y;
}

function randomGroups(rand: () => number, n: number): Int32Array {
  const starts = [0];
  for (let i = 1; i < n; i++) if (rand() < 0.03) starts.push(i);
  if (rand() < 0.05) starts.push(n); // an empty last group
  return Int32Array.from(starts);
}

function randomOptions(rand: () => number): KernelOptions {
  return {
    fixAfterNPoints: rand() < 0.2 ? 12 + Math.floor(rand() * 10) : 0,
    screenOutliers: rand() < 0.7,
    runLength: rand() < 0.5 ? 6 : 7,
    twoInThreeIncludesOutside: rand() < 0.3,
    directionSign: Math.floor(rand() * 3) - 1,
  };
}

function expectSame(a: SpcWorkspace, b: SpcWorkspace, n: number, where: string): void {
  for (const f of FIELDS) {
    for (let i = 0; i < n; i++) {
      if (!Object.is(a[f][i], b[f][i])) expect(`${f}[${i}] ${a[f][i]}`, where).toBe(`${b[f][i]}`);
    }
  }
}

/** The plain path: public limits for every point, then the general rules. */
function plain(
  limitsInto: (start: number, end: number, baselineEnd: number, ws: SpcWorkspace) => void,
  y: Float64Array,
  groupStarts: Int32Array,
  o: KernelOptions,
  ws: SpcWorkspace,
): void {
  const n = y.length;
  for (let g = 0; g < groupStarts.length; g++) {
    const start = groupStarts[g]!;
    const end = g + 1 < groupStarts.length ? groupStarts[g + 1]! : n;
    if (end <= start) continue;
    const baselineEnd =
      o.fixAfterNPoints > 0 && start + o.fixAfterNPoints < end ? start + o.fixAfterNPoints : end;
    limitsInto(start, end, baselineEnd, ws);
    applyRulesGeneral(y, start, end, o, ws, true);
  }
}

describe("fast paths give the same workspace as the general path", () => {
  it("XmR kernel", () => {
    const rand = prng(11);
    for (let t = 0; t < 20000; t++) {
      const n = 1 + Math.floor(rand() * 130);
      const y = randomSeries(rand, n);
      const groups = randomGroups(rand, n);
      const o = randomOptions(rand);
      const fast = createWorkspace(n);
      const ref = createWorkspace(n);
      analyseXmrKernel(y, n, groups, groups.length, o, fast);
      plain((s, e, b, ws) => xmrLimitsInto(y, s, e, b, o.screenOutliers, ws), y, groups, o, ref);
      expectSame(fast, ref, n, `${JSON.stringify(o)} groups ${groups.join(",")} y ${y.join(",")}`);
    }
  });

  it("the other charts with constant lines (run, mR, c, g, t)", () => {
    const rand = prng(12);
    for (let t = 0; t < 5000; t++) {
      const n = 1 + Math.floor(rand() * 100);
      const y = randomSeries(rand, n).map(Math.abs);
      const groups = randomGroups(rand, n);
      const o = randomOptions(rand);
      const chart = CHARTS[(["run", "mr", "c", "g", "t"] as const)[Math.floor(rand() * 5)]!];
      const data = { value: y, numerator: new Float64Array(n), denominator: new Float64Array(n) };
      const fast = createWorkspace(n);
      const ref = createWorkspace(n);
      analyseChartKernel(chart, data, n, groups, groups.length, o, fast);
      plain(
        (s, e, b, ws) => chart.limitsInto(data, s, e, b, o.screenOutliers, ws),
        y,
        groups,
        o,
        ref,
      );
      expectSame(fast, ref, n, `${chart.chart} ${JSON.stringify(o)} y ${y.join(",")}`);
    }
  });
});
