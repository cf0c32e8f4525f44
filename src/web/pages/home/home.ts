/** The home page: find an organisation, the networks, the topics, and how fresh the data is. */
import { createHash } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import { topicTitle } from "../../../metrics/catalogue/index.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { PeriodType } from "../../../metrics/values.js";
import type { TopicFreshness, TypedPeriod } from "../../../metrics/overview.js";
import type { AppContext } from "../../context.js";

/** "today", "yesterday", "3 days ago". */
export function daysAgo(then: Date, now: Date): string {
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
}

export const homeRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/", async (_request, reply) => {
      const overview = await ctx.cache.get("home", () => ctx.overview.overview());
      const model = {
        ...overview,
        topics: overview.topics.map((t) => ({ ...t, title: topicTitle(t.topic) })),
      };
      const now = ctx.now();
      const data = {
        ...model,
        latest: model.latest.map((m) => ({
          ...m,
          first: formatPeriod(m.firstPeriod, m.periodType as PeriodType),
          last: formatPeriod(m.latestPeriod, m.periodType as PeriodType),
          imported: m.lastImportedAt ? daysAgo(new Date(m.lastImportedAt), now) : null,
        })),
        topics: model.topics.map((t) => ({
          ...t,
          freshness: topicFreshness(t, now),
        })),
      };
      // Only the "imported 3 days ago" wording changes with the clock, so the page is rendered
      // once per data version and wording, and then served from the cache.
      const wording = [
        ...data.latest.map((m) => m.imported),
        ...data.topics.map((t) => t.freshness),
      ];
      return reply.renderCached(
        `home:${createHash("sha1").update(wording.join("|")).digest("base64url")}`,
        async () => ({
          view: "home/home.njk",
          data,
        }),
      );
    });
  };

/**
 * How fresh a topic's data is, per level: "organisations' data to July 2025"; where England's
 * or a region's series runs later, that too ("England's to May 2024"), since a national series
 * can run years past the trusts' (RTT: trusts' to May 2022, England's to May 2024).
 */
export function topicFreshness(t: TopicFreshness, now: Date): string {
  const say = (p: TypedPeriod) => formatPeriod(p.period, p.periodType);
  const imported = t.imported ? `, imported ${daysAgo(new Date(t.imported), now)}` : "";
  if (t.organisations && t.nationalLater)
    return `organisations' data to ${say(t.organisations)}, national to ${say(t.nationalLater)}${imported}`;
  if (t.organisations) return `organisations' data to ${say(t.organisations)}${imported}`;
  if (t.nationalLater) return `national data only, to ${say(t.nationalLater)}${imported}`;
  return "no data yet";
}
