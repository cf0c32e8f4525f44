import type { ChartData, ChartDefinition } from "./charts/chartDefinition.js";
import { applyRules } from "./rules.js";
import type { RuleSettings } from "./types.js";
import type { SpcWorkspace } from "./workspace.js";
import { xmrLinesAt } from "./xmrLimits.js";

/** Resolved options of the low-level kernel: plain numbers and booleans only. */
export interface KernelOptions extends RuleSettings {
  /** Limits from the first k points of each group (0 = all points). */
  fixAfterNPoints: number;
  screenOutliers: boolean;
}

/**
 * The fast path: XmR limits, rules and classification for one series of `n` observed values in
 * date order, split into rebase groups starting at `groupStarts[0..groupCount)` (the first is 0;
 * an empty group, start equal to the next start, is allowed). Writes into `ws`, allocates nothing.
 */
export function analyseXmrKernel(
  y: Float64Array,
  n: number,
  groupStarts: ArrayLike<number>,
  groupCount: number,
  options: KernelOptions,
  ws: SpcWorkspace,
): void {
  const fix = options.fixAfterNPoints;
  for (let g = 0; g < groupCount; g++) {
    const start = groupStarts[g]!;
    const end = g + 1 < groupCount ? groupStarts[g + 1]! : n;
    if (end <= start) continue;
    const baselineEnd = fix > 0 && start + fix < end ? start + fix : end;
    // The lines of the group's first point; the rules' pass copies them to the other points.
    xmrLinesAt(y, start, baselineEnd, options.screenOutliers, ws);
    applyRules(y, start, end, options, ws, true);
  }
}

/**
 * The same for any chart type: the chart definition supplies the centre and limits. (The XmR
 * kernel above is this loop specialised on purpose: a direct call to the XmR limits instead of a
 * call through the chart definition, on the path that analyses every series in the country.)
 */
export function analyseChartKernel(
  chart: ChartDefinition,
  data: ChartData,
  n: number,
  groupStarts: ArrayLike<number>,
  groupCount: number,
  options: KernelOptions,
  ws: SpcWorkspace,
): void {
  const fix = options.fixAfterNPoints;
  for (let g = 0; g < groupCount; g++) {
    const start = groupStarts[g]!;
    const end = g + 1 < groupCount ? groupStarts[g + 1]! : n;
    if (end <= start) continue;
    const baselineEnd = fix > 0 && start + fix < end ? start + fix : end;
    chart.limitsInto(data, start, end, baselineEnd, options.screenOutliers, ws);
    applyRules(data.value, start, end, options, ws, chart.constantLimits);
  }
}
