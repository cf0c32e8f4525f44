/**
 * Statistical process control (SPC): the NHS "Making Data Count" XmR method, compatible with
 * NHSRplotthedots 0.2.2, plus run, mR, p, p', u, u', c, g and t charts. See docs/spc.md.
 *
 * Friendly API: `analyseSpc` / `analyseXmr` (objects in, `SpcResult` out) and `toPtdJson`.
 * Fast API: `analyseXmrKernel` / `analyseChartKernel` writing codes into a preallocated
 * `SpcWorkspace`, for bulk analysis without per-point allocation.
 */
export { analyseSpc, analyseXmr } from "./analyse.js";
export { toPtdJson, type PtdJson, type PtdJsonPoint } from "./ptdJson.js";
export { resolveOptions } from "./options.js";
export type * from "./types.js";
export {
  CHARTS,
  CHART_TYPES,
  type ChartType,
  type ChartDefinition,
  type ChartData,
} from "./charts/index.js";
export {
  SpecialCause,
  PointTypeCode,
  RuleBit,
  Tri,
  POINT_TYPES,
  SPECIAL_CAUSE_KINDS,
  specialCauseLabel,
  specialCauseDirection,
  directionSign,
  type ImprovementDirection,
  type PointType,
  type SpecialCauseKind,
} from "./codes.js";
export { analyseXmrKernel, analyseChartKernel, type KernelOptions } from "./kernel.js";
export { applyRules } from "./rules.js";
export { createWorkspace, type SpcWorkspace } from "./workspace.js";
export { xmrLimitsInto, averageMovingRange } from "./xmrLimits.js";
export { meanOf, meanOfRange, medianOfRange } from "./accurateMean.js";
export {
  assuranceCode,
  assuranceType,
  assuranceIcon,
  variationIcon,
  pointTypeName,
  AssuranceCode,
  type AssuranceIcon,
  type AssuranceType,
  type VariationIcon,
} from "./summary.js";
export { suggestRebasePoints } from "./rebaseSuggestions.js";
export * as spcConstants from "./constants.js";
