/**
 * The analytics engine behind src/metrics/service.ts. Everything is computed in memory from the
 * store's dense matrices (typed arrays) and cached per data version:
 *
 * - per metric (`MetricAnalysis`): the matrix, England's aggregate for every period, every
 *   organisation's SPC summary (fast kernel) and recent trend;
 * - per metric, group and period (`GroupPeriod`): the distribution (type 7 quantiles), the group
 *   aggregate, 95% / 99.8% intervals, funnel positions, comparisons and opportunities of every
 *   member, as typed arrays.
 *
 * Result objects for one organisation are assembled from those arrays on request. docs/benchmarking.md
 * describes the methods.
 */
import { NotFoundError, UsageError } from "../../errors.js";
import type { MetricDefinition } from "../catalogue/types.js";
import { parseGroupRef } from "../group-ref.js";
import type { AnalyticsServiceOptions } from "../service.js";
import {
  analyseSpc,
  assuranceIcon,
  assuranceType,
  createWorkspace,
  pointTypeName,
  PointTypeCode,
  variationIcon,
  type PointType,
  type SpcResult,
} from "../../stats/spc/index.js";
import {
  directionSignOf,
  formatNumber,
  formatValue,
  metricInfo,
  ordinal,
  perPeriodText,
  periodTypeOf,
  spcDirectionOf,
  targetInForce,
} from "./metric-info.js";
import {
  DEFAULT_PEER_COUNT,
  featureMeans,
  recommendPeers,
  SIMILARITY_FEATURES,
  SIMILARITY_METHOD,
} from "./peers.js";
import {
  aggregateColumn,
  analyseAllSeries,
  isRatioAggregation,
  latestWellReportedPeriod,
  NOT_ANALYSED,
  orNull,
  type SeriesSummaries,
} from "./series.js";
import * as st from "./stats.js";
import type {
  AnalyticsStore,
  Benchmark,
  BenchmarkBars,
  ChangeSinceBaseline,
  CompareResult,
  ComparisonItem,
  ComparisonOutcome,
  ConfidenceInterval,
  DashboardMetric,
  DistributionSummary,
  FunnelPosition,
  FunnelResult,
  GroupAggregate,
  GroupInfo,
  GroupRefText as GroupRef,
  HighlightedMetric,
  Improver,
  MetricDetail,
  MetricInfo,
  MetricMatrix,
  MetricNational,
  OpportunitiesResult,
  Opportunity,
  OpportunityBenchmark,
  OrganisationDashboard,
  OrganisationInfo,
  OrgPeriodValue,
  PrecomputeReport,
  QuartilePosition,
  RankInfo,
  RecentTrendResult,
  RecommendedPeersResult,
  SpcSummaryInfo,
  TargetInfo,
  TrendInfo,
} from "./types.js";

export const PROVIDER_KINDS: ReadonlySet<string> = new Set([
  "acute_trust",
  "ambulance_trust",
  "mental_health_trust",
  "community_trust",
]);
const SPARKLINE_POINTS = 24;
const TREND_POINTS = 5;
const BASELINE_LAG = 12;
const VERSION_CHECK_MS = 1000;
const TIE_METHOD =
  'competition ranking ("1224"): tied organisations share the best rank of the tie; the next rank skips';

// Outcome codes kept in typed arrays.
const OUT_NONE = 0;
const OUT_LOWER = 1;
const OUT_SIMILAR = 2;
const OUT_HIGHER = 3;
// Funnel position codes.
const POS_NONE = 0;
const POS_INSIDE = 1;
const POS_ABOVE = 2;
const POS_BELOW = 3;
// Recent trend markers.
const TREND_CANNOT = 0;
const TREND_UP = 1;
const TREND_DOWN = 2;
const TREND_FLAT = 3;

interface MetricAnalysis {
  def: MetricDefinition;
  info: MetricInfo;
  matrix: MetricMatrix;
  P: number;
  row: Map<string, number>;
  /** Matrix rows of NHS providers (regions, ICBs and England rows never count as peers). */
  providerRows: Int32Array;
  ratio: boolean;
  latestPeriod: number;
  england: {
    numerator: Float64Array;
    denominator: Float64Array;
    value: Float64Array;
    reporting: Int32Array;
  };
  series: SeriesSummaries;
  trendMarker: Uint8Array;
  trendSlope: Float64Array;
  trendChi: Float64Array;
  groups: Map<string, GroupPeriod>;
}

/** One metric × group × period: everything about every member, in typed arrays indexed by member. */
interface GroupPeriod {
  key: string;
  group: GroupInfo;
  p: number;
  /** Member rows present in the matrix (providers only). */
  rows: Int32Array;
  /** Index into `rows` by matrix row, −1 when not a member. */
  memberOf: Int32Array;
  sorted: Float64Array;
  reporting: number;
  distribution: DistributionSummary;
  aggregate: GroupAggregate;
  lo95: Float64Array;
  hi95: Float64Array;
  lo998: Float64Array;
  hi998: Float64Array;
  funnel: FunnelComputation | null;
  /** vs the opportunity benchmark, per member. */
  oppAmount: Float64Array;
  oppBenchmark: number;
  oppKind: OpportunityBenchmark;
  score: Float64Array;
  eligible: Uint8Array;
  ciVsBenchmark: Uint8Array;
}

interface FunnelComputation {
  kind: "proportion" | "rate";
  p0: number;
  /** Display-unit benchmark. */
  benchmark: number;
  od: st.Overdispersion;
  requested: boolean;
  n: number;
  position95: Uint8Array;
  position998: Uint8Array;
  lo95: Float64Array;
  hi95: Float64Array;
  lo998: Float64Array;
  hi998: Float64Array;
}

interface VersionState {
  version: string;
  orgs: readonly OrganisationInfo[];
  orgByCode: Map<string, OrganisationInfo>;
  defs: Map<string, MetricDefinition>;
  groupNames: Map<string, string>;
  analyses: Map<string, Promise<MetricAnalysis | null>>;
  members: Map<string, Promise<readonly string[]>>;
  peers: Map<string, RecommendedPeersResult>;
  precomputed: PrecomputeReport | null;
}

export class AnalyticsEngine {
  private state: Promise<VersionState> | null = null;
  private stateVersion: string | null = null;
  private checkedAt = 0;
  private readonly oppKind: OpportunityBenchmark;
  private readonly peerCount: number;
  private readonly overdispersionDefault: boolean;
  private readonly spcScratch = { ws: createWorkspace(256), y: new Float64Array(256) };

  constructor(
    private readonly store: AnalyticsStore,
    options: AnalyticsServiceOptions,
  ) {
    this.oppKind = options.opportunityBenchmark ?? "upper_quartile";
    this.peerCount = options.recommendedPeers ?? DEFAULT_PEER_COUNT;
    this.overdispersionDefault = options.overdispersion ?? true;
  }

  // -------------------------------------------------------------------------------------------
  // Versioned state
  // -------------------------------------------------------------------------------------------

  async currentVersion(): Promise<string> {
    return (await this.current()).version;
  }

  private async current(): Promise<VersionState> {
    const now = Date.now();
    if (this.state && now - this.checkedAt < VERSION_CHECK_MS) return this.state;
    const version = await this.store.dataVersion();
    this.checkedAt = Date.now();
    if (!this.state || version !== this.stateVersion) {
      this.stateVersion = version;
      this.state = this.loadState(version);
      this.state.catch(() => {
        this.state = null;
        this.stateVersion = null;
      });
    }
    return this.state;
  }

  private async loadState(version: string): Promise<VersionState> {
    const [orgs, defs, groups] = await Promise.all([
      this.store.organisations(),
      this.store.metricDefinitions(),
      this.store.peerGroups(),
    ]);
    return {
      version,
      orgs,
      orgByCode: new Map(orgs.map((o) => [o.orgCode, o])),
      defs: new Map(defs.map((d) => [d.id, d])),
      groupNames: new Map(groups.map((g) => [g.peerGroupId, g.name])),
      analyses: new Map(),
      members: new Map(),
      peers: new Map(),
      precomputed: null,
    };
  }

  private organisation(s: VersionState, orgCode: string): OrganisationInfo {
    const org = s.orgByCode.get(orgCode.trim().toUpperCase());
    if (!org) throw new NotFoundError(`No organisation "${orgCode}"`);
    return org;
  }

  private definition(s: VersionState, metricId: string): MetricDefinition {
    const def = s.defs.get(metricId);
    if (!def) throw new NotFoundError(`No metric "${metricId}"`);
    return def;
  }

  private async analysis(
    s: VersionState,
    metricId: string,
    preloaded?: MetricMatrix,
  ): Promise<MetricAnalysis | null> {
    let a = s.analyses.get(metricId);
    if (!a) {
      const def = this.definition(s, metricId);
      a = (async () => {
        const matrix = preloaded ?? (await this.store.loadMetric(metricId, periodTypeOf(def)));
        return matrix.orgCodes.length === 0 ? null : this.analyse(s, def, matrix);
      })();
      s.analyses.set(metricId, a);
    }
    return a;
  }

  private async analysisOrThrow(s: VersionState, metricId: string): Promise<MetricAnalysis> {
    const a = await this.analysis(s, metricId);
    if (!a) throw new NotFoundError(`No values for metric "${metricId}"`);
    return a;
  }

  /** Country-wide pass over one metric: England series, every SPC summary, every recent trend. */
  private analyse(s: VersionState, def: MetricDefinition, matrix: MetricMatrix): MetricAnalysis {
    const P = matrix.periods.length;
    const O = matrix.orgCodes.length;
    const row = new Map(matrix.orgCodes.map((c, i) => [c, i]));
    const provider: number[] = [];
    for (let o = 0; o < O; o++) {
      const org = s.orgByCode.get(matrix.orgCodes[o]!);
      if (org && PROVIDER_KINDS.has(org.kind)) provider.push(o);
    }
    const providerRows = Int32Array.from(provider);
    const ratio = isRatioAggregation(def.aggregation);
    const england = {
      numerator: new Float64Array(P),
      denominator: new Float64Array(P),
      value: new Float64Array(P),
      reporting: new Int32Array(P),
    };
    for (let p = 0; p < P; p++) {
      const agg =
        def.aggregation === "not_aggregable"
          ? null
          : aggregateColumn(matrix, providerRows, p, ratio, def.multiplier);
      england.numerator[p] = agg?.numerator ?? NaN;
      england.denominator[p] = agg?.denominator ?? NaN;
      england.value[p] = agg?.value ?? NaN;
      england.reporting[p] = agg?.reporting ?? 0;
    }
    const sign = directionSignOf(def);
    const targets = new Float64Array(P);
    for (let p = 0; p < P; p++) targets[p] = targetInForce(def, matrix.periods[p]!)?.value ?? NaN;
    if (this.spcScratch.ws.capacity < P) {
      this.spcScratch.ws = createWorkspace(P);
      this.spcScratch.y = new Float64Array(P);
    }
    const series = analyseAllSeries(matrix, sign, (p) => targets[p]!, this.spcScratch);
    const a: MetricAnalysis = {
      def,
      info: metricInfo(def),
      matrix,
      P,
      row,
      providerRows,
      ratio,
      latestPeriod: latestWellReportedPeriod(
        matrix,
        providerRows.length > 0 ? providerRows : Int32Array.from(matrix.orgCodes.keys()),
      ),
      england,
      series,
      trendMarker: new Uint8Array(O),
      trendSlope: new Float64Array(O).fill(NaN),
      trendChi: new Float64Array(O).fill(NaN),
      groups: new Map(),
    };
    this.recentTrends(a);
    return a;
  }

  // -------------------------------------------------------------------------------------------
  // Intervals and trends
  // -------------------------------------------------------------------------------------------

  /** Interval of one cell in display units, or false when none applies. */
  private cellInterval(
    a: MetricAnalysis,
    cell: number,
    z: number,
    out: st.Limits,
  ): st.Limits | null {
    const m = a.matrix;
    const mult = a.def.multiplier;
    switch (a.info.intervalKind) {
      case "proportion": {
        const x = m.numerator[cell]!;
        const n = m.denominator[cell]!;
        if (!(n > 0) || !(x >= 0) || x > n) return null;
        const l = st.wilson(x, n, z);
        out.lower = l.lower * mult;
        out.upper = l.upper * mult;
        return out;
      }
      case "rate": {
        const x = m.numerator[cell]!;
        const d = m.denominator[cell]!;
        if (!(d > 0) || !(x >= 0)) return null;
        const l = st.poissonCount(x, z);
        out.lower = (l.lower / d) * mult;
        out.upper = (l.upper / d) * mult;
        return out;
      }
      case "count": {
        const x = m.value[cell]!;
        if (!(x >= 0)) return null;
        const l = st.poissonCount(x, z);
        out.lower = l.lower;
        out.upper = l.upper;
        return out;
      }
      default:
        return null;
    }
  }

  private intervalMethod(a: MetricAnalysis, cell: number): ConfidenceInterval["method"] {
    if (a.info.intervalKind === "proportion") return "wilson";
    const x = a.info.intervalKind === "rate" ? a.matrix.numerator[cell]! : a.matrix.value[cell]!;
    return x >= 10 ? "byar" : "exact_poisson";
  }

  private ci(a: MetricAnalysis, cell: number, level: 95 | 99.8): ConfidenceInterval | null {
    const l = this.cellInterval(a, cell, level === 95 ? st.Z95 : st.Z998, {
      lower: NaN,
      upper: NaN,
    });
    return l
      ? { level, lower: l.lower, upper: l.upper, method: this.intervalMethod(a, cell) }
      : null;
  }

  /** Fingertips recent trend for every organisation (last 5 points with intervals). */
  private recentTrends(a: MetricAnalysis): void {
    if (a.info.intervalKind === "none") return;
    const { P } = a;
    const vals = new Float64Array(TREND_POINTS);
    const lo = new Float64Array(TREND_POINTS);
    const hi = new Float64Array(TREND_POINTS);
    const lim = { lower: NaN, upper: NaN };
    for (let o = 0; o < a.matrix.orgCodes.length; o++) {
      // The last 5 consecutive periods ending at the organisation's latest value.
      const last = a.series.latest[o]!;
      if (last < TREND_POINTS - 1) continue;
      let k = 0;
      for (let p = last - TREND_POINTS + 1; p <= last; p++) {
        const cell = o * P + p;
        const v = a.matrix.value[cell]!;
        if (!(v === v) || !this.cellInterval(a, cell, st.Z95, lim)) break;
        vals[k] = v;
        lo[k] = lim.lower;
        hi[k] = lim.upper;
        k++;
      }
      if (k < TREND_POINTS) continue;
      const t = st.recentTrend(vals, lo, hi, TREND_POINTS);
      a.trendMarker[o] =
        t.marker === "increasing"
          ? TREND_UP
          : t.marker === "decreasing"
            ? TREND_DOWN
            : t.marker === "no_significant_change"
              ? TREND_FLAT
              : TREND_CANNOT;
      a.trendSlope[o] = t.slope;
      a.trendChi[o] = t.chiSquare;
    }
  }

  private recentTrendResult(a: MetricAnalysis, o: number): RecentTrendResult {
    const marker = a.trendMarker[o]!;
    const last = a.series.latest[o]!;
    const periods =
      marker === TREND_CANNOT || last < 0
        ? []
        : a.matrix.periods.slice(last - TREND_POINTS + 1, last + 1);
    const sign = directionSignOf(a.def);
    if (marker === TREND_CANNOT) {
      const why =
        a.info.intervalKind === "none"
          ? "no confidence interval applies to this metric"
          : "fewer than 5 consecutive points with intervals";
      return {
        marker: "cannot_be_calculated",
        direction: null,
        text: `Recent trend cannot be calculated: ${why}.`,
        periods,
        slope: null,
        chiSquare: null,
      };
    }
    const slope = orNull(a.trendSlope[o]!);
    const chiSquare = orNull(a.trendChi[o]!);
    if (marker === TREND_FLAT) {
      return {
        marker: "no_significant_change",
        direction: null,
        text: "No significant change over the last 5 periods.",
        periods,
        slope,
        chiSquare,
      };
    }
    const up = marker === TREND_UP;
    const direction =
      sign === 0 ? null : (up ? 1 : -1) === sign ? "getting_better" : "getting_worse";
    const text = `${up ? "Increasing" : "Decreasing"}${direction ? ` and ${direction === "getting_better" ? "getting better" : "getting worse"}` : ""} over the last 5 periods (χ² = ${formatNumber(chiSquare ?? NaN, 2)} > 9.5495, 99.8%).`;
    return { marker: up ? "increasing" : "decreasing", direction, text, periods, slope, chiSquare };
  }

  private spcSummary(a: MetricAnalysis, o: number): SpcSummaryInfo | null {
    const code = a.series.pointType[o]!;
    if (code === NOT_ANALYSED) return null;
    const latest = a.series.latest[o]!;
    const period = a.matrix.periods[latest]!;
    const dir = spcDirectionOf(a.def);
    const variationType = pointTypeName(code);
    const assurance = a.series.assurance[o]!;
    const target = targetInForce(a.def, period);
    return {
      n: a.series.n[o]!,
      latestPeriod: period,
      variationType,
      variationIcon: variationIcon(variationType, dir),
      variationText: variationText(variationType),
      assuranceType: assuranceType(assurance),
      assuranceIcon: assuranceIcon(assurance),
      assuranceText: assuranceText(assurance, target, a.def),
      target,
      mean: orNull(a.series.mean[o]!),
      lpl: orNull(a.series.lpl[o]!),
      upl: orNull(a.series.upl[o]!),
    };
  }

  /** Change from the same period a year earlier (12 periods) to the latest, with a 95% interval. */
  private changeSinceBaseline(
    a: MetricAnalysis,
    o: number,
    baselinePeriod?: string,
  ): ChangeSinceBaseline | null {
    const latest = a.series.latest[o]!;
    if (latest < 0) return null;
    const P = a.P;
    let base: number;
    if (baselinePeriod) {
      base = a.matrix.periods.indexOf(baselinePeriod);
      if (base < 0 || base >= latest) return null;
    } else {
      base =
        latest -
        (a.info.periodType === "month" ? BASELINE_LAG : a.info.periodType === "quarter" ? 4 : 1);
    }
    if (base < 0) return null;
    const v0 = a.matrix.value[o * P + base]!;
    const v1 = a.matrix.value[o * P + latest]!;
    if (!(v0 === v0) || !(v1 === v1)) return null;
    const kind = a.info.intervalKind;
    const at = (p: number) => {
      const cell = o * P + p;
      return kind === "count"
        ? { x: a.matrix.value[cell]!, n: 1 }
        : { x: a.matrix.numerator[cell]!, n: a.matrix.denominator[cell]! };
    };
    const d =
      kind === "none" ? null : st.changeInterval(kind, at(base), at(latest), a.def.multiplier);
    const diff = v1 - v0;
    const sign = directionSignOf(a.def);
    let direction: ChangeSinceBaseline["direction"] = null;
    if (d) {
      if (!d.significant) direction = "no_significant_change";
      else if (sign === 0) direction = diff > 0 ? "increasing" : "decreasing";
      else direction = Math.sign(diff) === sign ? "getting_better" : "getting_worse";
    }
    const p0 = a.matrix.periods[base]!;
    const p1 = a.matrix.periods[latest]!;
    const fmt = (x: number) => formatValue(a.def, x);
    return {
      baselinePeriod: p0,
      latestPeriod: p1,
      baselineValue: v0,
      latestValue: v1,
      difference: diff,
      lower: d ? d.lower : null,
      upper: d ? d.upper : null,
      significant: d ? d.significant : null,
      direction,
      text: d
        ? `${diff >= 0 ? "Up" : "Down"} ${formatNumber(Math.abs(diff), a.def.decimals)} since ${p0} (95% interval ${formatNumber(d.lower, a.def.decimals)} to ${formatNumber(d.upper, a.def.decimals)}): ${direction === "no_significant_change" ? "not a significant change" : (direction ?? "").replace(/_/g, " ")}.`
        : `${diff >= 0 ? "Up" : "Down"} ${formatNumber(Math.abs(diff), a.def.decimals)} since ${p0} (no interval applies to this metric).`,
      formula: `${fmt(v1)} (${p1}) − ${fmt(v0)} (${p0})`,
    };
  }

  private trendInfo(a: MetricAnalysis, o: number): TrendInfo {
    const spc = this.spcSummary(a, o);
    return {
      headline: spc ? "spc" : "recent_trend",
      spc,
      recentTrend: this.recentTrendResult(a, o),
      changeSinceBaseline: this.changeSinceBaseline(a, o),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Groups
  // -------------------------------------------------------------------------------------------

  private defaultGroup(org: OrganisationInfo): GroupRef {
    return org.kind === "acute_trust" ? "acute" : `kind:${org.kind}`;
  }

  private async resolveGroup(
    s: VersionState,
    ref: GroupRef,
  ): Promise<{ info: GroupInfo; codes: readonly string[] }> {
    let codes: readonly string[];
    let name: string;
    const providers = () => s.orgs.filter((o) => PROVIDER_KINDS.has(o.kind));
    const group = parseGroupRef(ref);
    switch (group.kind) {
      case "england":
        codes = providers().map((o) => o.orgCode);
        name = "All NHS providers in England";
        break;
      case "org_kind":
        codes = s.orgs.filter((o) => o.kind === group.orgKind).map((o) => o.orgCode);
        name = `All ${group.orgKind.replace(/_/g, " ")}s`;
        break;
      case "region":
        codes = providers()
          .filter((o) => o.regionCode === group.regionCode)
          .map((o) => o.orgCode);
        name = `NHS providers in ${s.orgByCode.get(group.regionCode)?.name ?? group.regionCode}`;
        break;
      case "icb":
        codes = providers()
          .filter((o) => o.icbCode === group.icbCode)
          .map((o) => o.orgCode);
        name = `NHS providers in ${s.orgByCode.get(group.icbCode)?.name ?? group.icbCode}`;
        break;
      case "recommended": {
        const org = this.organisation(s, group.orgCode);
        const peers = await this.recommendedIn(s, org, this.peerCount);
        codes = [org.orgCode, ...peers.peers.map((p) => p.orgCode)];
        name = `${org.name} and its ${peers.peers.length} recommended peers`;
        break;
      }
      case "orgs":
        codes = group.orgCodes;
        for (const c of codes) this.organisation(s, c);
        name = `${codes.length} chosen organisations`;
        break;
      case "network":
      case "peer_group": {
        // A network's members are its seeded peer group `network-<id>` (same rule, reference.ts).
        const id = group.kind === "network" ? `network-${group.networkId}` : group.peerGroupId;
        let known = s.groupNames.get(id);
        if (known === undefined) {
          // Perhaps created since the state was loaded (within the version-check interval).
          for (const g of await this.store.peerGroups()) s.groupNames.set(g.peerGroupId, g.name);
          known = s.groupNames.get(id);
        }
        if (known === undefined)
          throw new UsageError(
            group.kind === "network"
              ? `Unknown network "${group.networkId}"`
              : `Unknown peer group "${ref}" (a peer group id such as acute, region-Y56, icb-QMF, network-<id>, or england, kind:<kind>, recommended:<ORG>, orgs:A,B)`,
          );
        let m = s.members.get(id);
        if (!m) {
          m = this.store.groupMembers(id);
          s.members.set(id, m);
        }
        codes = await m;
        name = known;
        break;
      }
    }
    return { info: { groupRef: ref, name, members: codes.length }, codes };
  }

  /** Everything about a group's members for one metric and period (cached). */
  private async groupPeriod(
    s: VersionState,
    a: MetricAnalysis,
    ref: GroupRef,
    p: number,
    oppKind: OpportunityBenchmark,
  ): Promise<GroupPeriod> {
    const key = `${ref}|${p}|${oppKind}`;
    const hit = a.groups.get(key);
    if (hit) return hit;
    const { info, codes } = await this.resolveGroup(s, ref);
    const gp = this.computeGroupPeriod(s, a, info, codes, p, oppKind, key);
    a.groups.set(key, gp);
    return gp;
  }

  private computeGroupPeriod(
    s: VersionState,
    a: MetricAnalysis,
    info: GroupInfo,
    codes: readonly string[],
    p: number,
    oppKind: OpportunityBenchmark,
    key: string,
  ): GroupPeriod {
    const { matrix, P, def } = a;
    const O = matrix.orgCodes.length;
    const list: number[] = [];
    for (const c of codes) {
      const r = a.row.get(c);
      const org = s.orgByCode.get(c);
      if (r !== undefined && org && PROVIDER_KINDS.has(org.kind)) list.push(r);
    }
    list.sort((x, y) => x - y);
    const rows = Int32Array.from(list);
    const M = rows.length;
    const memberOf = new Int32Array(O).fill(-1);
    for (let i = 0; i < M; i++) memberOf[rows[i]!] = i;
    // Distribution of the reporting members' values.
    const sorted = new Float64Array(M);
    let reporting = 0;
    for (let i = 0; i < M; i++) {
      const v = matrix.value[rows[i]! * P + p]!;
      if (v === v) sorted[reporting++] = v;
    }
    const values = sorted.subarray(0, reporting).sort();
    const q = (x: number) => (reporting > 0 ? st.quantileSorted(values, reporting, x) : NaN);
    const period = matrix.periods[p] ?? "";
    const distribution: DistributionSummary = {
      period,
      group: info,
      reporting,
      min: reporting > 0 ? values[0]! : null,
      max: reporting > 0 ? values[reporting - 1]! : null,
      q1: orNull(q(0.25)),
      median: orNull(q(0.5)),
      q3: orNull(q(0.75)),
      deciles: reporting > 0 ? [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map(q) : [],
      quantileDefinition: st.QUANTILE_DEFINITION,
    };
    const agg =
      def.aggregation === "not_aggregable"
        ? null
        : aggregateColumn(matrix, rows, p, a.ratio, def.multiplier);
    const aggregate: GroupAggregate = this.groupAggregate(a, info, period, agg);
    // Intervals of every member.
    const lo95 = new Float64Array(M).fill(NaN);
    const hi95 = new Float64Array(M).fill(NaN);
    const lo998 = new Float64Array(M).fill(NaN);
    const hi998 = new Float64Array(M).fill(NaN);
    const lim = { lower: NaN, upper: NaN };
    for (let i = 0; i < M; i++) {
      const cell = rows[i]! * P + p;
      if (!(matrix.value[cell]! === matrix.value[cell]!)) continue;
      if (this.cellInterval(a, cell, st.Z95, lim)) {
        lo95[i] = lim.lower;
        hi95[i] = lim.upper;
      }
      if (this.cellInterval(a, cell, st.Z998, lim)) {
        lo998[i] = lim.lower;
        hi998[i] = lim.upper;
      }
    }
    const funnel = this.computeFunnel(a, rows, p, agg, this.overdispersionDefault);
    // Opportunity against the benchmark, for every member.
    const sign = directionSignOf(def);
    const oppBenchmark = this.opportunityBenchmarkValue(a, distribution, oppKind, period);
    const oppAmount = new Float64Array(M);
    const score = new Float64Array(M);
    const eligible = new Uint8Array(M);
    const ciVsBenchmark = new Uint8Array(M);
    const iqr =
      distribution.q3 !== null && distribution.q1 !== null
        ? distribution.q3 - distribution.q1
        : NaN;
    const q20 = reporting > 0 ? st.quantileSorted(values, reporting, 0.2) : NaN;
    const q80 = reporting > 0 ? st.quantileSorted(values, reporting, 0.8) : NaN;
    for (let i = 0; i < M; i++) {
      const o = rows[i]!;
      const cell = o * P + p;
      const v = matrix.value[cell]!;
      if (!(v === v) || !(oppBenchmark === oppBenchmark)) continue;
      ciVsBenchmark[i] = outcomeCode(lo95[i]!, hi95[i]!, oppBenchmark);
      if (sign === 0) continue;
      const gap = (oppBenchmark - v) * sign;
      const den = matrix.denominator[cell]!;
      if (gap > 0 && a.ratio && den > 0) oppAmount[i] = (gap / def.multiplier) * den;
      if (!(gap > 0)) continue;
      // Highlight eligibility: statistical evidence and no improvement in sight (docs/benchmarking.md).
      const worseCode = sign > 0 ? OUT_LOWER : OUT_HIGHER;
      const intervalWorse = ciVsBenchmark[i] === worseCode;
      const funnelWorse =
        funnel !== null && funnel.position998[i] === (sign > 0 ? POS_BELOW : POS_ABOVE);
      const quintileWorse = a.info.intervalKind === "none" && (sign > 0 ? v < q20 : v > q80);
      const pt = a.series.pointType[o]!;
      const concern = pt === PointTypeCode.concern;
      const improving = pt === PointTypeCode.improvement || this.trendImproving(a, o);
      const evidence = intervalWorse || funnelWorse || quintileWorse;
      if (evidence && (concern || !improving) && a.series.latest[o] === p) {
        eligible[i] = 1;
        const standardised = iqr > 0 ? gap / iqr : gap / Math.max(Math.abs(oppBenchmark), 1e-9);
        score[i] = standardised * (1 + (funnelWorse ? 0.5 : 0) + (concern ? 0.5 : 0));
      }
    }
    return {
      key,
      group: info,
      p,
      rows,
      memberOf,
      sorted: values,
      reporting,
      distribution,
      aggregate,
      lo95,
      hi95,
      lo998,
      hi998,
      funnel,
      oppAmount,
      oppBenchmark,
      oppKind,
      score,
      eligible,
      ciVsBenchmark,
    };
  }

  private trendImproving(a: MetricAnalysis, o: number): boolean {
    const sign = directionSignOf(a.def);
    const m = a.trendMarker[o]!;
    return (m === TREND_UP && sign > 0) || (m === TREND_DOWN && sign < 0);
  }

  private groupAggregate(
    a: MetricAnalysis,
    info: GroupInfo,
    period: string,
    agg: ReturnType<typeof aggregateColumn> | null,
  ): GroupAggregate {
    const def = a.def;
    if (!agg || agg.reporting === 0) {
      return {
        group: info,
        period,
        numerator: null,
        denominator: null,
        value: null,
        reporting: 0,
        ci95: null,
        formula: def.aggregation === "not_aggregable" ? "not aggregable" : "no members reported",
      };
    }
    let ci95: ConfidenceInterval | null = null;
    if (a.ratio && agg.denominator > 0) {
      if (a.info.intervalKind === "proportion" && agg.numerator <= agg.denominator) {
        const l = st.wilson(agg.numerator, agg.denominator, st.Z95);
        ci95 = {
          level: 95,
          lower: l.lower * def.multiplier,
          upper: l.upper * def.multiplier,
          method: "wilson",
        };
      } else if (a.info.intervalKind === "rate") {
        const l = st.poissonCount(agg.numerator, st.Z95);
        ci95 = {
          level: 95,
          lower: (l.lower / agg.denominator) * def.multiplier,
          upper: (l.upper / agg.denominator) * def.multiplier,
          method: l.method,
        };
      }
    } else if (a.info.intervalKind === "count") {
      const l = st.poissonCount(agg.value, st.Z95);
      ci95 = { level: 95, lower: l.lower, upper: l.upper, method: l.method };
    }
    const formula = a.ratio
      ? `Σ numerators ÷ Σ denominators × ${def.multiplier} = ${formatNumber(agg.numerator, 1)} ÷ ${formatNumber(agg.denominator, 1)} × ${def.multiplier} over ${agg.reporting} reporting organisations`
      : `Σ values = ${formatNumber(agg.value, def.decimals)} over ${agg.reporting} reporting organisations`;
    return {
      group: info,
      period,
      numerator: a.ratio ? agg.numerator : null,
      denominator: a.ratio ? agg.denominator : null,
      value: orNull(agg.value),
      reporting: agg.reporting,
      ci95,
      formula,
    };
  }

  private opportunityBenchmarkValue(
    a: MetricAnalysis,
    d: DistributionSummary,
    kind: OpportunityBenchmark,
    period: string,
  ): number {
    const sign = directionSignOf(a.def);
    switch (kind) {
      case "median":
        return d.median ?? NaN;
      case "upper_quartile":
        return (sign < 0 ? d.q1 : d.q3) ?? NaN;
      case "top_decile":
        return (sign < 0 ? d.deciles[0] : d.deciles[8]) ?? NaN;
      case "target":
        return targetInForce(a.def, period)?.value ?? NaN;
    }
  }

  private opportunityBenchmark(a: MetricAnalysis, gp: GroupPeriod): Benchmark | null {
    const v = gp.oppBenchmark;
    if (!(v === v)) return null;
    const sign = directionSignOf(a.def);
    const side = sign < 0 ? "lower" : "upper";
    switch (gp.oppKind) {
      case "median":
        return {
          kind: "peer_median",
          label: `${gp.group.name}: median`,
          value: v,
          groupRef: gp.group.groupRef,
          formula: `type 7 median of ${gp.reporting} values`,
        };
      case "upper_quartile":
        return {
          kind: "peer_upper_quartile",
          label: `${gp.group.name}: best quartile (${side} quartile)`,
          value: v,
          groupRef: gp.group.groupRef,
          formula: `type 7 ${sign < 0 ? "25th" : "75th"} percentile of ${gp.reporting} values (the better side: ${a.def.improvementDirection.replace(/_/g, " ")})`,
        };
      case "top_decile":
        return {
          kind: "peer_top_decile",
          label: `${gp.group.name}: top decile`,
          value: v,
          groupRef: gp.group.groupRef,
          formula: `type 7 ${sign < 0 ? "10th" : "90th"} percentile of ${gp.reporting} values (the better side)`,
        };
      case "target": {
        const t = targetInForce(a.def, a.matrix.periods[gp.p]!);
        return {
          kind: "target",
          label: t ? t.label : "target",
          value: v,
          groupRef: null,
          formula: t ? `target in force for ${a.matrix.periods[gp.p]}: ${t.source}` : "",
        };
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Funnel
  // -------------------------------------------------------------------------------------------

  private funnelKind(a: MetricAnalysis): "proportion" | "rate" | null {
    return a.info.intervalKind === "proportion"
      ? "proportion"
      : a.info.intervalKind === "rate"
        ? "rate"
        : null;
  }

  private computeFunnel(
    a: MetricAnalysis,
    rows: Int32Array,
    p: number,
    agg: ReturnType<typeof aggregateColumn> | null,
    requested: boolean,
  ): FunnelComputation | null {
    const kind = this.funnelKind(a);
    if (!kind || !agg || !(agg.denominator > 0)) return null;
    const { matrix, P } = a;
    const M = rows.length;
    const p0 = agg.numerator / agg.denominator;
    const y = new Float64Array(M);
    const se = new Float64Array(M);
    let n = 0;
    for (let i = 0; i < M; i++) {
      const cell = rows[i]! * P + p;
      const x = matrix.numerator[cell]!;
      const d = matrix.denominator[cell]!;
      if (!(d > 0) || !(x >= 0)) continue;
      y[n] = x / d;
      se[n] = kind === "proportion" ? Math.sqrt((p0 * (1 - p0)) / d) : Math.sqrt(p0 / d);
      n++;
    }
    const od =
      requested && n >= 3 ? st.overdispersion(y, se, n, p0) : { phi: NaN, tau2: 0, applied: false };
    const tau2 = od.applied ? od.tau2 : 0;
    const mult = a.def.multiplier;
    const position95 = new Uint8Array(M);
    const position998 = new Uint8Array(M);
    const lo95 = new Float64Array(M).fill(NaN);
    const hi95 = new Float64Array(M).fill(NaN);
    const lo998 = new Float64Array(M).fill(NaN);
    const hi998 = new Float64Array(M).fill(NaN);
    for (let i = 0; i < M; i++) {
      const cell = rows[i]! * P + p;
      const x = matrix.numerator[cell]!;
      const d = matrix.denominator[cell]!;
      if (!(d > 0) || !(x >= 0)) continue;
      const l95 =
        kind === "proportion"
          ? st.funnelProportion(p0, d, st.Z95, tau2)
          : st.funnelRate(p0, d, st.Z95, tau2);
      const l998 =
        kind === "proportion"
          ? st.funnelProportion(p0, d, st.Z998, tau2)
          : st.funnelRate(p0, d, st.Z998, tau2);
      const v = x / d;
      lo95[i] = l95.lower * mult;
      hi95[i] = l95.upper * mult;
      lo998[i] = l998.lower * mult;
      hi998[i] = l998.upper * mult;
      position95[i] = v > l95.upper ? POS_ABOVE : v < l95.lower ? POS_BELOW : POS_INSIDE;
      position998[i] = v > l998.upper ? POS_ABOVE : v < l998.lower ? POS_BELOW : POS_INSIDE;
    }
    return {
      kind,
      p0,
      benchmark: p0 * mult,
      od,
      requested,
      n,
      position95,
      position998,
      lo95,
      hi95,
      lo998,
      hi998,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Assembling results for one organisation
  // -------------------------------------------------------------------------------------------

  private orgValue(s: VersionState, a: MetricAnalysis, o: number, p: number): OrgPeriodValue {
    const cell = o * a.P + p;
    const code = a.matrix.orgCodes[o]!;
    const num = orNull(a.matrix.numerator[cell]!);
    const x = a.info.intervalKind === "count" ? orNull(a.matrix.value[cell]!) : num;
    return {
      orgCode: code,
      name: s.orgByCode.get(code)?.name ?? code,
      period: a.matrix.periods[p]!,
      numerator: num,
      denominator: orNull(a.matrix.denominator[cell]!),
      value: orNull(a.matrix.value[cell]!),
      ci95: this.ci(a, cell, 95),
      ci998: this.ci(a, cell, 99.8),
      smallCount: a.info.intervalKind !== "none" && x !== null && x < 10,
      dqFlags: [...(a.matrix.dqFlags?.get(cell) ?? [])],
    };
  }

  private comparison(
    a: MetricAnalysis,
    o: number,
    p: number,
    benchmark: Benchmark,
    gp: GroupPeriod | null,
  ): ComparisonItem {
    const cell = o * a.P + p;
    const v = a.matrix.value[cell]!;
    const interval = this.ci(a, cell, 95);
    const sign = directionSignOf(a.def);
    const fmt = (x: number) => formatValue(a.def, x);
    if (interval) {
      const code = outcomeCode(interval.lower, interval.upper, benchmark.value);
      const outcome = outcomeName(code, sign);
      const how =
        code === OUT_HIGHER
          ? `the 95% interval (${fmt(interval.lower)} to ${fmt(interval.upper)}) lies above ${fmt(benchmark.value)}`
          : code === OUT_LOWER
            ? `the 95% interval (${fmt(interval.lower)} to ${fmt(interval.upper)}) lies below ${fmt(benchmark.value)}`
            : `the 95% interval (${fmt(interval.lower)} to ${fmt(interval.upper)}) includes ${fmt(benchmark.value)}`;
      return {
        benchmark,
        outcome,
        method: "confidence_interval",
        interval,
        quintile: null,
        text: `${capitalise(outcome)} than ${benchmark.label}: ${how}.`.replace(
          "Similar than",
          "Similar to",
        ),
      };
    }
    if (gp && gp.reporting >= 5 && v === v) {
      const quintile = quintileOf(gp.sorted, gp.reporting, v);
      const best = sign === 0 ? null : sign > 0 ? quintile : 6 - quintile;
      return {
        benchmark,
        outcome: "not_compared",
        method: "quintile",
        interval: null,
        quintile,
        text: `No confidence interval applies to ${a.def.unit}; instead the value ${fmt(v)} is in quintile ${quintile} of 5 (1 = lowest) among ${gp.reporting} ${gp.group.name}${best !== null ? ` (${ordinal(best)} best fifth)` : ""}.`,
      };
    }
    return {
      benchmark,
      outcome: "not_compared",
      method: "none",
      interval: null,
      quintile: null,
      text: "Not compared: no interval and too few peers for quintiles.",
    };
  }

  private rank(a: MetricAnalysis, gp: GroupPeriod, v: number): RankInfo | null {
    if (!(v === v) || gp.reporting === 0) return null;
    const sign = directionSignOf(a.def);
    let equal = 0;
    for (let i = 0; i < gp.reporting; i++) if (gp.sorted[i] === v) equal++;
    const rank = st.competitionRankOf(gp.sorted, gp.reporting, v, sign);
    if (!(rank >= 1)) return null;
    const tiedWith = Math.max(0, equal - 1);
    const order = sign === 0 ? "highest_first" : "best_first";
    return {
      rank,
      of: gp.reporting,
      tiedWith,
      order,
      tieMethod: TIE_METHOD,
      text: `${ordinal(rank)} of ${gp.reporting}${tiedWith > 0 ? ` (tied with ${tiedWith} other${tiedWith > 1 ? "s" : ""})` : ""}, ${order === "best_first" ? "best first" : "highest first"}`,
    };
  }

  private quartilePosition(a: MetricAnalysis, gp: GroupPeriod, v: number): QuartilePosition | null {
    const rank = this.rank(a, gp, v);
    const d = gp.distribution;
    if (!rank || d.q1 === null || d.q3 === null || d.median === null) return null;
    const sign = directionSignOf(a.def);
    // Quarter by the value against the type 7 quartiles: 1 = best quarter (highest for neutral);
    // the benchmark chart assigns its quarters with the same function.
    const quarter = st.quarterOf(v, d, sign < 0 ? "lower" : "higher")!;
    const words =
      sign === 0
        ? ["highest", "second-highest", "second-lowest", "lowest"]
        : ["best", "second-best", "second-worst", "worst"];
    return {
      quarter,
      text: `In the ${words[quarter - 1]} quarter of ${gp.group.name} (${rank.text}; quartiles ${formatValue(a.def, d.q1)}, ${formatValue(a.def, d.median)}, ${formatValue(a.def, d.q3)})`,
      rank,
      distribution: d,
    };
  }

  private opportunity(
    s: VersionState,
    a: MetricAnalysis,
    o: number,
    gp: GroupPeriod | null,
  ): Opportunity {
    const def = a.def;
    const base = {
      metricId: def.id,
      title: def.title,
      noun: def.opportunityNoun ?? null,
      per: perPeriodText(def, a.info.periodType),
    };
    const p = gp?.p ?? a.series.latest[o]!;
    const period = p >= 0 ? a.matrix.periods[p]! : null;
    const cell = o * a.P + Math.max(p, 0);
    const v = p >= 0 ? a.matrix.value[cell]! : NaN;
    const den = p >= 0 ? a.matrix.denominator[cell]! : NaN;
    const none = (
      status: Opportunity["status"],
      text: string,
      benchmark: Benchmark | null = null,
    ): Opportunity => ({
      ...base,
      period,
      status,
      value: orNull(v),
      denominator: orNull(den),
      benchmark,
      amount: 0,
      text,
      formula: "",
      inputs: {},
    });
    const sign = directionSignOf(def);
    if (sign === 0)
      return none(
        "neutral_metric",
        "No opportunity: neither higher nor lower is better for this metric.",
      );
    if (!(v === v) || !gp) return none("no_data", "No value for this period.");
    const benchmark = this.opportunityBenchmark(a, gp);
    if (!benchmark)
      return none("no_benchmark", "No benchmark: too few peers reported, or no target in force.");
    if (!a.ratio || !(den > 0)) {
      return none(
        "no_denominator",
        "Not sized: a count without a denominator grows with the organisation, so a gap to peers is not an opportunity.",
        benchmark,
      );
    }
    const gap = (benchmark.value - v) * sign;
    const fmt = (x: number) => formatValue(def, x);
    const unitWord =
      def.unit === "percentage"
        ? " ÷ 100"
        : def.multiplier !== 1
          ? ` ÷ ${formatNumber(def.multiplier)}`
          : "";
    const formula = `(${sign > 0 ? `${fmt(benchmark.value)} − ${fmt(v)}` : `${fmt(v)} − ${fmt(benchmark.value)}`})${unitWord} × ${formatNumber(den, den % 1 === 0 ? 0 : 1)}`;
    const inputs = {
      value: v,
      numerator: orNull(a.matrix.numerator[cell]!),
      denominator: den,
      benchmark: benchmark.value,
      benchmarkKind: benchmark.kind,
      multiplier: def.multiplier,
      direction: def.improvementDirection,
      period: period!,
      peers: gp.reporting,
    };
    if (!(gap > 0)) {
      return {
        ...base,
        period,
        status: "already_better",
        value: v,
        denominator: den,
        benchmark,
        amount: 0,
        text: `Already at or better than ${benchmark.label} (${fmt(v)} vs ${fmt(benchmark.value)}).`,
        formula: `${fmt(v)} is ${sign > 0 ? "≥" : "≤"} ${fmt(benchmark.value)}: 0`,
        inputs,
      };
    }
    const amount = (gap / def.multiplier) * den;
    const noun = def.opportunityNoun ?? "units";
    const moreFewer = sign > 0 ? "more" : "fewer";
    return {
      ...base,
      period,
      status: "gap",
      value: v,
      denominator: den,
      benchmark,
      amount,
      text: `${formatNumber(amount, amount >= 100 ? 0 : 1)} ${moreFewer} ${noun} ${base.per} at ${benchmark.label.replace(/^.*?: /, "the peers' ")} (${fmt(benchmark.value)})`,
      formula: `${formula} = ${formatNumber(amount, 1)}`,
      inputs,
    };
  }

  private highlight(
    s: VersionState,
    a: MetricAnalysis,
    o: number,
    gp: GroupPeriod,
  ): HighlightedMetric | null {
    const i = gp.memberOf[o]!;
    if (i < 0 || !gp.eligible[i]) return null;
    const opp = this.opportunity(s, a, o, gp);
    if (opp.status !== "gap") return null;
    const sign = directionSignOf(a.def);
    const f = gp.funnel;
    const funnel998 = f ? positionName(f.position998[i]!) : null;
    const funnelWorse = f !== null && f.position998[i] === (sign > 0 ? POS_BELOW : POS_ABOVE);
    const intervalWorse = gp.ciVsBenchmark[i] === (sign > 0 ? OUT_LOWER : OUT_HIGHER);
    const pt = a.series.pointType[o]!;
    const spcPointType: PointType | null = pt === NOT_ANALYSED ? null : pointTypeName(pt);
    const spcConcern = pt === PointTypeCode.concern;
    const noImprovement = !(pt === PointTypeCode.improvement || this.trendImproving(a, o));
    const reasons: string[] = [];
    if (funnelWorse)
      reasons.push(
        `outside the 99.8% funnel limit on the worse side${f?.od.applied ? " (overdispersion-adjusted)" : ""}`,
      );
    if (intervalWorse)
      reasons.push(`95% interval wholly worse than ${opp.benchmark?.label ?? "the benchmark"}`);
    if (!funnelWorse && !intervalWorse)
      reasons.push("in the worst fifth of peers (no interval applies)");
    if (spcConcern) reasons.push("SPC: special cause of concern");
    else if (noImprovement) reasons.push("no sign of improvement (SPC or recent trend)");
    const d = gp.distribution;
    const iqr = d.q3 !== null && d.q1 !== null ? d.q3 - d.q1 : NaN;
    const gap = Math.abs((opp.benchmark?.value ?? NaN) - (opp.value ?? NaN));
    const score = gp.score[i]!;
    return {
      metricId: a.def.id,
      title: a.def.title,
      period: a.matrix.periods[gp.p]!,
      rank: 0,
      score: {
        value: score,
        formula: `gap ÷ peer interquartile range × (1 + 0.5 if outside the 99.8% funnel + 0.5 if SPC concern) = ${formatNumber(gap, a.def.decimals + 1)} ÷ ${formatNumber(iqr, a.def.decimals + 1)} × ${1 + (funnelWorse ? 0.5 : 0) + (spcConcern ? 0.5 : 0)}`,
        inputs: { gap, iqr, funnelWorse, spcConcern },
      },
      opportunity: opp,
      evidence: { funnel998, funnelWorse, intervalWorse, spcPointType, spcConcern, noImprovement },
      reasons,
    };
  }

  private async highlightsFor(
    s: VersionState,
    org: OrganisationInfo,
    ref: GroupRef,
    oppKind: OpportunityBenchmark,
  ): Promise<{ highlighted: HighlightedMetric[]; opportunities: Opportunity[] }> {
    const highlighted: HighlightedMetric[] = [];
    const opportunities: Opportunity[] = [];
    for (const def of s.defs.values()) {
      const a = await this.analysis(s, def.id);
      if (!a) continue;
      const o = a.row.get(org.orgCode);
      if (o === undefined || a.series.latest[o]! < 0) continue;
      const gp = await this.groupPeriod(s, a, ref, a.series.latest[o]!, oppKind);
      opportunities.push(this.opportunity(s, a, o, gp));
      const h = this.highlight(s, a, o, gp);
      if (h) highlighted.push(h);
    }
    highlighted.sort(
      (x, y) => y.score.value - x.score.value || x.metricId.localeCompare(y.metricId),
    );
    highlighted.forEach((h, i) => (h.rank = i + 1));
    const statusOrder = {
      gap: 0,
      already_better: 1,
      no_denominator: 2,
      no_benchmark: 3,
      no_data: 4,
      neutral_metric: 5,
    } as const;
    opportunities.sort(
      (x, y) =>
        statusOrder[x.status] - statusOrder[y.status] ||
        y.amount - x.amount ||
        x.metricId.localeCompare(y.metricId),
    );
    return { highlighted, opportunities };
  }

  private periodIndex(a: MetricAnalysis, o: number, period?: string): number {
    if (period === undefined) {
      const latest = a.series.latest[o]!;
      if (latest < 0)
        throw new NotFoundError(`No values for ${a.matrix.orgCodes[o]} and ${a.def.id}`);
      return latest;
    }
    const start = /^\d{4}-\d{2}$/.test(period) ? `${period}-01` : period;
    const p = a.matrix.periods.indexOf(start);
    if (p < 0) throw new NotFoundError(`No values for ${a.def.id} in ${period}`);
    return p;
  }

  // -------------------------------------------------------------------------------------------
  // Public API
  // -------------------------------------------------------------------------------------------

  async compare(
    orgCode: string,
    metricId: string,
    period?: string,
    peerGroup?: GroupRef,
  ): Promise<CompareResult> {
    const s = await this.current();
    const org = this.organisation(s, orgCode);
    const a = await this.analysisOrThrow(s, metricId);
    const o = a.row.get(org.orgCode);
    if (o === undefined) throw new NotFoundError(`No values for ${org.orgCode} and ${metricId}`);
    const p = this.periodIndex(a, o, period);
    const ref = peerGroup ?? this.defaultGroup(org);
    const gp = await this.groupPeriod(s, a, ref, p, this.oppKind);
    const value = this.orgValue(s, a, o, p);
    const periodStart = a.matrix.periods[p]!;
    const comparisons: ComparisonItem[] = [];
    const englandGp = await this.groupPeriod(s, a, "england", p, this.oppKind);
    const england = englandGp.aggregate.value !== null ? englandGp.aggregate : null;
    if (england?.value !== null && england)
      comparisons.push(
        this.comparison(
          a,
          o,
          p,
          {
            kind: "england",
            label: "England",
            value: england.value!,
            groupRef: "england",
            formula: england.formula,
          },
          gp,
        ),
      );
    let region: GroupAggregate | null = null;
    if (org.regionCode) {
      const rg = await this.groupPeriod(s, a, `geo-region:${org.regionCode}`, p, this.oppKind);
      if (rg.aggregate.value !== null) {
        region = rg.aggregate;
        comparisons.push(
          this.comparison(
            a,
            o,
            p,
            {
              kind: "region",
              label: s.orgByCode.get(org.regionCode)?.name ?? org.regionCode,
              value: region.value!,
              groupRef: rg.group.groupRef,
              formula: region.formula,
            },
            gp,
          ),
        );
      }
    }
    if (gp.distribution.median !== null) {
      comparisons.push(
        this.comparison(
          a,
          o,
          p,
          {
            kind: "peer_median",
            label: `the median of ${gp.group.name}`,
            value: gp.distribution.median,
            groupRef: ref,
            formula: `type 7 median of ${gp.reporting} values`,
          },
          gp,
        ),
      );
    }
    const target = targetInForce(a.def, periodStart);
    if (target && directionSignOf(a.def) !== 0) {
      comparisons.push(
        this.comparison(
          a,
          o,
          p,
          {
            kind: "target",
            label: `the target (${target.label})`,
            value: target.value,
            groupRef: null,
            formula: target.source,
          },
          gp,
        ),
      );
    }
    const peerValues: OrgPeriodValue[] = [];
    for (let i = 0; i < gp.rows.length; i++) {
      const r = gp.rows[i]!;
      if (a.matrix.value[r * a.P + p]! === a.matrix.value[r * a.P + p]!)
        peerValues.push(this.orgValue(s, a, r, p));
    }
    return {
      metric: a.info,
      organisation: org,
      period: periodStart,
      value,
      peers: gp.group,
      distribution: gp.distribution,
      rank: this.rank(a, gp, a.matrix.value[o * a.P + p]!),
      comparisons,
      peerValues,
      england,
      region,
      target,
      dataVersion: s.version,
    };
  }

  async funnel(
    metricId: string,
    period?: string,
    group?: GroupRef,
    options?: { overdispersion?: boolean },
  ): Promise<FunnelResult> {
    const s = await this.current();
    const a = await this.analysisOrThrow(s, metricId);
    const kind = this.funnelKind(a);
    if (!kind)
      throw new UsageError(
        `No funnel plot for ${metricId}: funnels are for proportions and rates (this metric is a ${a.def.unit})`,
      );
    const p = period === undefined ? a.latestPeriod : this.periodIndexAny(a, period);
    const ref = group ?? "england";
    let gp = await this.groupPeriod(s, a, ref, p, this.oppKind);
    let f = gp.funnel;
    const requested = options?.overdispersion ?? this.overdispersionDefault;
    if (requested !== this.overdispersionDefault) {
      const agg = aggregateColumn(a.matrix, gp.rows, p, a.ratio, a.def.multiplier);
      f = this.computeFunnel(a, gp.rows, p, agg, requested);
      gp = { ...gp, funnel: f };
    }
    if (!f)
      throw new NotFoundError(
        `No funnel for ${metricId} in ${a.matrix.periods[p]}: nobody reported a numerator and denominator`,
      );
    const points = [];
    let minD = Infinity;
    let maxD = 0;
    const sign = directionSignOf(a.def);
    for (let i = 0; i < gp.rows.length; i++) {
      if (f.position95[i] === POS_NONE) continue;
      const r = gp.rows[i]!;
      const cell = r * a.P + p;
      const d = a.matrix.denominator[cell]!;
      minD = Math.min(minD, d);
      maxD = Math.max(maxD, d);
      const code = a.matrix.orgCodes[r]!;
      const pos = f.position998[i]!;
      points.push({
        orgCode: code,
        name: s.orgByCode.get(code)?.name ?? code,
        numerator: a.matrix.numerator[cell]!,
        denominator: d,
        value: (a.matrix.numerator[cell]! / d) * a.def.multiplier,
        lower95: f.lo95[i]!,
        upper95: f.hi95[i]!,
        lower998: f.lo998[i]!,
        upper998: f.hi998[i]!,
        position95: positionName(f.position95[i]!)!,
        position998: positionName(pos)!,
        outcome: outcomeName(
          pos === POS_ABOVE ? OUT_HIGHER : pos === POS_BELOW ? OUT_LOWER : OUT_SIMILAR,
          sign,
        ),
      });
    }
    // Smooth curves: 120 denominators spaced evenly on a log scale across the points' range.
    const curve = {
      denominator: [] as number[],
      lower95: [] as number[],
      upper95: [] as number[],
      lower998: [] as number[],
      upper998: [] as number[],
    };
    const tau2 = f.od.applied ? f.od.tau2 : 0;
    const lo = Math.max(1, minD * 0.8);
    const hi = Math.max(lo * 1.01, maxD * 1.1);
    for (let k = 0; k < 120; k++) {
      const d = lo * Math.pow(hi / lo, k / 119);
      const l95 =
        kind === "proportion"
          ? st.funnelProportion(f.p0, d, st.Z95, tau2)
          : st.funnelRate(f.p0, d, st.Z95, tau2);
      const l998 =
        kind === "proportion"
          ? st.funnelProportion(f.p0, d, st.Z998, tau2)
          : st.funnelRate(f.p0, d, st.Z998, tau2);
      curve.denominator.push(d);
      curve.lower95.push(l95.lower * a.def.multiplier);
      curve.upper95.push(l95.upper * a.def.multiplier);
      curve.lower998.push(l998.lower * a.def.multiplier);
      curve.upper998.push(l998.upper * a.def.multiplier);
    }
    const od = f.od;
    return {
      metric: a.info,
      period: a.matrix.periods[p]!,
      group: gp.group,
      kind,
      benchmark: {
        kind: "group_aggregate",
        label: `${gp.group.name} (Σ numerators ÷ Σ denominators)`,
        value: f.benchmark,
        groupRef: ref,
        formula: gp.aggregate.formula,
      },
      overdispersion: {
        requested: f.requested,
        applied: od.applied,
        phi: orNull(od.phi),
        tau2: od.applied ? od.tau2 * a.def.multiplier * a.def.multiplier : null,
        n: f.n,
        text: !f.requested
          ? "No overdispersion adjustment (not requested)."
          : od.applied
            ? `Overdispersion adjusted (Spiegelhalter 2005): φ = ${formatNumber(od.phi, 2)} from z-scores winsorised at the 10th and 90th percentiles; τ² = ${formatNumber(od.tau2 * a.def.multiplier * a.def.multiplier, 4)} added to each SE².`
            : `No adjustment needed: N·φ = ${formatNumber(f.n * od.phi, 2)} ≤ N − 1 = ${f.n - 1}.`,
      },
      points,
      curve,
      method:
        kind === "proportion"
          ? "Limits p₀ ± z·√(p₀(1 − p₀)/n + τ²) at z = 1.959964 (95%) and 3.090232 (99.8%), p₀ = the group's Σ numerators ÷ Σ denominators."
          : "Limits from the Poisson distribution of the expected count r₀·n, ÷ n (r₀ = the group's Σ numerators ÷ Σ denominators), widened by τ² when overdispersed.",
    };
  }

  private periodIndexAny(a: MetricAnalysis, period: string): number {
    const start = /^\d{4}-\d{2}$/.test(period) ? `${period}-01` : period;
    const p = a.matrix.periods.indexOf(start);
    if (p < 0) throw new NotFoundError(`No values for ${a.def.id} in ${period}`);
    return p;
  }

  async opportunities(
    orgCode: string,
    peerGroup?: GroupRef,
    benchmark?: OpportunityBenchmark,
  ): Promise<OpportunitiesResult> {
    const s = await this.current();
    const org = this.organisation(s, orgCode);
    const ref = peerGroup ?? this.defaultGroup(org);
    const kind = benchmark ?? this.oppKind;
    const { info } = await this.resolveGroup(s, ref);
    const { highlighted, opportunities } = await this.highlightsFor(s, org, ref, kind);
    return {
      organisation: org,
      peers: info,
      benchmark: kind,
      opportunities,
      highlighted,
      dataVersion: s.version,
    };
  }

  async recommendedPeers(orgCode: string, k?: number): Promise<RecommendedPeersResult> {
    const s = await this.current();
    return this.recommendedIn(s, this.organisation(s, orgCode), k ?? this.peerCount);
  }

  private async recommendedIn(
    s: VersionState,
    org: OrganisationInfo,
    k: number,
  ): Promise<RecommendedPeersResult> {
    const key = `${org.orgCode}|${k}`;
    const hit = s.peers.get(key);
    if (hit) return hit;
    const features: { spec: (typeof SIMILARITY_FEATURES)[number]; means: Map<string, number> }[] =
      [];
    for (const spec of SIMILARITY_FEATURES) {
      if (!s.defs.has(spec.metricId)) continue;
      const a = await this.analysis(s, spec.metricId);
      if (!a) continue;
      features.push({ spec, means: featureMeans(a.matrix, spec) });
    }
    const out = recommendPeers({ organisation: org, candidates: s.orgs, features, k });
    const result: RecommendedPeersResult = {
      organisation: org,
      k,
      features: out.features,
      own: out.own,
      peers: out.peers,
      method: SIMILARITY_METHOD,
      dataVersion: s.version,
    };
    s.peers.set(key, result);
    return result;
  }

  async organisationDashboard(
    orgCode: string,
    peerGroup?: GroupRef,
  ): Promise<OrganisationDashboard> {
    const s = await this.current();
    const org = this.organisation(s, orgCode);
    const ref = peerGroup ?? this.defaultGroup(org);
    const { info } = await this.resolveGroup(s, ref);
    const metrics: DashboardMetric[] = [];
    for (const def of s.defs.values()) {
      const a = await this.analysis(s, def.id);
      if (!a) continue;
      const o = a.row.get(org.orgCode);
      if (o === undefined) continue;
      const p = a.series.latest[o]!;
      if (p < 0) continue;
      const gp = await this.groupPeriod(s, a, ref, p, this.oppKind);
      const cell = o * a.P + p;
      const period = a.matrix.periods[p]!;
      const from = Math.max(0, p - SPARKLINE_POINTS + 1);
      const median = gp.distribution.median;
      metrics.push({
        metric: a.info,
        latest: {
          period,
          value: orNull(a.matrix.value[cell]!),
          numerator: orNull(a.matrix.numerator[cell]!),
          denominator: orNull(a.matrix.denominator[cell]!),
        },
        target: targetInForce(a.def, period),
        trend: this.trendInfo(a, o),
        sparkline: {
          periods: a.matrix.periods.slice(from, p + 1),
          values: Array.from(a.matrix.value.subarray(o * a.P + from, cell + 1), (x) => orNull(x)),
        },
        quartile: this.quartilePosition(a, gp, a.matrix.value[cell]!),
        opportunity: this.opportunity(s, a, o, gp),
        comparison:
          median !== null
            ? this.comparison(
                a,
                o,
                p,
                {
                  kind: "peer_median",
                  label: `the median of ${gp.group.name}`,
                  value: median,
                  groupRef: ref,
                  formula: `type 7 median of ${gp.reporting} values`,
                },
                gp,
              )
            : null,
      });
    }
    const { highlighted } = await this.highlightsFor(s, org, ref, this.oppKind);
    return { organisation: org, peers: info, metrics, highlighted, dataVersion: s.version };
  }

  async metricDetail(
    orgCode: string,
    metricId: string,
    peerGroup?: GroupRef,
  ): Promise<MetricDetail> {
    const s = await this.current();
    const org = this.organisation(s, orgCode);
    const a = await this.analysisOrThrow(s, metricId);
    const o = a.row.get(org.orgCode);
    const ref = peerGroup ?? this.defaultGroup(org);
    const { info } = await this.resolveGroup(s, ref);
    if (o === undefined || a.series.latest[o]! < 0) {
      return {
        metric: a.info,
        organisation: org,
        peers: info,
        latestPeriod: null,
        series: [],
        spc: null,
        suggestedRebasePoints: [],
        trend: {
          headline: "recent_trend",
          spc: null,
          recentTrend: {
            marker: "cannot_be_calculated",
            direction: null,
            text: "No values.",
            periods: [],
            slope: null,
            chiSquare: null,
          },
          changeSinceBaseline: null,
        },
        benchmarkBars: null,
        funnel: null,
        comparisons: [],
        opportunity: null,
        target: null,
        dataVersion: s.version,
      };
    }
    const p = a.series.latest[o]!;
    const period = a.matrix.periods[p]!;
    const target = targetInForce(a.def, period);
    const series: OrgPeriodValue[] = [];
    for (let q = 0; q < a.P; q++) series.push(this.orgValue(s, a, o, q));
    let spc: SpcResult | null = null;
    if (a.series.n[o]! >= 2) {
      spc = analyseSpc(
        series.map((v) => ({ date: v.period, value: v.value })),
        {
          improvementDirection: spcDirectionOf(a.def),
          target: directionSignOf(a.def) !== 0 ? (target?.value ?? null) : null,
        },
      );
    }
    const gp = await this.groupPeriod(s, a, ref, p, this.oppKind);
    const sign = directionSignOf(a.def);
    const bars: BenchmarkBars["bars"] = [];
    for (let i = 0; i < gp.rows.length; i++) {
      const r = gp.rows[i]!;
      const v = a.matrix.value[r * a.P + p]!;
      if (!(v === v)) continue;
      const code = a.matrix.orgCodes[r]!;
      bars.push({
        orgCode: code,
        name: s.orgByCode.get(code)?.name ?? code,
        value: v,
        ci95: this.ci(a, r * a.P + p, 95),
        selected: r === o,
      });
    }
    bars.sort(
      (x, y) =>
        (sign < 0 ? x.value - y.value : y.value - x.value) || x.orgCode.localeCompare(y.orgCode),
    );
    const compare = await this.compare(org.orgCode, metricId, period, ref);
    let funnel: FunnelResult | null = null;
    if (this.funnelKind(a)) funnel = await this.funnel(metricId, period, ref).catch(() => null);
    return {
      metric: a.info,
      organisation: org,
      peers: info,
      latestPeriod: period,
      series,
      spc,
      suggestedRebasePoints: spc?.suggestedRebasePoints ?? [],
      trend: this.trendInfo(a, o),
      benchmarkBars: { period, bars, distribution: gp.distribution },
      funnel,
      comparisons: compare.comparisons,
      opportunity: this.opportunity(s, a, o, gp),
      target,
      dataVersion: s.version,
    };
  }

  async metricNational(metricId: string): Promise<MetricNational> {
    const s = await this.current();
    const a = await this.analysisOrThrow(s, metricId);
    const englandInfo: GroupInfo = {
      groupRef: "england",
      name: "England",
      members: a.providerRows.length,
    };
    const series: GroupAggregate[] = [];
    for (let p = 0; p < a.P; p++) {
      const agg = {
        numerator: a.england.numerator[p]!,
        denominator: a.england.denominator[p]!,
        value: a.england.value[p]!,
        reporting: a.england.reporting[p]!,
      };
      series.push(
        this.groupAggregate(
          a,
          englandInfo,
          a.matrix.periods[p]!,
          a.def.aggregation === "not_aggregable" ? null : agg,
        ),
      );
    }
    const latest = a.latestPeriod;
    const period = latest >= 0 ? a.matrix.periods[latest]! : null;
    const target = period ? targetInForce(a.def, period) : null;
    const observed = series.filter((x) => x.value !== null);
    const spc =
      observed.length >= 2
        ? analyseSpc(
            series.map((x) => ({ date: x.period, value: x.value })),
            {
              improvementDirection: spcDirectionOf(a.def),
              target: directionSignOf(a.def) !== 0 ? (target?.value ?? null) : null,
            },
          )
        : null;
    const regions: GroupAggregate[] = [];
    const networks: GroupAggregate[] = [];
    let distribution: DistributionSummary | null = null;
    const improvers: Improver[] = [];
    if (latest >= 0) {
      const regionCodes = [
        ...new Set(s.orgs.filter((o) => o.kind === "region").map((o) => o.orgCode)),
      ].sort();
      for (const code of regionCodes) {
        const gp = await this.groupPeriod(s, a, `geo-region:${code}`, latest, this.oppKind);
        if (gp.aggregate.reporting > 0)
          regions.push({
            ...gp.aggregate,
            group: { ...gp.aggregate.group, name: s.orgByCode.get(code)?.name ?? code },
          });
      }
      for (const ref of [...s.groupNames.keys()].filter((g) => g.startsWith("network-")).sort()) {
        const gp = await this.groupPeriod(s, a, ref, latest, this.oppKind);
        if (gp.aggregate.reporting > 0) networks.push(gp.aggregate);
      }
      distribution = (await this.groupPeriod(s, a, "england", latest, this.oppKind)).distribution;
      const sign = directionSignOf(a.def);
      for (const o of a.providerRows) {
        const evidence: Improver["evidence"] = [];
        const pt = a.series.pointType[o]!;
        if (
          sign !== 0
            ? pt === PointTypeCode.improvement
            : pt === PointTypeCode.neutralHigh || pt === PointTypeCode.neutralLow
        )
          evidence.push("special_cause_improvement");
        const tm = a.trendMarker[o]!;
        if (sign !== 0 ? this.trendImproving(a, o) : tm === TREND_UP || tm === TREND_DOWN)
          evidence.push("significant_recent_trend");
        if (evidence.length === 0) continue;
        const change = this.changeSinceBaseline(a, o);
        if (!change) continue;
        const code = a.matrix.orgCodes[o]!;
        improvers.push({
          orgCode: code,
          name: s.orgByCode.get(code)?.name ?? code,
          evidence,
          change,
        });
      }
      improvers.sort(
        (x, y) =>
          (sign === 0
            ? Math.abs(y.change.difference) - Math.abs(x.change.difference)
            : (y.change.difference - x.change.difference) * sign) ||
          x.orgCode.localeCompare(y.orgCode),
      );
    }
    return {
      metric: a.info,
      latestPeriod: period,
      england: { series, spc },
      regions,
      networks,
      distribution,
      improvers,
      dataVersion: s.version,
    };
  }

  /**
   * Computes every metric's country-wide analysis (SPC summaries, recent trends, England series)
   * and, for each organisation's default peer group at each metric's latest period, the
   * distribution, intervals, funnel positions, comparisons and opportunities.
   */
  async precomputeAll(): Promise<PrecomputeReport> {
    const s = await this.current();
    const t0 = performance.now();
    const preloaded = this.store.loadAllMetrics ? await this.store.loadAllMetrics("month") : null;
    const t1 = performance.now();
    let series = 0;
    let points = 0;
    let metrics = 0;
    const orgs = new Set<string>();
    for (const def of s.defs.values()) {
      const m = preloaded?.get(def.id);
      const a = await this.analysis(
        s,
        def.id,
        periodTypeOf(def) === "month" && preloaded ? (m ?? emptyMatrix(def.id)) : undefined,
      );
      if (!a) continue;
      metrics++;
      series += a.matrix.orgCodes.length;
      for (let i = 0; i < a.series.n.length; i++) points += a.series.n[i]!;
      if (a.latestPeriod < 0) continue;
      const kinds = new Set<string>();
      for (const r of a.providerRows) {
        const org = s.orgByCode.get(a.matrix.orgCodes[r]!);
        if (org) {
          kinds.add(this.defaultGroup(org));
          orgs.add(org.orgCode);
        }
      }
      for (const ref of ["england", ...kinds])
        await this.groupPeriod(s, a, ref, a.latestPeriod, this.oppKind);
    }
    const report: PrecomputeReport = {
      dataVersion: s.version,
      metrics,
      organisations: orgs.size,
      series,
      points,
      loadMs: Math.round(t1 - t0),
      computeMs: Math.round(performance.now() - t1),
    };
    s.precomputed = report;
    return report;
  }
}

function emptyMatrix(metricId: string): MetricMatrix {
  return {
    metricId,
    periodType: "month",
    orgCodes: [],
    periods: [],
    numerator: new Float64Array(0),
    denominator: new Float64Array(0),
    value: new Float64Array(0),
  };
}

/** lower / similar / higher by whether the interval excludes the benchmark (NaN interval: none). */
function outcomeCode(lower: number, upper: number, benchmark: number): number {
  if (!(lower === lower) || !(upper === upper) || !(benchmark === benchmark)) return OUT_NONE;
  return upper < benchmark ? OUT_LOWER : lower > benchmark ? OUT_HIGHER : OUT_SIMILAR;
}

function outcomeName(code: number, sign: number): ComparisonOutcome {
  if (code === OUT_SIMILAR) return "similar";
  if (code === OUT_NONE) return "not_compared";
  const up = code === OUT_HIGHER;
  if (sign === 0) return up ? "higher" : "lower";
  return (up ? 1 : -1) === sign ? "better" : "worse";
}

function positionName(code: number): FunnelPosition | null {
  return code === POS_INSIDE
    ? "inside"
    : code === POS_ABOVE
      ? "above"
      : code === POS_BELOW
        ? "below"
        : null;
}

/** Quintile 1–5 (1 = lowest) of v among ascending values, by the type 7 20th/40th/60th/80th percentiles. */
function quintileOf(sorted: Float64Array, n: number, v: number): number {
  return st.quintile(sorted, n, v) ?? 3;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function variationText(t: PointType): string {
  switch (t) {
    case "special_cause_improvement":
      return "Special cause variation of an improving nature";
    case "special_cause_concern":
      return "Special cause variation of a concerning nature";
    case "special_cause_neutral_high":
      return "Special cause variation: unusually high (neither better nor worse)";
    case "special_cause_neutral_low":
      return "Special cause variation: unusually low (neither better nor worse)";
    default:
      return "Common cause variation: no significant change";
  }
}

function assuranceText(code: number, target: TargetInfo | null, def: MetricDefinition): string {
  if (!target) return "No target in force: no assurance.";
  if (def.improvementDirection === "neutral")
    return "No assurance for a metric without an improvement direction.";
  const t = formatValue(def, target.value);
  switch (code) {
    case 1:
      return `The process will consistently meet the target (${t}).`;
    case 2:
      return `The process will consistently fail the target (${t}) unless something changes.`;
    case 3:
      return `The process will hit and miss the target (${t}): it lies between the process limits.`;
    default:
      return "Too few points for assurance.";
  }
}
