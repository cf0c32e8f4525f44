/**
 * `GET /networks` and `GET /networks/{networkId}`: learning and improvement networks' public
 * facts (name, region, footprint, focus, how many members) and, for one, its active members.
 * Leads' names and notes stay on the pages.
 */
import { z } from "zod";
import { NotFoundError } from "../../../errors.js";
import type { NetworkSummary } from "../../../metrics/directory/store.js";
import { byKey, page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { networkDetailSchema, networkSchema, pageOf } from "../schemas.js";

function publicFacts(n: NetworkSummary): z.input<typeof networkSchema> {
  return {
    networkId: n.networkId,
    name: n.name,
    regionCode: n.regionCode,
    regionName: n.regionName,
    footprint: n.footprint,
    focus: n.focus,
    memberCount: n.memberCount,
    trustCount: n.trustCount,
  };
}

export const listNetworks = apiRoute({
  method: "GET",
  path: "/networks",
  operationId: "listNetworks",
  summary: "Learning and improvement networks, in networkId order",
  tags: ["Networks"],
  query: z.object({ ...pagingQuery }),
  response: pageOf(networkSchema, "Network"),
  csv: {
    head: ["networkId", "name", "regionCode", "footprint", "focus", "memberCount", "trustCount"],
    rows: (p) =>
      p.data.map((n) => [
        n.networkId,
        n.name,
        n.regionCode,
        n.footprint,
        n.focus,
        n.memberCount,
        n.trustCount,
      ]),
  },
  async handle({ ctx, query }) {
    const networks = byKey(await ctx.directory.networks(), (n) => n.networkId);
    const p = page(networks, (n) => n.networkId, query);
    return { data: p.data.map(publicFacts), next: p.next };
  },
});

export const getNetwork = apiRoute({
  method: "GET",
  path: "/networks/{networkId}",
  operationId: "getNetwork",
  summary: "One network's public facts and its active members",
  tags: ["Networks"],
  params: z.object({
    networkId: z
      .string()
      .regex(/^[a-z0-9-]{1,100}$/, "must be a network id (lower-case words joined by -)"),
  }),
  response: networkDetailSchema,
  async handle({ ctx, params }) {
    const network = (await ctx.directory.networks()).find((n) => n.networkId === params.networkId);
    if (!network) throw new NotFoundError(`No network "${params.networkId}".`);
    const members = await ctx.directory.networkMembers(network.networkId);
    return {
      ...publicFacts(network),
      members: members.map((m) => ({ orgCode: m.orgCode, name: m.name, kind: m.kind })),
    };
  },
});
