/**
 * The benchmark suite's output on fixed result rows (no timing is measured here): the shape of
 * bench/results.json, and the summary's figure, baseline, ratio, target and met or not met.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeMachine,
  summaryLines,
  summaryTable,
  writeResults,
  type ResultRow,
} from "../../bench/summary.js";
import { readArguments } from "../../bench/run.js";

const rows: ResultRow[] = [
  {
    name: "start_warm",
    data: "synthetic demo",
    seconds: 3.2,
    nodeStartSeconds: 0.05,
    ratioToNodeStart: 64,
    targetSeconds: 5,
  },
  {
    name: "start_real_cold",
    data: "shared NHS data",
    seconds: 75,
    nodeStartSeconds: 0.05,
    ratioToNodeStart: 1500,
    targetSeconds: 60,
  },
  {
    name: "spc",
    pointsPerSecond: 20_000_000,
    baselineSumPointsPerSecond: 800_000_000,
    ratio: 0.025,
  },
  {
    name: "tidy_import",
    oursRowsPerSecond: 90_000,
    copyRowsPerSecond: 200_000,
    ratioToCopy: 0.45,
  },
  {
    name: "analytics",
    values: 7_300_000,
    recomputeSeconds: 3.1,
    readSeconds: 1.2,
    recomputeToReadRatio: 2.583,
    peakRssMb: 900,
    targetRecomputeSeconds: 5,
    targetMemoryMb: 1024,
  },
  {
    name: "ae_monthly_real_import",
    files: 12,
    oursRowsPerSecond: 600,
    copyRowsPerSecond: 120_000,
    ratioToCopy: 0.005,
  },
  { name: "ae_monthly_import", status: "shared data missing at /nowhere" },
  { name: "web_static_baseline", p95: 4 },
  { name: "web_dashboard", connections: 50, p95: 42, p95RatioToStatic: 10.5 },
  { name: "ipr_dashboard_baseline", p50: 30 },
  { name: "ipr_pdf", p50: 400, p50RatioToDashboard: 13.33 },
  { name: "import", error: "shared data missing" },
  { name: "load_static", phase: "static", connections: 200, rps: 9000, p95: 20 },
  { name: "load_mix", phase: "mix", connections: 200, rps: 3600, rpsRatio: 0.4 },
  { name: "load_page_metric", phase: "page:metric", connections: 200, p95: 50, p95Ratio: 2.5 },
  { name: "load_hostile", phase: "hostile", connections: 200, errors: 0, timeouts: 0 },
];

describe("the benchmark summary", () => {
  it("gives each headline figure its baseline, ratio and target, met or not", () => {
    const lines = rows.flatMap(summaryLines);
    const byName = new Map(lines.map((l) => [l.name, l]));
    expect(byName.get("warm start, first page (synthetic demo)")).toMatchObject({
      figure: "3.2 s",
      baseline: "node start 0.05 s",
      ratio: "64×",
      target: "< 5 s",
      met: true,
    });
    expect(byName.get("real-data first start, first page (shared NHS data)")).toMatchObject({
      target: "< 60 s",
      met: false,
    });
    expect(byName.get("spc: points per second")).toMatchObject({
      figure: "20,000,000 points/s",
      baseline: "summing loop 800,000,000 points/s",
      ratio: "0.025×",
      target: "",
    });
    expect(byName.get("spc: points per second")?.met).toBeUndefined();
    expect(byName.get("import end to end (tidy, quality checks included)")).toMatchObject({
      baseline: "COPY 200,000 rows/s",
      ratio: "0.45×",
      target: "≥ 0.5× COPY's rate",
      met: false,
    });
    expect(byName.get("import end to end (real A&E monthly, 12 files)")).toMatchObject({
      figure: "600 rows/s",
      baseline: "COPY 120,000 rows/s",
      ratio: "0.005×",
      met: false,
    });
    expect(byName.get("ae_monthly_import")).toMatchObject({ figure: "not run" });
    expect(byName.get("ae_monthly_import")?.met).toBeUndefined();
    expect(byName.get("national recompute (7,300,000 values)")).toMatchObject({
      figure: "3.1 s",
      met: true,
    });
    expect(byName.get("national recompute: peak memory")).toMatchObject({
      figure: "900 MB",
      met: true,
    });
    expect(byName.get("web: dashboard p95 (50 connections)")).toMatchObject({
      ratio: "10.5×",
      met: true,
    });
    expect(byName.get("30-metric report pdf p50")).toMatchObject({ met: true });
    expect(byName.get("import")).toMatchObject({ figure: "failed", met: false });
    expect(byName.get("load: mix (200 connections) throughput")).toMatchObject({
      figure: "3,600 req/s",
      ratio: "0.4×",
      target: "≥ 0.5× static's",
      met: false,
    });
    expect(byName.get("load: page:metric (200 connections) p95")).toMatchObject({
      ratio: "2.5×",
      met: true,
    });
    expect(byName.get("load: hostile (200 connections) errors and timeouts")).toMatchObject({
      figure: "0 errors, 0 timeouts",
      met: true,
    });
    // Baseline rows give no line of their own.
    expect(lines.some((l) => l.name.includes("static_baseline"))).toBe(false);
    expect(lines.some((l) => l.name.includes("ipr_dashboard"))).toBe(false);
    expect(lines.some((l) => l.name.startsWith("load: static"))).toBe(false);
  });

  it("prints a table that counts the targets met", () => {
    const table = summaryTable(rows).split("\n");
    expect(table[0]).toMatch(/^benchmark\s+figure\s+baseline \(same run\)\s+ratio\s+target\s+met$/);
    expect(table.find((l) => l.startsWith("warm start"))).toMatch(/< 5 s\s+met$/);
    expect(table.find((l) => l.startsWith("real-data first start"))).toMatch(/< 60 s\s+NOT MET$/);
    expect(table.at(-1)).toBe("7 of 12 targets met.");
  });

  it("writes results.json with the machine, the start, the mode and every row", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-summary-"));
    try {
      const file = path.join(dir, "results.json");
      await writeResults(file, {
        machine: describeMachine("15.18"),
        startedAt: "2026-12-05T21:00:00.000Z",
        finishedAt: "2026-12-05T21:02:00.000Z",
        quick: true,
        results: rows,
      });
      const written = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, unknown>;
      expect(Object.keys(written)).toEqual([
        "machine",
        "startedAt",
        "finishedAt",
        "quick",
        "results",
      ]);
      expect(written.machine).toEqual({
        cpus: os.availableParallelism(),
        cpuModel: expect.any(String),
        memoryGiB: expect.any(Number),
        node: process.version,
        platform: expect.stringContaining(os.platform()),
        postgres: "15.18",
        loadAverage: expect.any(Array),
      });
      expect(written.quick).toBe(true);
      expect(written.results).toEqual(rows);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the suite's arguments", () => {
  it("takes --quick as an option, not a benchmark's name", () => {
    expect(readArguments(["--quick"])).toEqual({ quick: true, only: new Set() });
    expect(readArguments(["spc", "--quick", "start"])).toEqual({
      quick: true,
      only: new Set(["spc", "start"]),
    });
    expect(readArguments([])).toEqual({ quick: false, only: new Set() });
  });

  it("refuses an unknown option or benchmark", () => {
    expect(() => readArguments(["--fast"])).toThrow(/unknown option --fast/);
    expect(() => readArguments(["spcc"])).toThrow(/unknown benchmark spcc/);
  });
});
