/**
 * The Ambulance Quality Indicators (AmbSYS) mapping shared by the Raw sheet as published
 * (ambsys/, columns A0…A148) and its readable extract (derived-ambsys/, named columns): the
 * figures the catalogue takes, read from fields named as in the extract, and the publication's
 * traps, handled here once:
 *
 * - Times are in seconds. A mean is stored as total response minutes (seconds / 60) over
 *   incidents, so it aggregates exactly; a 90th centile is stored as published, in minutes.
 * - Zero incidents means not reported (the standards were phased in from August 2017: a trust
 *   shows 0 until it joined, the Isle of Wight until March 2018): stored as missing, never as 0.
 * - Blank cells are figures the publication does not have (the handover columns before October
 *   2023; London's categories 1–4 in October–November 2022): nothing is stored.
 * - England and region rows are sums over their trusts. In a month when one of those trusts did
 *   not report a figure, the published England or region figure covers only some of them: it is
 *   stored as missing, not passed off as England's (England before April 2018 and in October–
 *   November 2022 for categories 1–4). So the file is gathered (per-file state) and England and
 *   region rows are emitted after the last record; a few thousand rows.
 * - Trust names change within the series (RYA): rows are keyed by code only.
 *
 * Per row (period p, organisation o), with fields as in derived/ambsys_monthly.csv:
 *
 *   amb_catN_mean        = cN_total_seconds / 60 / incidents_cN          (minutes, N = 1…4)
 *   amb_catN_90th        = cN_90th_seconds / 60                          (minutes, value only)
 *   amb_hear_and_treat   = hear_and_treat / incidents_all × 100
 *   amb_see_and_treat    = not_conveyed / incidents_all × 100
 *   amb_convey_ed        = conveyed_to_ed / incidents_all × 100
 *   amb_convey_elsewhere = conveyed_elsewhere / incidents_all × 100
 *   amb_handover_30min   = handovers_over_30min / handovers_time_known × 100
 *   amb_handover_60min   = handovers_over_60min / handovers_time_known × 100
 *
 * Example (England, March 2025): 79,181 category 1 incidents took 37,347,519 seconds in all, so
 * amb_cat1_mean stores numerator 622,458.65 minutes, denominator 79,181 and value 7.86 minutes
 * (the sheet's rounded mean is 472 seconds); its 90th centile of 836 seconds is stored as 13.93.
 */
import type { MetricId } from "../../../metrics/catalogue/index.js";
import { ENGLAND } from "../../../metrics/organisations.js";
import type { ValuesFormat } from "../../format.js";
import { NOT_AN_AMBSYS_LEVEL } from "../../problem-messages.js";
import { rowFormat } from "./row-format.js";
import type { RowReader } from "./row.js";
import type { ValueBatch } from "./values.js";

/** The fields the catalogue reads, named as in the readable extract's header. */
export const ambsysFields = [
  "incidents_all",
  "incidents_c1",
  "incidents_c2",
  "incidents_c3",
  "incidents_c4",
  "c1_total_seconds",
  "c1_90th_seconds",
  "c2_total_seconds",
  "c2_90th_seconds",
  "c3_total_seconds",
  "c3_90th_seconds",
  "c4_total_seconds",
  "c4_90th_seconds",
  "hear_and_treat",
  "conveyed_to_ed",
  "conveyed_elsewhere",
  "not_conveyed",
  "handovers_time_known",
  "handovers_over_30min",
  "handovers_over_60min",
] as const;

export type AmbsysField = (typeof ambsysFields)[number];

/**
 * One figure: a ratio (numerator / denominator × multiplier) or a published value, with the
 * incident count that says whether it was reported (its denominator, or for a 90th centile its
 * category's incidents). Seconds are divided by 60.
 */
interface Figure {
  metricId: MetricId;
  /** The ratio's numerator, or (without `ratio`) the value itself. */
  field: AmbsysField;
  /** Incidents or handovers: the denominator of a ratio; zero or blank means not reported. */
  count: AmbsysField;
  ratio: boolean;
  seconds: boolean;
}

const category = (n: 1 | 2 | 3 | 4): Figure[] => [
  {
    metricId: `amb_cat${n}_mean`,
    field: `c${n}_total_seconds`,
    count: `incidents_c${n}`,
    ratio: true,
    seconds: true,
  },
  {
    metricId: `amb_cat${n}_90th`,
    field: `c${n}_90th_seconds`,
    count: `incidents_c${n}`,
    ratio: false,
    seconds: true,
  },
];

const share = (metricId: MetricId, field: AmbsysField, count: AmbsysField): Figure => ({
  metricId,
  field,
  count,
  ratio: true,
  seconds: false,
});

export const ambsysFigures: readonly Figure[] = [
  ...category(1),
  ...category(2),
  ...category(3),
  ...category(4),
  share("amb_hear_and_treat", "hear_and_treat", "incidents_all"),
  share("amb_see_and_treat", "not_conveyed", "incidents_all"),
  share("amb_convey_ed", "conveyed_to_ed", "incidents_all"),
  share("amb_convey_elsewhere", "conveyed_elsewhere", "incidents_all"),
  share("amb_handover_30min", "handovers_over_30min", "handovers_time_known"),
  share("amb_handover_60min", "handovers_over_60min", "handovers_time_known"),
];

/** A figure as read from one row. `absent`: all its cells blank; `missing`: not reported. */
interface Reading {
  figure: Figure;
  status: "reported" | "missing" | "absent";
  numerator: number | null;
  denominator: number | null;
}

function read(figure: Figure, cells: Readonly<Record<AmbsysField, number | null>>): Reading {
  const x = cells[figure.field];
  const n = cells[figure.count];
  if (x === null && n === null)
    return { figure, status: "absent", numerator: null, denominator: null };
  if (x === null || n === null || n === 0)
    return { figure, status: "missing", numerator: null, denominator: null };
  return {
    figure,
    status: "reported",
    numerator: figure.seconds ? x / 60 : x,
    denominator: figure.ratio ? n : null,
  };
}

function emit(values: ValueBatch, orgCode: string, period: string, r: Reading, line: number): void {
  if (r.status === "absent") return;
  if (r.figure.ratio)
    values.ratio(orgCode, r.figure.metricId, "month", period, r.numerator, r.denominator, line);
  // A published value (a 90th centile): value only, like a count.
  else values.count(orgCode, r.figure.metricId, "month", period, r.numerator, line);
}

/** An England or region row, kept until every trust row of the file has been read. */
interface AggregateRow {
  orgCode: string;
  /** Null for England (every trust); the region's code otherwise. */
  region: string | null;
  period: string;
  line: number;
  readings: Reading[];
}

interface AmbsysState {
  /**
   * `${period}\t${region}\t${metricId}` for each figure some trust did not report: under its
   * region, under ENGLAND (every trust counts towards England) and, when the trust's region is
   * not known, under ANY_REGION (so every region's figure that month is treated as partial).
   */
  partial: Set<string>;
  aggregates: AggregateRow[];
}

const ANY_REGION = "*";

const key = (period: string, region: string, metricId: string) =>
  `${period}\t${region}\t${metricId}`;

/** Did some trust in the England or region row's area not report the figure that month? */
function isPartial(state: AmbsysState, a: AggregateRow, metricId: string): boolean {
  if (a.region === null) return state.partial.has(key(a.period, ENGLAND, metricId));
  return (
    state.partial.has(key(a.period, a.region, metricId)) ||
    state.partial.has(key(a.period, ANY_REGION, metricId))
  );
}

export interface AmbsysLayout {
  id: string;
  source?: string;
  description: string;
  /** The column (lower-case, as normalised) holding each field: A-codes in the Raw sheet. */
  fieldColumns: Readonly<Record<AmbsysField, string>>;
  /**
   * The region a trust row counts towards, from the row or the layout; undefined when not known
   * (the trust then counts towards every region: a region's figure is kept only if it reported).
   */
  regionOf: (
    row: RowReader,
    c: Readonly<Record<string, number>>,
    orgCode: string,
  ) => string | undefined;
  /** Columns besides period, level, org_code and the fields that the layout needs. */
  otherColumns?: readonly string[];
}

const LEVELS = new Set(["england", "region", "trust"]);

/** An AmbSYS layout as a row format (period, level, org_code and the fields' columns). */
export function ambsysFormat(layout: AmbsysLayout): ValuesFormat {
  const fields = ambsysFields.map((f) => [f, layout.fieldColumns[f]] as const);
  const columns = [
    "period",
    "level",
    "org_code",
    ...(layout.otherColumns ?? []),
    ...fields.map(([, col]) => col),
  ];
  return rowFormat<string, AmbsysState>({
    id: layout.id,
    ...(layout.source ? { source: layout.source } : {}),
    description: layout.description,
    columns,
    state: () => ({ partial: new Set(), aggregates: [] }),
    map(row, c, values, state) {
      const date = row.date(c.period!);
      const level = row.text(c.level).toLowerCase();
      if (!LEVELS.has(level)) row.problem(c.level, row.text(c.level), NOT_AN_AMBSYS_LEVEL);
      const orgCode = level === "england" ? ENGLAND : row.orgCode(c.org_code!);
      const cells = {} as Record<AmbsysField, number | null>;
      for (const [field, col] of fields) cells[field] = row.num(c[col]);
      if (row.bad || !date || !orgCode) return;
      const period = date.slice(0, 8) + "01";
      const readings = ambsysFigures.map((f) => read(f, cells));
      if (level === "trust") {
        const region = layout.regionOf(row, c, orgCode);
        for (const r of readings) {
          emit(values, orgCode, period, r, row.line);
          if (r.status === "reported") continue;
          state.partial.add(key(period, ENGLAND, r.figure.metricId));
          state.partial.add(key(period, region ?? ANY_REGION, r.figure.metricId));
        }
      } else {
        state.aggregates.push({
          orgCode,
          region: level === "england" ? null : orgCode,
          period,
          line: row.line,
          readings,
        });
      }
    },
    finish(values, state) {
      for (const a of state.aggregates)
        for (const r of a.readings) {
          const partial = r.status === "reported" && isPartial(state, a, r.figure.metricId);
          emit(
            values,
            a.orgCode,
            a.period,
            partial ? { ...r, status: "missing", numerator: null, denominator: null } : r,
            a.line,
          );
        }
    },
  });
}
