/**
 * Server-built SVG charts: pure functions from typed data to `Chart` (SVG, title, takeaway,
 * table, CSV, legend). See docs/web.md.
 */
export type { Chart, ChartTable, LegendItem, TableCell, ChartSize } from "./types.js";
export {
  spcChart,
  spcTakeaway,
  specialCauseSince,
  specialCauseText,
  pointVariationText,
  type SpcChartOptions,
  type SpcTakeawayOptions,
} from "./spc.js";
export {
  mdcVariationIcon,
  mdcAssuranceIcon,
  variationIconText,
  assuranceIconText,
  type IconOptions,
} from "./icons.js";
export { sparkline, type SparklineOptions } from "./sparkline.js";
export {
  benchmarkBars,
  rankPeers,
  type BenchmarkDatum,
  type BenchmarkOptions,
  type RankedDatum,
} from "./benchmark.js";
export {
  funnelPlot,
  funnelLimits,
  funnelPosition,
  type FunnelDatum,
  type FunnelOptions,
  type FunnelPosition,
} from "./funnel.js";
export { lineChart, seriesStyles, type LineSeries, type LineChartOptions } from "./line.js";
export { figureHtml, tableHtml, type FigureOptions } from "./figure.js";
export {
  formatValue,
  formatLevel,
  formatTick,
  formatForUnit,
  periodLabel,
  periodAxisLabel,
  type ValueFormat,
} from "./format.js";
export { toCsv } from "./csv.js";
export { niceTicks, thinLabels, esc } from "./svg.js";
