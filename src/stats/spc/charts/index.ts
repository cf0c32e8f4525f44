import type { ChartDefinition, ChartType } from "./chartDefinition.js";
import { cChart } from "./count.js";
import { mrChart } from "./mr.js";
import { pChart, pPrimeChart } from "./proportion.js";
import { uChart, uPrimeChart } from "./rate.js";
import { gChart, tChart } from "./rareEvents.js";
import { runChart } from "./run.js";
import { xmrChart } from "./xmr.js";

export type { ChartData, ChartDefinition, ChartType } from "./chartDefinition.js";
export { CHART_TYPES } from "./chartDefinition.js";

export const CHARTS: Readonly<Record<ChartType, ChartDefinition>> = {
  xmr: xmrChart,
  run: runChart,
  mr: mrChart,
  p: pChart,
  pp: pPrimeChart,
  u: uChart,
  up: uPrimeChart,
  c: cChart,
  g: gChart,
  t: tChart,
};
