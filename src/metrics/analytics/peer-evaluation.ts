/**
 * How well each way of choosing peers predicts a trust's value on metrics the choice never saw
 * (issue 12, item 5; docs/peers-evaluation.md gives the result on the shared data).
 *
 * For every open acute trust and every held-out metric (performance measures none of the
 * peer features is built from), its level is the mean of its values over the 12 periods to the
 * metric's latest period with at least 20 acute trusts reporting (at least half of them
 * reported of the periods the trusts reported in; one where the data holds a snapshot). The prediction is the median of the group's
 * other members' levels (at least 3 reporting), the error |level − prediction| ÷ the SD of all
 * acute trusts' levels
 * (so metrics on different scales average fairly). A method's score is its mean standardised
 * error over the trust-metrics every compared method could predict (the same cases for all), and
 * its skill 1 − error ÷ the England median's error (0: no better than the median of all acute
 * trusts; positive: peers tell more), and against k trusts drawn at random (20 seeded draws per
 * trust: a group of k has a noisier median than all 130, so this is the fair yardstick for a
 * group's size). Methods: the recommended peers, a size-only match (the size factor alone, the
 * same k), the trust's region, the NHS Trust Peer Finder group where imported, all acute
 * trusts, and random groups of k. Persistence: the share of recommended peers also recommended
 * on the data one period earlier, over all trusts.
 */
import { quantileSorted } from "../../stats/index.js";
import { Random } from "../../stats/random.js";
import { isMetricId, type MetricId } from "../catalogue/index.js";
import type { Organisation } from "../organisations.js";
import { peerFinderGroupId } from "../reference-data.js";
import { analysisOf, type EngineContext } from "./context.js";
import { DEFAULT_PEER_COUNT, recommendPeers } from "./peers.js";
import { peerMeans, subtypeOf } from "./recommended.js";
import type { MetricAnalysis, VersionState } from "./model.js";
import type { PeerEvaluation, PeerMethodId } from "./types.js";

/** Performance measures no peer feature is built from (volumes and bed bases are features). */
export const HELD_OUT_METRICS: readonly MetricId[] = [
  "ae_4hr_all",
  "ae_4hr_type1",
  "ae_dta_12hr_pct",
  "rtt_18wk",
  "rtt_52wk_pct",
  "diag_6wk_pct",
  "diag_13wk_pct",
  "cancer_fds_28d",
  "cancer_31d",
  "cancer_62d",
  "discharges_before_5pm",
  "shmi",
];

const MIN_REPORTING_TRUSTS = 20;
/** Periods a trust's level is averaged over (a year of months; fewer where fewer exist). */
const VALUE_WINDOW = 12;
/** Random groups of k drawn per trust for the random baseline (seeded: the same every run). */
const RANDOM_DRAWS = 20;
const RANDOM_SEED = 20261203;
const MIN_PEERS_REPORTING = 3;

export const peerMethodLabel: Readonly<Record<PeerMethodId, string>> = {
  recommended: "Recommended peers (size, balance, case mix, type)",
  size_only: "Size-only match (the size factor alone)",
  region: "Acute trusts in the same region",
  peer_finder: "NHS Trust Peer Finder group",
  england: "All acute trusts (the England median)",
  random: "k acute trusts drawn at random (mean of 20 draws)",
};

/** The members (other than the trust) of each method's group, per trust. */
async function groupsOf(
  e: EngineContext,
  s: VersionState,
  trusts: readonly Organisation[],
  k: number,
): Promise<{
  groups: Map<PeerMethodId, Map<string, readonly (readonly string[])[]>>;
  missing: PeerEvaluation["missing"];
  persistence: { kept: number; of: number };
}> {
  const means = await peerMeans(e, s);
  const earlier = await peerMeans(e, s, 1);
  const groups = new Map<PeerMethodId, Map<string, readonly (readonly string[])[]>>();
  const put = (m: PeerMethodId, org: string, ...alternatives: (readonly string[])[]) => {
    let g = groups.get(m);
    if (!g) groups.set(m, (g = new Map()));
    g.set(org, alternatives);
  };
  const random = new Random(RANDOM_SEED);
  const all = trusts.map((t) => t.orgCode);
  let kept = 0;
  let of = 0;
  let peerFinder = 0;
  for (const t of trusts) {
    const input = { organisation: t, candidates: s.orgs, k, means, subtypeOf };
    const rec = recommendPeers(input).peers.map((p) => p.orgCode);
    put("recommended", t.orgCode, rec);
    const before = new Set(
      recommendPeers({ ...input, means: earlier }).peers.map((p) => p.orgCode),
    );
    kept += rec.filter((c) => before.has(c)).length;
    of += rec.length;
    put(
      "size_only",
      t.orgCode,
      recommendPeers({ ...input, features: "size" }).peers.map((p) => p.orgCode),
    );
    put(
      "region",
      t.orgCode,
      trusts
        .filter((o) => o.regionCode === t.regionCode && o.orgCode !== t.orgCode)
        .map((o) => o.orgCode),
    );
    const others = all.filter((c) => c !== t.orgCode);
    put("england", t.orgCode, others);
    put(
      "random",
      t.orgCode,
      ...Array.from({ length: RANDOM_DRAWS }, () => random.shuffle(others).slice(0, k)),
    );
    const id = peerFinderGroupId(t.orgCode);
    if (s.groupNames.has(id)) {
      peerFinder++;
      const members = await e.store.groupMembers(id);
      put(
        "peer_finder",
        t.orgCode,
        members.filter((c) => c !== t.orgCode),
      );
    }
  }
  const missing: PeerEvaluation["missing"] = [];
  if (peerFinder === 0) {
    groups.delete("peer_finder");
    missing.push({
      method: "peer_finder",
      reason: "no NHS Trust Peer Finder groups are imported (strategy-unit-nhp/nhp-peers.csv)",
    });
  }
  return { groups, missing, persistence: { kept, of } };
}

/** How many of the trusts report a value in period p. */
function reportingIn(a: MetricAnalysis, rows: ReadonlyMap<string, number>, p: number): number {
  const P = a.matrix.periods.length;
  let n = 0;
  for (const r of rows.values()) if (Number.isFinite(a.matrix.value[r * P + p]!)) n++;
  return n;
}

/** The latest period index with at least MIN_REPORTING_TRUSTS of the trusts reporting. */
function latestPeriod(a: MetricAnalysis, rows: ReadonlyMap<string, number>): number {
  for (let p = a.matrix.periods.length - 1; p >= 0; p--)
    if (reportingIn(a, rows, p) >= MIN_REPORTING_TRUSTS) return p;
  return -1;
}

function sampleSd(xs: readonly number[]): number {
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1));
}

/** Evaluates every method over the open acute trusts (see the module comment). */
export async function evaluatePeers(
  e: EngineContext,
  k = DEFAULT_PEER_COUNT,
  metricIds: readonly string[] = HELD_OUT_METRICS,
): Promise<PeerEvaluation> {
  const s = await e.cache.current();
  const trusts = s.orgs.filter((o) => o.kind === "acute_trust" && o.closeDate === null);
  const { groups, missing, persistence } = await groupsOf(e, s, trusts, k);
  const methods = [...groups.keys()];
  const errors = new Map<PeerMethodId, Map<string, number[]>>(methods.map((m) => [m, new Map()]));
  const metrics: PeerEvaluation["metrics"] = [];
  let cases = 0;
  for (const metricId of metricIds) {
    if (!isMetricId(metricId) || !s.defs.has(metricId)) continue;
    const a = await analysisOf(e, s, metricId);
    if (!a) continue;
    const P = a.matrix.periods.length;
    const rows = new Map<string, number>();
    a.matrix.orgCodes.forEach((c, r) => {
      if (s.orgByCode.get(c)?.kind === "acute_trust") rows.set(c, r);
    });
    const p = latestPeriod(a, rows);
    if (p < 0) continue;
    // A trust's level: the mean of its values over the window ending at p (at least half of
    // the window's periods reported), so one month's noise does not decide the score.
    const from = Math.max(0, p - VALUE_WINDOW + 1);
    // Periods of the window in which the trusts reported (a snapshot publication has one).
    let reportedPeriods = 0;
    for (let q = from; q <= p; q++)
      if (reportingIn(a, rows, q) >= MIN_REPORTING_TRUSTS) reportedPeriods++;
    const levels = new Map<string, number>();
    for (const [code, r] of rows) {
      let sum = 0;
      let n = 0;
      for (let q = from; q <= p; q++) {
        const v = a.matrix.value[r * P + q]!;
        if (Number.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      if (n > 0 && 2 * n >= reportedPeriods) levels.set(code, sum / n);
    }
    const valueOf = (code: string): number | undefined => levels.get(code);
    const reported = trusts.map((t) => valueOf(t.orgCode)).filter((v) => v !== undefined);
    const sd = sampleSd(reported);
    if (!(sd > 0)) continue;
    let metricCases = 0;
    for (const t of trusts) {
      const value = valueOf(t.orgCode);
      if (value === undefined) continue;
      // A method's error for this trust: |value − median of its group| ÷ SD, averaged over the
      // group's alternatives (one, or the random draws).
      const caseErrors = new Map<PeerMethodId, number>();
      for (const m of methods) {
        let sum = 0;
        let n = 0;
        for (const members of groups.get(m)?.get(t.orgCode) ?? []) {
          const values = members.map(valueOf).filter((v) => v !== undefined);
          if (values.length < MIN_PEERS_REPORTING) continue;
          sum += Math.abs(value - quantileSorted(Float64Array.from(values).sort(), 0.5)) / sd;
          n++;
        }
        if (n === 0) break;
        caseErrors.set(m, sum / n);
      }
      // Only cases every method could predict, so the methods are scored on the same trusts.
      if (caseErrors.size < methods.length) continue;
      for (const [m, error] of caseErrors) {
        const list = errors.get(m)!;
        const byMetric = list.get(metricId) ?? [];
        byMetric.push(error);
        list.set(metricId, byMetric);
      }
      metricCases++;
    }
    cases += metricCases;
    metrics.push({ metricId, period: a.matrix.periods[p]!, cases: metricCases });
  }
  const meanOf = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const overall = (m: PeerMethodId) => meanOf([...errors.get(m)!.values()].flat());
  const englandError = overall("england");
  const randomError = overall("random");
  return {
    trusts: trusts.length,
    cases,
    metrics,
    methods: methods.map((m) => ({
      method: m,
      label: peerMethodLabel[m],
      error: overall(m),
      skill: 1 - overall(m) / englandError,
      skillVsRandom: 1 - overall(m) / randomError,
      byMetric: Object.fromEntries([...errors.get(m)!].map(([id, xs]) => [id, meanOf(xs)])),
    })),
    missing,
    persistence: { ...persistence, share: persistence.kept / persistence.of },
    k,
    dataVersion: s.version,
  };
}
