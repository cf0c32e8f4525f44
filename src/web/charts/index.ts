/**
 * Server-built SVG charts: pure functions from typed data to `Chart` (SVG, title, takeaway,
 * table, CSV, legend). See docs/web.md.
 */
export type { Chart } from "./types.js";
export { spcChart, spcTakeaway, specialCauseSince } from "./spc.js";
export {
  mdcVariationIcon,
  mdcAssuranceIcon,
  variationIconText,
  assuranceIconText,
} from "./icons.js";
export { sparkline } from "./sparkline.js";
export { benchmarkBars, rankPeers, type BenchmarkDatum } from "./benchmark.js";
export { funnelPlot, funnelLimits, type FunnelDatum } from "./funnel.js";
export { lineChart, type LineSeries } from "./line.js";
export { figureHtml } from "./figure.js";
export { niceTicks, thinLabels } from "./svg.js";
