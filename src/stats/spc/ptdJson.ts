import type { SpcResult } from "./types.js";

/** One point in NHSRplotthedots' vocabulary (snake_case), as compared by spc-cases/compare.mjs. */
export interface PtdJsonPoint {
  date: string;
  value: number | null;
  rebase_group: number;
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  near_lpl: number | null;
  near_upl: number | null;
  outside_limits: boolean | null;
  relative_to_mean: number | null;
  close_to_limits: boolean | null;
  special_cause_type: string;
  special_cause_flag: boolean;
  point_type: string;
  trajectory: number | null;
  target: number | null;
}

export interface PtdJson {
  points: PtdJsonPoint[];
  summary: {
    n: number;
    variation_type: string;
    variation_icon: string;
    assurance_type: string | null;
    assurance_icon: string | null;
    last_mean: number | null;
    last_lpl: number | null;
    last_upl: number | null;
    n_special_cause: number;
    short_group_warning: boolean;
  };
  groups: Record<string, unknown>[];
  warnings: string[];
  suggested_rebase_points: Record<string, unknown>[];
}

/**
 * The result in the shape of NHSRplotthedots' output (the shape documented at the top of
 * spc-cases/compare.mjs, with every optional field): points in date order, undefined limits as
 * null. `JSON.stringify(toPtdJson(result))` is what `improve spc --format json` prints.
 */
export function toPtdJson(result: SpcResult): PtdJson {
  const s = result.summary;
  return {
    points: result.points.map((p) => ({
      date: p.date,
      value: p.value,
      rebase_group: p.group,
      mean: p.mean,
      lpl: p.lpl,
      upl: p.upl,
      near_lpl: p.nearLpl,
      near_upl: p.nearUpl,
      outside_limits: p.outsideLimits,
      relative_to_mean: p.relativeToMean,
      close_to_limits: p.closeToLimits,
      special_cause_type: p.specialCauseType,
      special_cause_flag: p.specialCauseFlag,
      point_type: p.pointType,
      trajectory: p.trajectory,
      target: p.target,
    })),
    summary: {
      n: s.n,
      variation_type: s.variationType,
      variation_icon: s.variationIcon,
      assurance_type: s.assuranceType,
      assurance_icon: s.assuranceIcon,
      last_mean: s.lastMean,
      last_lpl: s.lastLpl,
      last_upl: s.lastUpl,
      n_special_cause: s.nSpecialCause,
      short_group_warning: s.shortGroupWarning,
    },
    groups: result.groups.map((g) => ({
      rebase_group: g.group,
      first_date: g.firstDate,
      last_date: g.lastDate,
      n: g.n,
      n_observed: g.nObserved,
      mean: g.mean,
      lpl: g.lpl,
      upl: g.upl,
      ...Object.fromEntries(Object.entries(g.counts)),
      variation_type: g.variationType,
      trial_limits: g.trialLimits,
    })),
    warnings: result.warnings.map((w) => w.message),
    suggested_rebase_points: result.suggestedRebasePoints.map((r) => ({
      date: r.date,
      last_date: r.lastDate,
      rebase_group: r.group,
      direction: r.direction,
      length: r.length,
      reason: r.reason,
    })),
  };
}
