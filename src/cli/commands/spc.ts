/**
 * `improve spc <csv>`: statistical process control chart of one series from a CSV file.
 *
 * The CSV has a header with `date` and `value` (or `numerator` and `denominator` for p, p', u and
 * u' charts), optionally `trajectory`. Defaults are NHSRplotthedots 0.2.2's (increase, screening
 * on, 7-point rules, PTD two-in-three), so `--format json` output can be compared with it.
 */
import { readFileSync } from "node:fs";
import { InputError, UsageError, formatProblem, type InputProblem } from "../../errors.js";
import {
  analyseSpc,
  CHARTS,
  CHART_TYPES,
  toPtdJson,
  type ChartType,
  type ImprovementDirection,
  type SpcInputPoint,
  type SpcOptions,
  type SpcResult,
} from "../../stats/spc/index.js";
import { isIsoDate } from "../../stats/spc/dates.js";
import { assertTextCsv, csvTextRecords } from "../../ingest/csv.js";
import type { RegisterCommand } from "../context.js";
import { parseFormat, renderRows, type Row } from "../format.js";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(["", "NA", "na", "N/A", "null", "NULL"]);

function inputError(p: InputProblem): InputError {
  return new InputError(formatProblem(p), [p]);
}

/**
 * Parses the text of an SPC CSV file into input points, read by the importers' CSV reader
 * (../../ingest/csv.ts: BOM removed, delimiter detected). Cells are trimmed; blank lines are
 * skipped; empty cells and "NA" are missing values. Throws InputError naming file, line, column
 * and value for a bad header, a row whose cells do not match the header, a bad date, a
 * non-numeric value, a duplicate date or a quoted field never closed.
 */
export function parseSpcCsv(text: string, file: string, chart: ChartType = "xmr"): SpcInputPoint[] {
  const records = csvTextRecords(text, { fileName: file })
    .map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) }))
    .filter((r) => !(r.cells.length === 1 && r.cells[0] === ""));
  const header = records[0];
  if (!header)
    throw inputError({ file, line: 1, reason: "the file is empty; expected a header line" });
  const names = header.cells.map((h) => h.toLowerCase());
  const usesDenominator = CHARTS[chart].usesDenominator;
  const required = usesDenominator ? ["date", "numerator", "denominator"] : ["date", "value"];
  for (const r of required) {
    if (!names.includes(r)) {
      throw inputError({
        file,
        line: header.line,
        column: r,
        value: header.cells.join(","),
        reason: `missing column "${r}"; the header must have ${required.join(", ")}${usesDenominator ? "" : " (and optionally trajectory)"}`,
      });
    }
  }
  const col = (name: string) => names.indexOf(name);
  const numericColumns = (usesDenominator ? ["numerator", "denominator"] : ["value"]).concat(
    names.includes("trajectory") ? ["trajectory"] : [],
  );
  const seen = new Map<string, number>();
  const points: SpcInputPoint[] = [];
  for (const { cells: record, line } of records.slice(1)) {
    if (record.length !== names.length) {
      // A short row names its first missing column; a long one, its first extra cell.
      const short = record.length < names.length;
      throw inputError({
        file,
        line,
        column: short ? header.cells[record.length]! : String(names.length + 1),
        value: short ? record.join(",") : record[names.length]!,
        reason: `the row has ${record.length} cell${record.length === 1 ? "" : "s"}; the header has ${names.length} (${header.cells.join(", ")})`,
      });
    }
    const date = record[col("date")] ?? "";
    if (!isIsoDate(date))
      throw inputError({
        file,
        line,
        column: "date",
        value: date,
        reason: "not a valid date (YYYY-MM-DD)",
      });
    const previous = seen.get(date);
    if (previous !== undefined) {
      throw inputError({
        file,
        line,
        column: "date",
        value: date,
        reason: `duplicate date (already on line ${previous})`,
      });
    }
    seen.set(date, line);
    const point: SpcInputPoint = { date };
    for (const name of numericColumns) {
      const text = record[col(name)] ?? "";
      let v: number | null;
      if (MISSING.has(text)) v = null;
      else if (NUMBER.test(text) && Number.isFinite(Number(text))) v = Number(text);
      else throw inputError({ file, line, column: name, value: text, reason: "not a number" });
      (point as unknown as Record<string, number | null>)[name] = v;
    }
    points.push(point);
  }
  return points;
}

function parseNumberOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!NUMBER.test(text.trim())) throw new UsageError(`${flag} must be a number, not "${text}"`);
  return Number(text);
}

interface SpcFlags {
  direction?: string;
  target?: string;
  rebase?: string;
  fixAfter?: string;
  screen?: boolean;
  chart?: string;
  format?: string;
  runs?: string;
  twoInThree?: string;
  trialMinimum?: string;
}

/** Maps command-line flags to engine options (validation of values is the engine's). */
export function optionsFromFlags(flags: SpcFlags): SpcOptions {
  const chart = (flags.chart ?? "xmr") as ChartType;
  if (!CHART_TYPES.includes(chart))
    throw new UsageError(`--chart must be one of ${CHART_TYPES.join(", ")}, not "${flags.chart}"`);
  const direction = flags.direction ?? "increase";
  if (!["increase", "decrease", "neutral"].includes(direction)) {
    throw new UsageError(`--direction must be increase, decrease or neutral, not "${direction}"`);
  }
  const runs = parseNumberOption("--runs", flags.runs);
  if (runs !== undefined && runs !== 6 && runs !== 7)
    throw new UsageError(`--runs must be 6 or 7, not "${flags.runs}"`);
  const twoInThree = flags.twoInThree ?? "ptd";
  if (twoInThree !== "ptd" && twoInThree !== "mdc2023") {
    throw new UsageError(`--two-in-three must be ptd or mdc2023, not "${twoInThree}"`);
  }
  const rebase =
    flags.rebase === undefined
      ? []
      : flags.rebase
          .split(",")
          .map((d) => d.trim())
          .filter((d) => d !== "");
  for (const d of rebase)
    if (!isIsoDate(d)) throw new UsageError(`--rebase: "${d}" is not a date (YYYY-MM-DD)`);
  const fix = parseNumberOption("--fix-after", flags.fixAfter);
  if (fix !== undefined && (!Number.isInteger(fix) || fix < 12)) {
    throw new UsageError(
      `--fix-after must be a whole number of at least 12, not "${flags.fixAfter}"`,
    );
  }
  return {
    chart,
    improvementDirection: direction as ImprovementDirection,
    target: parseNumberOption("--target", flags.target) ?? null,
    rebase,
    fixAfterNPoints: fix ?? null,
    screenOutliers: flags.screen ?? true,
    runLength: (runs ?? 7) as 6 | 7,
    twoInThree,
    trialLimitMinimum: parseNumberOption("--trial-minimum", flags.trialMinimum),
  };
}

const COLUMNS = [
  "date",
  "value",
  "mean",
  "lpl",
  "upl",
  "near_lpl",
  "near_upl",
  "special_cause_type",
  "point_type",
];

function pointRows(result: SpcResult): Row[] {
  return result.points.map((p) => ({
    date: p.date,
    value: p.value,
    mean: p.mean,
    lpl: p.lpl,
    upl: p.upl,
    near_lpl: p.nearLpl,
    near_upl: p.nearUpl,
    special_cause_type: p.specialCauseType,
    point_type: p.pointType,
  }));
}

function summaryLines(result: SpcResult): string[] {
  const s = result.summary;
  const lines = [
    `variation: ${s.variationType} (icon ${s.variationIcon})`,
    `assurance: ${s.assuranceType ?? "none"}${s.assuranceIcon ? ` (icon ${s.assuranceIcon})` : ""}`,
  ];
  for (const r of result.suggestedRebasePoints)
    lines.push(`suggested rebase: ${r.date}: ${r.reason}`);
  for (const w of result.warnings) lines.push(`warning: ${w.message}`);
  return lines;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command("spc")
    .description("Statistical process control (Making Data Count) chart of a date,value CSV")
    .argument("<csv>", "CSV file with date,value (or date,numerator,denominator for p/u charts)")
    .option(
      "--direction <direction>",
      "improvement direction: increase, decrease or neutral",
      "increase",
    )
    .option("--target <n>", "target for the assurance summary")
    .option("--rebase <dates>", "comma-separated dates (YYYY-MM-DD) starting new limits")
    .option("--fix-after <n>", "compute limits from the first n points of each group (n >= 12)")
    .option("--screen", "screen moving-range outliers before the limits (default)")
    .option("--no-screen", "do not screen moving-range outliers (as the MDC Excel tool)")
    .option("--chart <type>", `chart type: ${CHART_TYPES.join(", ")}`, "xmr")
    .option("--runs <n>", "points in a shift or trend: 6 or 7", "7")
    .option(
      "--two-in-three <variant>",
      "ptd (NHSRplotthedots 0.2.2) or mdc2023 (points beyond the limits count)",
      "ptd",
    )
    .option("--trial-minimum <n>", "warn about trial limits for groups with fewer points", "13")
    .option("--format <format>", "table, csv or json", "table")
    .action((file: string, flags: SpcFlags) => {
      const format = parseFormat(flags.format);
      const options = optionsFromFlags(flags);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new InputError(
          formatProblem({
            file,
            reason: code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(e)})`,
          }),
        );
      }
      // A spreadsheet or binary file saved as .csv is refused as the importers refuse it.
      if (bytes.length > 0) assertTextCsv(bytes, file);
      const points = parseSpcCsv(bytes.toString("utf8"), file, options.chart);
      const result = analyseSpc(points, options);
      if (format === "json") {
        ctx.io.out(JSON.stringify(toPtdJson(result), null, 2) + "\n");
      } else if (format === "csv") {
        ctx.io.out(renderRows(pointRows(result), "csv", COLUMNS));
        for (const w of result.warnings) ctx.io.err(`warning: ${w.message}\n`);
      } else {
        ctx.io.out(
          renderRows(pointRows(result), "table", COLUMNS) +
            "\n" +
            summaryLines(result).join("\n") +
            "\n",
        );
      }
    });
};
