/**
 * `/search?q=`: organisations by name or code, typo-tolerant (an exact code opens the
 * organisation), and guides, change ideas and metrics by their words.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { guideSearch } from "../../../guides/search.js";
import { regionName } from "../../../metrics/geography.js";
import { searchMetrics } from "../../../metrics/metric-search.js";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { kindLabel, param } from "../../present.js";

const querySchema = z.object({ q: z.string().max(200).optional() });
export const searchRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const index = () => ctx.cache.get("search-index", () => ctx.directory.searchIndex());

    app.get("/search", async (request, reply) => {
      const { q = "" } = param(querySchema, request.query, "search");
      const query = q.trim();
      // Answers and pages once per data version and query: people search for the same names.
      // Queries are free text, so both are kept with the ad hoc results (the cache's small
      // bucket), where no stream of distinct queries can evict the pages everyone shares.
      const adHoc = { adHoc: true };
      const hits = query
        ? await ctx.cache.get(`search-hits:${query}`, async () => (await index())(query, 25), adHoc)
        : [];
      // An exact ODS code goes straight to the organisation.
      const exact = hits.find((h) => h.item.orgCode.toLowerCase() === query.toLowerCase());
      if (exact) return reply.redirect(links.organisation(exact.item), 303);
      // Guides change without the data changing: the page is kept per guides revision too.
      const revision = await ctx.guides.revision();
      return reply.renderCached(
        `search:${revision}:${query}`,
        async () => ({
          view: "search/search.njk",
          data: {
            query,
            ...(query
              ? guideSearch(await ctx.guides.allVersions())(query)
              : { guides: [], changeIdeas: [] }),
            metrics: query ? searchMetrics(query) : [],
            results: hits.map((h) => ({
              ...h.item,
              href: links.organisation(h.item),
              kindLabel: kindLabel[h.item.kind] ?? h.item.kind,
              regionName: h.item.regionCode ? regionName(h.item.regionCode) : null,
            })),
          },
        }),
        adHoc,
      );
    });
  };
