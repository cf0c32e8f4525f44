/** Recommended peers of one organisation (peers.ts) over the current version's analyses, cached. */
import { analysisOf, type EngineContext } from "./context.js";
import { featureMeans, recommendPeers, SIMILARITY_FEATURES, SIMILARITY_METHOD } from "./peers.js";
import type { RecommendedPeersResult } from "./types.js";
import type { VersionState } from "./model.js";
import type { Organisation } from "../organisations.js";

export async function recommendedIn(
  e: EngineContext,
  s: VersionState,
  org: Organisation,
  k: number,
): Promise<RecommendedPeersResult> {
  const key = `${org.orgCode}|${k}`;
  const hit = s.peers.get(key);
  if (hit) return hit;
  const features: { spec: (typeof SIMILARITY_FEATURES)[number]; means: Map<string, number> }[] = [];
  for (const spec of SIMILARITY_FEATURES) {
    if (!s.defs.has(spec.metricId)) continue;
    const a = await analysisOf(e, s, spec.metricId);
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
