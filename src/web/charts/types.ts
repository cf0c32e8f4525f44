/** What every chart function returns. */

export type TableCell = string | number | null;

export interface ChartTable {
  caption: string;
  head: string[];
  /** Display text (already formatted); null shows as an empty cell. */
  rows: TableCell[][];
  /** Per column: right-align as a number. */
  numeric: boolean[];
}

export interface LegendItem {
  label: string;
  /** A small decorative SVG (aria-hidden) showing the line or marker. */
  swatch: string;
}

export interface Chart {
  /** The id used for the SVG's title and description and for the figure (safe for attributes). */
  id: string;
  /** The complete `<svg>` element, drawn for wide screens (the one downloaded as SVG). */
  svg: string;
  /**
   * The chart as a file of its own, when it needs what the page says beside it: the SPC chart's
   * numbered break labels written under the plot (a downloaded SVG has no page around it).
   * Absent: the download is `svg`.
   */
  downloadSvg?: string;
  /** The same chart drawn for narrow screens (decision 0011); the page shows one of the two. */
  compactSvg: string;
  title: string;
  /** One sentence computed from the data, e.g. "Special cause improvement since March 2024; consistently passing the 78% target". */
  takeaway: string;
  /** The same data as a table, for people who cannot see the chart and for those who prefer numbers. */
  table: ChartTable;
  /** The same data as CSV (raw values, ISO dates), for download. */
  csv: string;
  legend: LegendItem[];
  /** Notes about marked points (e.g. data-quality flags), shown under the chart. */
  footnotes: string[];
}

/**
 * Height of the wide drawing in SVG user units (the compact one is a little shorter). Widths are
 * the layouts' (frame.ts, decision 0011); the SVG scales to its container's width.
 */
export interface ChartSize {
  height?: number;
}
