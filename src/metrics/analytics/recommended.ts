/**
 * Recommended peers of one organisation (peers.ts) over the current version's analyses, cached,
 * with how many of them the data one period earlier also recommended.
 */
import { analysisOf, type EngineContext } from "./context.js";
import {
  FEATURE_WINDOW,
  featureKey,
  featureMeans,
  PEER_MEASURES,
  recommendPeers,
  SIMILARITY_METHOD,
} from "./peers.js";
import type { RecommendedPeersResult } from "./types.js";
import type { VersionState } from "./model.js";
import { acuteSubtypeLabel, type Organisation } from "../organisations.js";

/** Each measure's means by featureKey over the window, leaving out the newest `drop` periods. */
export async function peerMeans(
  e: EngineContext,
  s: VersionState,
  drop = 0,
): Promise<Map<string, Map<string, number>>> {
  const means = new Map<string, Map<string, number>>();
  for (const spec of PEER_MEASURES) {
    const key = featureKey(spec);
    if (means.has(key) || !s.defs.has(spec.metricId)) continue;
    const a = await analysisOf(e, s, spec.metricId);
    if (a) means.set(key, featureMeans(a.matrix, spec, FEATURE_WINDOW, drop));
  }
  return means;
}

/**
 * The structural type a peer must share: specialist, multi-service or general acute. The
 * Oversight Framework's teaching, large, medium and small subtypes are size bands of general
 * acute trusts, which the size factor already measures (as a category of their own they made the
 * peers' predictions worse: docs/peers-evaluation.md).
 */
export const subtypeOf = (o: Organisation): string | null =>
  o.subtype === null
    ? null
    : o.subtype === "specialist" || o.subtype === "multi_service"
      ? acuteSubtypeLabel[o.subtype]
      : "general acute";

export async function recommendedIn(
  e: EngineContext,
  s: VersionState,
  org: Organisation,
  k: number,
): Promise<RecommendedPeersResult> {
  const key = `${org.orgCode}|${k}`;
  const hit = s.peers.get(key);
  if (hit) return hit;
  const input = { organisation: org, candidates: s.orgs, k, subtypeOf };
  const out = recommendPeers({ ...input, means: await peerMeans(e, s) });
  const before = recommendPeers({ ...input, means: await peerMeans(e, s, 1) });
  const earlier = new Set(before.peers.map((p) => p.orgCode));
  const result: RecommendedPeersResult = {
    organisation: org,
    k,
    features: out.features,
    own: out.own,
    peers: out.peers,
    persistence:
      out.peers.length > 0
        ? { kept: out.peers.filter((p) => earlier.has(p.orgCode)).length, of: out.peers.length }
        : null,
    method: SIMILARITY_METHOD,
    dataVersion: s.version,
  };
  s.peers.set(key, result);
  return result;
}
