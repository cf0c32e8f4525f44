/**
 * SPC throughput: the full XmR analysis (limits with screening, the four rules, classification,
 * variation and assurance summary) on 10 million points in series of 36-120 points, beside a plain
 * loop summing the same values. Deterministic: a seeded PRNG (mulberry32) makes the series.
 *
 * Robust to a shared machine: after two warm-up passes (JIT), `SPC_BENCH_REPEATS` (default 9)
 * passes of the analysis, each with a pass of the baseline right before or after it (alternately),
 * so that both see the same load. Reported: best and median of wall-clock and CPU throughput, and
 * the ratio to the baseline (best, and median of the per-pass ratios); with the load average.
 *
 * Run: `npm run bench -- spc` (via bench/run.ts), or `npx tsx bench/spc.ts`.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { mulberry32 } from "./random.js";
import {
  AssuranceCode,
  analyseXmrKernel,
  assuranceCode,
  createWorkspace,
  type KernelOptions,
} from "../src/stats/spc/index.js";

const MIN_SERIES = 36;
const MAX_SERIES = 120;
const WARMUP = 2;

/** Series of normal noise (Box-Muller) around 50, a step in about a third of them, some spikes. */
export function generateSeries(
  totalPoints: number,
  seed = 20240401,
): { values: Float64Array; starts: Int32Array } {
  const rand = mulberry32(seed);
  const values = new Float64Array(totalPoints);
  const starts: number[] = [];
  let i = 0;
  while (i < totalPoints) {
    const len = Math.min(
      totalPoints - i,
      MIN_SERIES + Math.floor(rand() * (MAX_SERIES - MIN_SERIES + 1)),
    );
    starts.push(i);
    const step = rand() < 0.33 ? Math.floor(rand() * len) : len;
    const shift = (rand() - 0.5) * 30;
    for (let k = 0; k < len; k++) {
      const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      let v = 50 + 5 * z + (k >= step ? shift : 0);
      if (rand() < 0.01) v += 40;
      values[i + k] = Math.round(v * 10) / 10;
    }
    i += len;
  }
  return { values, starts: Int32Array.from(starts) };
}

/** Analyses every series; returns a checksum so the work cannot be optimised away. */
function analyseAll(
  values: Float64Array,
  starts: Int32Array,
  seriesCount: number,
  options: KernelOptions,
): number {
  const ws = createWorkspace(MAX_SERIES);
  const groupStarts = new Int32Array(1);
  const counts = new Int32Array(5);
  let checksum = 0;
  for (let s = 0; s < seriesCount; s++) {
    const start = starts[s]!;
    const end = s + 1 < starts.length ? starts[s + 1]! : values.length;
    const n = end - start;
    const y = values.subarray(start, end);
    analyseXmrKernel(y, n, groupStarts, 1, options, ws);
    // Summary: counts of point types, variation (last point) and assurance against a target.
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[ws.pointType[k]!]!++;
    const variation = ws.pointType[n - 1]!;
    const assurance = assuranceCode(48, options.directionSign, ws.lpl[n - 1]!, ws.upl[n - 1]!);
    checksum += variation + (assurance === AssuranceCode.pass ? 1 : 0) + counts[1]! - counts[2]!;
  }
  return checksum;
}

function sumAll(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

/** Wall-clock and CPU seconds of one call. */
function timed<T>(f: () => T): { wall: number; cpu: number; value: T } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, value };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const round = (x: number, digits = 3): number => Number(x.toPrecision(digits + 1));

/** `points` (default 10 million) and `repeats` (default SPC_BENCH_REPEATS or 9): smaller with --quick. */
export async function benchSpc(
  sizes: { points?: number; repeats?: number } = {},
): Promise<Record<string, unknown>> {
  const TOTAL_POINTS = sizes.points ?? 10_000_000;
  const REPEATS = Math.max(1, sizes.repeats ?? Number(process.env.SPC_BENCH_REPEATS ?? 9));
  const { values, starts } = generateSeries(TOTAL_POINTS);
  const options: KernelOptions = {
    fixAfterNPoints: 0,
    screenOutliers: true,
    runLength: 7,
    twoInThreeIncludesOutside: false,
    directionSign: 1,
  };
  const loadBefore = os.loadavg()[0]!;
  for (let w = 0; w < WARMUP; w++) {
    analyseAll(values, starts, starts.length, options);
    sumAll(values);
  }

  const analysis: { wall: number; cpu: number }[] = [];
  const baseline: number[] = [];
  let checksum = 0;
  let sum = 0;
  for (let pass = 0; pass < REPEATS; pass++) {
    const sumFirst = pass % 2 === 1;
    const before = sumFirst ? timed(() => sumAll(values)) : undefined;
    const a = timed(() => analyseAll(values, starts, starts.length, options));
    const b = before ?? timed(() => sumAll(values));
    analysis.push(a);
    baseline.push(TOTAL_POINTS / b.wall);
    checksum = a.value;
    sum = b.value;
  }

  const pps = analysis.map((a) => TOTAL_POINTS / a.wall);
  const cpuPps = analysis.map((a) => TOTAL_POINTS / a.cpu);
  const ratios = pps.map((p, i) => p / baseline[i]!);
  const best = Math.max(...pps);
  const bestBaseline = Math.max(...baseline);
  return {
    name: "spc",
    points: TOTAL_POINTS,
    series: starts.length,
    repeats: REPEATS,
    // Best pass (the least disturbed on a shared machine), as before, and the median pass.
    seconds: round(TOTAL_POINTS / best),
    pointsPerSecond: Math.round(best),
    medianPointsPerSecond: Math.round(median(pps)),
    // CPU time of the process: less disturbed by other processes than wall time.
    cpuSeconds: round(Math.min(...analysis.map((a) => a.cpu))),
    cpuPointsPerSecond: Math.round(Math.max(...cpuPps)),
    medianCpuPointsPerSecond: Math.round(median(cpuPps)),
    baselineSumPointsPerSecond: Math.round(bestBaseline),
    medianBaselineSumPointsPerSecond: Math.round(median(baseline)),
    ratio: round(best / bestBaseline),
    medianRatio: round(median(ratios)),
    loadAverage: {
      before: round(loadBefore),
      after: round(os.loadavg()[0]!),
      cpus: os.cpus().length,
    },
    checksum: checksum + (sum > 0 ? 0 : 1),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchSpc(), null, 2));
}
