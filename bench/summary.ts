/**
 * The suite's output for people: `bench/results.json` (the machine, when, quick or full, and every
 * result row as printed) and a summary table with one line per headline figure: the figure, the
 * baseline measured in the same run, their ratio, and the target with met or not met where the
 * issue sets one. Pure functions over the result rows, so the table is tested on fixed rows.
 */
import fs from "node:fs/promises";
import os from "node:os";

export type ResultRow = Record<string, unknown>;

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** PostgreSQL's version as the server reports it (or the embedded binary's, unstarted). */
  postgres: string | null;
  loadAverage: number[];
}

export interface Results {
  machine: Machine;
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  results: ResultRow[];
}

/** One line of the summary. `ratio` is figure ÷ baseline, or as the row states it. */
export interface SummaryLine {
  name: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  /** undefined: no target applies (or the bench did not measure it). */
  met?: boolean;
}

export function describeMachine(postgres: string | null): Machine {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    postgres,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  };
}

const num = (row: ResultRow, key: string): number | undefined => {
  const v = row[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};

/** A number in a unit, or "—" when the row does not have it. */
const show = (v: number | undefined, unit = ""): string => {
  if (v === undefined) return "—";
  const text = Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-GB") : String(+v.toFixed(3));
  return unit ? `${text} ${unit}` : text;
};

const ratioOf = (v: number | undefined): string => (v === undefined ? "—" : `${+v.toFixed(3)}×`);

const START_NAMES: Record<string, string> = {
  start_cold: "cold start, first page",
  start_warm: "warm start, first page",
  start_real_cold: "real-data first start, first page",
};

/** The summary lines of one result row (none for rows that are only a baseline). */
export function summaryLines(row: ResultRow): SummaryLine[] {
  const name = String(row.name ?? "?");
  const n = (key: string) => num(row, key);
  if (typeof row.error === "string")
    return [{ name, figure: "failed", baseline: "—", ratio: "—", target: row.error, met: false }];
  if (name === "spc")
    return [
      {
        name: "spc: points per second",
        figure: show(n("pointsPerSecond"), "points/s"),
        baseline: `summing loop ${show(n("baselineSumPointsPerSecond"), "points/s")}`,
        ratio: ratioOf(n("ratio")),
        target: "",
      },
    ];
  if (name === "tidy_import") {
    const ratio = n("ratioToCopy");
    return [
      {
        name: "import end to end (tidy, quality checks included)",
        figure: show(n("oursRowsPerSecond"), "rows/s"),
        baseline: `COPY ${show(n("copyRowsPerSecond"), "rows/s")}`,
        ratio: ratioOf(ratio),
        target: "≥ 0.5× COPY's rate",
        met: ratio === undefined ? undefined : ratio >= 0.5,
      },
    ];
  }
  if (name === "analytics") {
    const seconds = n("recomputeSeconds");
    const peak = n("peakRssMb");
    const targetSeconds = n("targetRecomputeSeconds") ?? 5;
    const targetMb = n("targetMemoryMb") ?? 1024;
    return [
      {
        name: `national recompute (${show(n("values"))} values)`,
        figure: show(seconds, "s"),
        baseline: `reading them ${show(n("readSeconds"), "s")}`,
        ratio: ratioOf(n("recomputeToReadRatio")),
        target: `< ${targetSeconds} s`,
        met: seconds === undefined ? undefined : seconds < targetSeconds,
      },
      {
        name: "national recompute: peak memory",
        figure: show(peak, "MB"),
        baseline: "—",
        ratio: "—",
        target: `< ${targetMb} MB`,
        met: peak === undefined ? undefined : peak < targetMb,
      },
    ];
  }
  if (name === "ae_monthly_parse_only") {
    const ratio = n("ratioToDuckdb");
    return [
      {
        name: "publication parse (A&E monthly)",
        figure: show(n("megabytesPerSecond"), "MB/s"),
        baseline: ratio === undefined ? "DuckDB unavailable" : "DuckDB, same file",
        ratio: ratioOf(ratio),
        target: "≥ 1× DuckDB",
        met: ratio === undefined ? undefined : ratio >= 1,
      },
    ];
  }
  if (name === "ae_monthly_import" || name === "ae_monthly_real_import") {
    const ratio = n("ratioToCopy");
    const real = name === "ae_monthly_real_import";
    if (ratio === undefined && typeof row.status === "string")
      return [{ name, figure: "not run", baseline: "—", ratio: "—", target: row.status }];
    return [
      {
        name: real
          ? `import end to end (real A&E monthly, ${show(n("files"))} files)`
          : "import end to end (generated A&E monthly)",
        figure: show(n(real ? "oursRowsPerSecond" : "rowsPerSecond"), "rows/s"),
        baseline: `COPY ${show(n("copyRowsPerSecond"), "rows/s")}`,
        ratio: ratioOf(ratio),
        target: "≥ 0.5× COPY's rate",
        met: ratio === undefined ? undefined : ratio >= 0.5,
      },
    ];
  }
  if (name.startsWith("web_") && name !== "web_static_baseline") {
    const p95 = n("p95");
    return [
      {
        name: `${name.replace(/^web_/, "web: ")} p95 (${show(n("connections"))} connections)`,
        figure: show(p95, "ms"),
        baseline: "static file",
        ratio: ratioOf(n("p95RatioToStatic")),
        target: "p95 < 50 ms",
        met: p95 === undefined ? undefined : p95 < 50,
      },
    ];
  }
  if (name.startsWith("report_board_") || /^ipr_(?!dashboard)/.test(name)) {
    const p50 = n("p50");
    return [
      {
        name: `${name.replace(/^report_board_/, "board summary ").replace(/^ipr_/, "30-metric report ")} p50`,
        figure: show(p50, "ms"),
        baseline: "dashboard page",
        ratio: ratioOf(n("p50RatioToDashboard")),
        target: "< 1000 ms",
        met: p50 === undefined ? undefined : p50 < 1000,
      },
    ];
  }
  if (name.startsWith("load_") && !name.startsWith("load_static")) {
    const who = `load: ${String(row.phase ?? name)} (${show(n("connections"))} connections)`;
    if (name === "load_mix") {
      const ratio = n("rpsRatio");
      return [
        {
          name: `${who} throughput`,
          figure: show(n("rps"), "req/s"),
          baseline: "static file",
          ratio: ratioOf(ratio),
          target: "≥ 0.5× static's",
          met: ratio === undefined ? undefined : ratio >= 0.5,
        },
      ];
    }
    if (name.startsWith("load_page_")) {
      const ratio = n("p95Ratio");
      return [
        {
          name: `${who} p95`,
          figure: show(n("p95"), "ms"),
          baseline: "static file",
          ratio: ratioOf(ratio),
          target: "≤ 3× static's",
          met: ratio === undefined ? undefined : ratio <= 3,
        },
      ];
    }
    const errors = (n("errors") ?? 0) + (n("timeouts") ?? 0);
    return [
      {
        name: `${who} errors and timeouts`,
        figure: `${show(n("errors"))} errors, ${show(n("timeouts"))} timeouts`,
        baseline: "—",
        ratio: "—",
        target: "none",
        met: errors === 0,
      },
    ];
  }
  if (name.startsWith("start_")) {
    const seconds = n("seconds");
    const target = n("targetSeconds");
    return [
      {
        name: `${START_NAMES[name] ?? name} (${String(row.data ?? "")})`,
        figure: show(seconds, "s"),
        baseline: `node start ${show(n("nodeStartSeconds"), "s")}`,
        ratio: ratioOf(n("ratioToNodeStart")),
        target: target === undefined ? "" : `< ${target} s`,
        met: target === undefined || seconds === undefined ? undefined : seconds < target,
      },
    ];
  }
  return [];
}

/** The summary as a plain-text table, and a closing line counting the targets met. */
export function summaryTable(rows: readonly ResultRow[]): string {
  const lines = rows.flatMap(summaryLines);
  const head = ["benchmark", "figure", "baseline (same run)", "ratio", "target", "met"];
  const body = lines.map((l) => [
    l.name,
    l.figure,
    l.baseline,
    l.ratio,
    l.target,
    l.met === undefined ? "" : l.met ? "met" : "NOT MET",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const judged = lines.filter((l) => l.met !== undefined);
  const met = judged.filter((l) => l.met).length;
  return [
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    "",
    `${met} of ${judged.length} targets met.`,
  ].join("\n");
}

export async function writeResults(file: string, results: Results): Promise<void> {
  await fs.writeFile(file, JSON.stringify(results, null, 2) + "\n");
}
