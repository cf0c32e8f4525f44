/**
 * `GET /peer-groups`: every group the other endpoints accept as `peerGroup` or `group`, each with
 * its group reference text (src/metrics/group-ref.ts): the built-in ones (England, each NHS
 * England region and ICB, each provider kind, each network) and the stored custom ones offered
 * beside them in every organisation page's peer selector, in peerGroupId order.
 */
import { z } from "zod";
import { formatGroupRef, type GroupRef } from "../../../metrics/group-ref.js";
import { orgKindLabel, providerKinds } from "../../../metrics/organisations.js";
import { byKey, page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { pageOf, peerGroupKinds, peerGroupSchema } from "../schemas.js";

type PeerGroupOut = z.input<typeof peerGroupSchema>;

function group(ref: GroupRef, kind: PeerGroupOut["kind"], name: string): PeerGroupOut {
  const text = formatGroupRef(ref);
  return { peerGroupId: text, groupRef: text, kind, name };
}

export const listPeerGroups = apiRoute({
  method: "GET",
  path: "/peer-groups",
  operationId: "listPeerGroups",
  summary: "Built-in and custom peer groups with their group references, in peerGroupId order",
  description:
    "`groupRef` is what `peerGroup` (comparison, opportunities) and `group` (funnel) accept. Region, ICB and kind groups hold the providers (trusts) in them.",
  tags: ["Peer groups"],
  query: z.object({
    kind: z.enum(peerGroupKinds).optional().describe("Only groups of this kind."),
    ...pagingQuery,
  }),
  response: pageOf(peerGroupSchema, "PeerGroup"),
  csv: {
    head: ["peerGroupId", "kind", "name", "groupRef"],
    rows: (p) => p.data.map((g) => [g.peerGroupId, g.kind, g.name, g.groupRef]),
  },
  async handle({ ctx, query }) {
    const [regions, icbs, networks, custom] = await Promise.all([
      ctx.directory.organisations({ kind: "region" }),
      ctx.directory.organisations({ kind: "icb" }),
      ctx.directory.networks(),
      ctx.directory.customPeerGroups(),
    ]);
    const all: PeerGroupOut[] = [
      group({ kind: "england" }, "england", "England: every NHS provider"),
      ...regions.map((o) => group({ kind: "region", regionCode: o.orgCode }, "region", o.name)),
      ...icbs.map((o) => group({ kind: "icb", icbCode: o.orgCode }, "icb", o.name)),
      ...providerKinds.map((k) =>
        group(
          { kind: "org_kind", orgKind: k },
          "org_kind",
          `Every ${orgKindLabel[k].toLowerCase()}`,
        ),
      ),
      ...networks.map((n) => group({ kind: "network", networkId: n.networkId }, "network", n.name)),
      ...custom.map((g) => ({
        peerGroupId: g.peerGroupId,
        groupRef: g.peerGroupId,
        kind: "custom" as const,
        name: g.name,
      })),
    ];
    const chosen = query.kind ? all.filter((g) => g.kind === query.kind) : all;
    return page(
      byKey(chosen, (g) => g.peerGroupId),
      (g) => g.peerGroupId,
      query,
    );
  },
});
