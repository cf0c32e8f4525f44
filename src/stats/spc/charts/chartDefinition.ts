import type { SpcWorkspace } from "../workspace.js";

/** The chart types the engine draws. "xmr" is the Making Data Count default. */
export type ChartType = "xmr" | "run" | "mr" | "p" | "pp" | "u" | "up" | "c" | "g" | "t";

export const CHART_TYPES: readonly ChartType[] = [
  "xmr",
  "run",
  "mr",
  "p",
  "pp",
  "u",
  "up",
  "c",
  "g",
  "t",
];

/**
 * Observed points of one series, compacted (missing values removed) and in date order. `value`
 * is what is plotted: the value itself, or numerator / denominator for p and u charts, or the
 * moving range for the mR chart.
 */
export interface ChartData {
  value: Float64Array;
  numerator: Float64Array;
  denominator: Float64Array;
}

/** One chart type: what it needs from a row and how it computes a group's centre and limits. */
export interface ChartDefinition {
  readonly chart: ChartType;
  readonly title: string;
  /** Rows carry numerator and denominator instead of a value (p, p', u, u'). */
  readonly usesDenominator: boolean;
  /** Limits are the same for every point of a group (false for p and u charts). */
  readonly constantLimits: boolean;
  /** Why a plotted value is impossible for this chart, or null (e.g. a negative count). */
  checkValue(value: number, numerator: number, denominator: number): string | null;
  /**
   * Writes centre, limits and 2-sigma lines for the group [start, end) into the workspace, using
   * the baseline [start, baselineEnd).
   */
  limitsInto(
    data: ChartData,
    start: number,
    end: number,
    baselineEnd: number,
    screen: boolean,
    ws: SpcWorkspace,
  ): void;
}

/** Fills the workspace's lines for [start, end) with constant values. */
export function fillLines(
  ws: SpcWorkspace,
  start: number,
  end: number,
  centre: number,
  lpl: number,
  upl: number,
  nearLpl: number,
  nearUpl: number,
): void {
  ws.centre.fill(centre, start, end);
  ws.lpl.fill(lpl, start, end);
  ws.upl.fill(upl, start, end);
  ws.nearLpl.fill(nearLpl, start, end);
  ws.nearUpl.fill(nearUpl, start, end);
}
