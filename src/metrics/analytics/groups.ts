/**
 * Groups: the members and name of a group reference (src/metrics/group-ref.ts) for the current
 * version, and the cached numerics of a group for one metric and period.
 */
import { UsageError } from "../../errors.js";
import { canonicalGroupRef, isAdHocGroup, parseGroupRef, type GroupRefText } from "../group-ref.js";
import { isProviderKind } from "../organisations.js";
import type { EngineContext } from "./context.js";
import { computeGroupPeriod } from "./group-period.js";
import { recommendedIn } from "./recommended.js";
import { groupNames } from "./sentences.js";
import { nameOf, organisation } from "./state.js";
import type { GroupInfo, OpportunityBenchmark } from "./types.js";
import type { GroupPeriod, MetricAnalysis, VersionState } from "./model.js";

/** Default peers (one home: group-ref.ts): all acute trusts for an acute trust, else its kind. */
export { defaultGroup } from "../group-ref.js";

export async function resolveGroup(
  e: EngineContext,
  s: VersionState,
  ref: GroupRefText,
): Promise<{ info: GroupInfo; codes: readonly string[] }> {
  let codes: readonly string[];
  let name: string;
  const providers = () => s.orgs.filter((o) => isProviderKind(o.kind));
  const group = parseGroupRef(ref);
  switch (group.kind) {
    case "england":
      codes = providers().map((o) => o.orgCode);
      name = groupNames.england;
      break;
    case "org_kind":
      codes = s.orgs.filter((o) => o.kind === group.orgKind).map((o) => o.orgCode);
      name = groupNames.orgKind(group.orgKind);
      break;
    case "region":
      codes = providers()
        .filter((o) => o.regionCode === group.regionCode)
        .map((o) => o.orgCode);
      name = groupNames.providersIn(nameOf(s, group.regionCode));
      break;
    case "icb":
      codes = providers()
        .filter((o) => o.icbCode === group.icbCode)
        .map((o) => o.orgCode);
      name = groupNames.providersIn(nameOf(s, group.icbCode));
      break;
    case "recommended": {
      const org = organisation(s, group.orgCode);
      const peers = await recommendedIn(e, s, org, e.peerCount);
      codes = [org.orgCode, ...peers.peers.map((p) => p.orgCode)];
      name = groupNames.recommended(org.name, peers.peers.length);
      break;
    }
    case "orgs":
      codes = group.orgCodes;
      for (const c of codes) organisation(s, c);
      name = groupNames.chosen(codes.length);
      break;
    case "network":
    case "peer_group": {
      // A network's members are its seeded peer group `network-<id>` (same rule, reference.ts).
      const id = group.kind === "network" ? `network-${group.networkId}` : group.peerGroupId;
      let known = s.groupNames.get(id);
      if (known === undefined) {
        // Perhaps created since the state was loaded (within the version-check interval).
        for (const g of await e.store.peerGroups()) s.groupNames.set(g.peerGroupId, g.name);
        known = s.groupNames.get(id);
      }
      if (known === undefined)
        throw new UsageError(
          group.kind === "network"
            ? `Unknown network "${group.networkId}"`
            : `Unknown peer group "${ref}" (a peer group id such as acute, region-Y56, icb-QMF, network-<id>, peer-finder-<ORG>, or england, kind:<kind>, recommended:<ORG>, orgs:A,B)`,
        );
      let members = s.members.get(id);
      if (!members) {
        members = e.store.groupMembers(id);
        s.members.set(id, members);
      }
      codes = await members;
      name = known;
      break;
    }
  }
  const open = codes.filter((c) => s.orgByCode.get(c)?.closeDate === null).length;
  return { info: { groupRef: ref, name, members: codes.length, open }, codes };
}

/** Everything about a group's members for one metric and period (cached per version, by bytes). */
export async function groupPeriod(
  e: EngineContext,
  s: VersionState,
  a: MetricAnalysis,
  ref: GroupRefText,
  p: number,
  oppKind: OpportunityBenchmark,
): Promise<GroupPeriod> {
  // One entry for every spelling of the same group (orgs:B,A,A is orgs:A,B).
  const canonical = canonicalGroupRef(ref);
  const cache = isAdHocGroup(canonical) ? s.groupPeriods.adHoc : s.groupPeriods.shared;
  const key = `${a.def.id}|${canonical}|${p}|${oppKind}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { info, codes } = await resolveGroup(e, s, canonical);
  const gp = computeGroupPeriod(s, a, info, codes, p, oppKind, e.overdispersion);
  cache.set(key, gp);
  return gp;
}
