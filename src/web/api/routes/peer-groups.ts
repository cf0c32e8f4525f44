/**
 * `GET /peer-groups`: the custom peer groups offered beside the built-in ones in every
 * organisation page's peer selector (public there too), in peerGroupId order.
 */
import { z } from "zod";
import { byKey, page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { pageOf, peerGroupSchema } from "../schemas.js";

export const listPeerGroups = apiRoute({
  method: "GET",
  path: "/peer-groups",
  operationId: "listPeerGroups",
  summary: "Custom peer groups, in peerGroupId order",
  tags: ["Peer groups"],
  query: z.object({ ...pagingQuery }),
  response: pageOf(peerGroupSchema, "PeerGroup"),
  csv: { head: ["peerGroupId", "name"], rows: (p) => p.data.map((g) => [g.peerGroupId, g.name]) },
  async handle({ ctx, query }) {
    const groups = byKey(await ctx.directory.customPeerGroups(), (g) => g.peerGroupId);
    return page(groups, (g) => g.peerGroupId, query);
  },
});
