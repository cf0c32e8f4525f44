/**
 * `/search?q=`: organisations by name or code, typo-tolerant (an exact code opens the
 * organisation); guides, change ideas and metrics by their words; and the learning posts and
 * test-at-scale proposals the reader may see (docs/web.md "Search").
 *
 * The parts everyone shares are kept per data version and guides revision; posts and proposals
 * are asked for on every request, through the learning and proposal services' own read rules,
 * so a network-only post or a draft reaches no page its reader may not see. The page itself is
 * small and rendered per request (a few milliseconds).
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { guideSearch } from "../../../guides/search.js";
import { regionName } from "../../../metrics/geography.js";
import { searchMetrics } from "../../../metrics/metric-search.js";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { kindLabel, longDate, param } from "../../present.js";
import { networkName } from "../learning/learning-model.js";
import { stateLabel } from "../proposals/proposals-model.js";

const querySchema = z.object({ q: z.string().max(200).optional() });

/** At most this many proposals are listed; posts come a feed page at a time (20). */
const PROPOSALS_LISTED = 25;

export const searchRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const index = () => ctx.cache.get("search-index", () => ctx.directory.searchIndex());

    app.get("/search", async (request, reply) => {
      const { q = "" } = param(querySchema, request.query, "search");
      const query = q.trim();
      // Answers once per data version and query: people search for the same names. Queries are
      // free text, so they are kept with the ad hoc results (the cache's small bucket), where no
      // stream of distinct queries can evict the pages everyone shares.
      const adHoc = { adHoc: true };
      const hits = query
        ? await ctx.cache.get(`search-hits:${query}`, async () => (await index())(query, 25), adHoc)
        : [];
      // An exact ODS code goes straight to the organisation.
      const exact = hits.find((h) => h.item.orgCode.toLowerCase() === query.toLowerCase());
      if (exact) return reply.redirect(links.organisation(exact.item), 303);
      if (!query) return reply.render("search/search.njk", { query });
      // Guides change without the data changing: their results are kept per guides revision too.
      const revision = await ctx.guides.revision();
      const [shared, feed, proposals] = await Promise.all([
        ctx.cache.get(
          `search-words:${revision}:${query}`,
          async () => ({
            ...guideSearch(await ctx.guides.allVersions())(query),
            metrics: searchMetrics(query),
          }),
          adHoc,
        ),
        ctx.learning.feed(request.actor, { text: query }, 1),
        ctx.proposals.search(request.actor, query, PROPOSALS_LISTED),
      ]);
      return reply.render("search/search.njk", {
        query,
        ...shared,
        results: hits.map((h) => ({
          ...h.item,
          href: links.organisation(h.item),
          kindLabel: kindLabel[h.item.kind] ?? h.item.kind,
          regionName: h.item.regionCode ? regionName(h.item.regionCode) : null,
        })),
        posts: feed.posts.map((p) => ({
          href: `/learning/${p.postId}`,
          title: p.title,
          network: networkName(p.networkId),
          published: p.publishedAt ? longDate(p.publishedAt.toISOString().slice(0, 10)) : null,
          membersOnly: p.visibility === "network",
        })),
        postsTotal: feed.total,
        morePostsHref:
          feed.total > feed.posts.length
            ? `/learning?${new URLSearchParams({ q: query }).toString()}`
            : null,
        proposals: proposals.map((p) => ({
          href: `/proposals/${p.proposalId}`,
          title: p.title,
          network: networkName(p.networkId),
          state: stateLabel(p.state),
          aim: p.aim,
        })),
      });
    });
  };
