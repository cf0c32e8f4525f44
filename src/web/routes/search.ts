/** `/search?q=` (organisation by name or code, typo-tolerant) and `/organisations` (all, by region). */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { regionName } from "../../metrics/geography.js";
import { providerKinds, type OrgKind } from "../../metrics/organisations.js";
import type { AppContext } from "../context.js";
import { kindLabel, param } from "../present.js";

/** The kinds the organisations list filters by: providers, ICBs and the other reporters. */
const listableKinds = [
  ...providerKinds,
  "icb",
  "independent_provider",
  "unlisted_provider",
  "other",
] as const satisfies readonly OrgKind[];

const querySchema = z.object({ q: z.string().max(200).optional() });
const listSchema = z.object({
  kind: z.enum([...listableKinds, "all"]).optional(),
  closed: z.enum(["include"]).optional(),
});

export const searchRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const index = () => ctx.cache.get("search-index", () => ctx.directory.searchIndex());

    app.get("/search", async (request, reply) => {
      const { q = "" } = param(querySchema, request.query, "search");
      const query = q.trim();
      const hits = query ? (await index())(query, 25) : [];
      // An exact ODS code goes straight to the organisation.
      const exact = hits.find((h) => h.item.orgCode.toLowerCase() === query.toLowerCase());
      if (exact) return reply.redirect(orgHref(exact.item), 303);
      return reply.render("search.njk", {
        query,
        results: hits.map((h) => ({
          ...h.item,
          href: orgHref(h.item),
          kindLabel: kindLabel[h.item.kind] ?? h.item.kind,
          regionName: h.item.regionCode ? regionName(h.item.regionCode) : null,
        })),
      });
    });

    app.get("/organisations", async (request, reply) => {
      const { kind = "acute_trust", closed } = param(listSchema, request.query, "filter");
      const orgs = await ctx.directory.organisations({
        kind: kind === "all" ? undefined : kind,
        includeClosed: closed === "include",
      });
      const byRegion = new Map<string, typeof orgs>();
      for (const o of orgs) {
        if (o.kind === "country" || o.kind === "region") continue;
        const key = o.regionCode ?? "";
        byRegion.set(key, [...(byRegion.get(key) ?? []), o]);
      }
      const groups = [...byRegion.entries()]
        .map(([code, list]) => ({
          code,
          name: code ? (regionName(code) ?? code) : "Region not known",
          orgs: list.map((o) => ({
            ...o,
            href: orgHref(o),
            kindLabel: kindLabel[o.kind] ?? o.kind,
          })),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return reply.render("organisations.njk", {
        groups,
        kind,
        includeClosed: closed === "include",
        kinds: Object.entries(kindLabel).filter(
          ([k]) => !["country", "region", "sub_icb"].includes(k),
        ),
      });
    });
  };

/** Where an organisation's page is: ICBs and regions have group dashboards. */
export function orgHref(o: { orgCode: string; kind: string }): string {
  if (o.kind === "region") return `/regions/${o.orgCode}`;
  if (o.kind === "icb") return `/icbs/${o.orgCode}`;
  return `/org/${o.orgCode}`;
}
