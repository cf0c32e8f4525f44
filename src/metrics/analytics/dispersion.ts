/**
 * The overdispersion a group's funnel allows for, estimated once over every comparable provider
 * and reused by every group drawn from them (issue 11, defect 6).
 *
 * Spiegelhalter's φ and τ² (src/stats/funnel.ts funnelDispersion) say how much providers differ
 * beyond sampling error. Estimated inside whatever group a page selects (a custom group of 3, a
 * recommended group of 11), they rest on winsorising a handful of z-scores: the funnel of the
 * same trust against the same peers then changes with who else happens to be in the group. So
 * the population is fixed by the data, not the selection: every provider of the group's kinds
 * (acute trusts for a group of acute trusts) that reports the metric's numerator and denominator
 * in the period, its pooled Σx ÷ Σn as target. The group's funnel then widens its own limits
 * (around its own Σx ÷ Σn) by that τ², when the test says the population is overdispersed.
 *
 * No minimum is set beyond the {@link MIN_DISPERSION_UNITS} the estimate needs: a population is
 * every comparable provider there is, so nothing larger can stand in for it, and a simulation
 * (docs/statistics.md) shows the adjusted funnel's false alarms do not grow as the population
 * shrinks (about 1.1% of units at 99.8% from 8 to 140 providers, set by the winsorising, not by
 * N), whereas dropping the allowance for a small population (community trusts on A&E: 12) would
 * flag nearly every provider whenever they differ beyond sampling error. The note says how many
 * providers the estimate rests on.
 */
import { isProviderKind, providerKinds, type ProviderKind } from "../organisations.js";
import * as st from "./stats.js";
import type { FunnelDispersion, MetricAnalysis, VersionState } from "./model.js";

/**
 * Fewest comparable providers φ and τ² are estimated from: with 2, winsorising at the 10th and
 * 90th percentiles pulls both z-scores to within 80% of their gap, and the test has 1 degree of
 * freedom.
 */
export const MIN_DISPERSION_UNITS = 3;

/** The provider kinds among a group's member rows, in the catalogue order of kinds. */
function kindsOf(s: VersionState, a: MetricAnalysis, rows: Int32Array): ProviderKind[] {
  const present = new Set<string>();
  for (const r of rows) {
    const kind = s.orgByCode.get(a.matrix.orgCodes[r]!)?.kind;
    if (kind) present.add(kind);
  }
  return providerKinds.filter((k) => present.has(k));
}

/**
 * φ, τ² and the overdispersion test over every provider of the group's kinds reporting the
 * metric in period p (cached on the analysis: each metric, period and set of kinds once).
 */
export function populationDispersion(
  s: VersionState,
  a: MetricAnalysis,
  kind: "proportion" | "rate",
  rows: Int32Array,
  p: number,
): FunnelDispersion {
  const kinds = kindsOf(s, a, rows);
  const key = `${p}|${kinds.join(",")}`;
  const hit = a.dispersion.get(key);
  if (hit) return hit;
  const wanted = new Set<string>(kinds);
  const x: number[] = [];
  const d: number[] = [];
  for (const r of a.providerRows) {
    const org = s.orgByCode.get(a.matrix.orgCodes[r]!);
    if (!org || !isProviderKind(org.kind) || !wanted.has(org.kind)) continue;
    const cell = r * a.periodCount + p;
    x.push(a.matrix.numerator[cell]!);
    d.push(a.matrix.denominator[cell]!);
  }
  const od = st.funnelDispersion(x, d, { measure: kind });
  const tooFew = od.count < MIN_DISPERSION_UNITS;
  const applied = !tooFew && od.adjusted;
  const result: FunnelDispersion = {
    status: tooFew ? "too_few" : applied ? "adjusted" : "not_significant",
    applied,
    phi: tooFew ? NaN : od.phi,
    tau2: applied ? od.tau2 : 0,
    statistic: tooFew ? NaN : od.statistic,
    pValue: tooFew ? NaN : od.pValue,
    population: od.count,
    kinds,
    // What the funnel is given: never widened from a population too small to estimate.
    estimate: applied ? od : { ...od, adjusted: false, tau2: 0 },
  };
  a.dispersion.set(key, result);
  return result;
}
