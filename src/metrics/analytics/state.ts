/**
 * Versioned state: everything the engine knows for one data version (organisations, metric
 * definitions, peer group names, and the caches of analyses, group members, recommended peers and
 * group periods), reloaded when the store's data version changes (checked at most once a second).
 */
import { LRUCache } from "lru-cache";
import { NotFoundError } from "../../errors.js";
import { approximateBytes } from "../approximate-bytes.js";
import type { MetricDefinition } from "../catalogue/types.js";
import {
  decisionDays,
  successionDays,
  type AppliedDecision,
  type DecisionDay,
  type SuccessionDay,
} from "./baseline.js";
import { cleanMergers } from "./continuation.js";
import type { Succession } from "../reference-data.js";
import { analyseMetric, type SpcScratch } from "./metric-analysis.js";
import { periodTypeOf } from "./metric-info.js";
import type { AnalyticsStore, MetricMatrix } from "./types.js";
import type { MetricAnalysis, VersionState } from "./model.js";
import type { Organisation } from "../organisations.js";

const VERSION_CHECK_MS = 1000;
const MB = 1024 * 1024;
/** Byte bounds of the per-version caches of results that requests can multiply (issue 14). */
const GROUP_PERIOD_BYTES = 96 * MB;
const AD_HOC_GROUP_PERIOD_BYTES = 16 * MB;
const RECOMMENDED_PEERS_BYTES = 16 * MB;

/** A cache bounded by bytes, least recently used first, sizes by {@link approximateBytes}. */
function byteBounded<V extends object>(maxSize: number): LRUCache<string, V> {
  return new LRUCache<string, V>({
    maxSize,
    sizeCalculation: (value) => Math.max(1, approximateBytes(value)),
  });
}

/**
 * The one data-version cache: `current()` gives the state of the store's current version. The
 * version is read at most once a second, and one read at a time: every caller meanwhile awaits
 * the same pending read (issue 14: each request in flight used to start its own).
 */
export class DataVersionCache {
  private state: Promise<VersionState> | null = null;
  private stateVersion: string | null = null;
  private checkedAt = 0;
  private checking: Promise<VersionState> | null = null;

  constructor(
    private readonly store: AnalyticsStore,
    /** The clock, in ms (tests pass their own). */
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<VersionState> {
    if (this.state && this.now() - this.checkedAt < VERSION_CHECK_MS) return this.state;
    this.checking ??= this.check().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async check(): Promise<VersionState> {
    const version = await this.store.dataVersion();
    this.checkedAt = this.now();
    if (!this.state || version !== this.stateVersion) {
      this.stateVersion = version;
      const state = this.load(version);
      this.state = state;
      state.catch(() => {
        if (this.state !== state) return;
        this.state = null;
        this.stateVersion = null;
      });
    }
    return this.state;
  }

  private async load(version: string): Promise<VersionState> {
    const [orgs, defs, groups, successions, decisions] = await Promise.all([
      this.store.organisations(),
      this.store.metricDefinitions(),
      this.store.peerGroups(),
      this.store.successions?.() ?? [],
      this.store.rebaseDecisions?.() ?? [],
    ]);
    return {
      version,
      orgs,
      orgByCode: new Map(orgs.map((o) => [o.orgCode, o])),
      defs: new Map(defs.map((d) => [d.id, d])),
      groupNames: new Map(groups.map((g) => [g.peerGroupId, g.name])),
      mergers: cleanMergers(successions),
      successionsInto: successionsIntoOf(successions, orgs),
      decisions: decisionsByMetric(decisions),
      analyses: new Map(),
      members: new Map(),
      peers: byteBounded(RECOMMENDED_PEERS_BYTES),
      groupPeriods: {
        shared: byteBounded(GROUP_PERIOD_BYTES),
        adHoc: byteBounded(AD_HOC_GROUP_PERIOD_BYTES),
      },
      precomputed: null,
    };
  }
}

export function organisation(s: VersionState, orgCode: string): Organisation {
  const org = s.orgByCode.get(orgCode.trim().toUpperCase());
  if (!org) throw new NotFoundError(`No organisation "${orgCode}"`);
  return org;
}

export function definition(s: VersionState, metricId: string): MetricDefinition {
  const def = s.defs.get(metricId);
  if (!def) throw new NotFoundError(`No metric "${metricId}"`);
  return def;
}

/** The organisation's name, or its code when unknown. */
export const nameOf = (s: VersionState, orgCode: string): string =>
  s.orgByCode.get(orgCode)?.name ?? orgCode;

/** The metric's country-wide analysis (cached per version); null when it has no values. */
export function analysis(
  s: VersionState,
  store: AnalyticsStore,
  scratch: SpcScratch,
  metricId: string,
  preloaded?: MetricMatrix,
): Promise<MetricAnalysis | null> {
  let a = s.analyses.get(metricId);
  if (!a) {
    const def = definition(s, metricId);
    a = (async () => {
      const matrix = preloaded ?? (await store.loadMetric(metricId, periodTypeOf(def)));
      return matrix.orgCodes.length === 0
        ? null
        : analyseMetric(
            s.orgByCode,
            def,
            matrix,
            scratch,
            s.successionsInto,
            s.decisions.get(metricId),
          );
    })();
    s.analyses.set(metricId, a);
  }
  return a;
}

/** Current rebase decisions by metric, then organisation, as baseline breaks (baseline.ts). */
function decisionsByMetric(
  decisions: readonly AppliedDecision[],
): Map<string, Map<string, DecisionDay[]>> {
  const out = new Map<string, Map<string, AppliedDecision[]>>();
  for (const d of decisions) {
    const byOrg = out.get(d.metricId) ?? new Map<string, AppliedDecision[]>();
    byOrg.set(d.orgCode, [...(byOrg.get(d.orgCode) ?? []), d]);
    out.set(d.metricId, byOrg);
  }
  return new Map(
    [...out].map(([metricId, byOrg]) => [
      metricId,
      new Map([...byOrg].map(([orgCode, list]) => [orgCode, decisionDays(list)])),
    ]),
  );
}

/** Successions into each organisation, named, as baseline breaks (baseline.ts). */
function successionsIntoOf(
  links: readonly Succession[],
  orgs: readonly Organisation[],
): Map<string, SuccessionDay[]> {
  const names = new Map(orgs.map((o) => [o.orgCode, o.name]));
  const into = new Map<string, { predecessorName: string; effectiveDate: string }[]>();
  for (const l of links) {
    const list = into.get(l.successorCode) ?? [];
    list.push({
      predecessorName: `${names.get(l.predecessorCode) ?? l.predecessorCode} (${l.predecessorCode})`,
      effectiveDate: l.effectiveDate,
    });
    into.set(l.successorCode, list);
  }
  return new Map([...into].map(([code, list]) => [code, successionDays(list)]));
}
