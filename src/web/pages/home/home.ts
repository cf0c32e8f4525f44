/** The home page: find an organisation, the networks, the topics, and how fresh the data is. */
import type { FastifyPluginAsync } from "fastify";
import { topicTitle } from "../../../metrics/catalogue/index.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { PeriodType } from "../../../metrics/values.js";
import type { TopicFreshness, TypedPeriod } from "../../../metrics/overview.js";
import type { AppContext } from "../../context.js";
import {
  downloadHref,
  metricSources,
  registerPageDownloads,
} from "../../exports/page-downloads.js";

/** "today", "yesterday", "3 days ago". */
export function daysAgo(then: Date, now: Date): string {
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
}

export const homeRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/", async (_request, reply) => {
      // Everything but the "imported 3 days ago" wording, once per data version.
      const home = await ctx.cache.get("home", async () => {
        const overview = await ctx.overview.overview();
        const latest = overview.latest.map((m) => ({
          ...m,
          first: formatPeriod(m.firstPeriod, m.periodType as PeriodType),
          last: formatPeriod(m.latestPeriod, m.periodType as PeriodType),
        }));
        const topics = overview.topics.map((t) => ({ ...t, title: topicTitle(t.topic) }));
        // The import times the wording counts days from.
        const instants = [
          ...new Set(
            [...latest.map((m) => m.lastImportedAt), ...topics.map((t) => t.imported)].flatMap(
              (d) => (d ? [new Date(d).getTime()] : []),
            ),
          ),
        ];
        return { overview, latest, topics, instants };
      });
      const now = ctx.now();
      // The page is rendered once per data version and wording (the days since each import).
      const days = home.instants.map((t) => daysAgo(new Date(t), now)).join("|");
      return reply.renderCached(`home:${days}`, async () => ({
        view: "home/home.njk",
        data: {
          ...home.overview,
          latest: home.latest.map((m) => ({
            ...m,
            imported: m.lastImportedAt ? daysAgo(new Date(m.lastImportedAt), now) : null,
          })),
          topics: home.topics.map((t) => ({ ...t, freshness: topicFreshness(t, now) })),
          latestCsv: downloadHref("/", "latest-periods", "csv"),
        },
      }));
    });

    // The table of latest periods as CSV (src/web/exports/page-downloads.ts).
    registerPageDownloads(
      app,
      ctx,
      "/",
      async () => {
        const { latest } = await ctx.overview.overview();
        return {
          stem: "improvement-hub",
          source: metricSources(latest.map((m) => m.metricId)),
          // Each metric's periods are its own row's: the block names no single period.
          period: "each row's first and latest periods",
          charts: [],
          tables: [
            {
              id: "latest-periods",
              head: [
                "metric_id",
                "metric",
                "period_type",
                "first_period",
                "latest_period",
                "latest_organisation_period",
                "organisations",
                "values",
                "last_imported_at",
              ],
              rows: latest.map((m) => [
                m.metricId,
                m.title,
                m.periodType,
                m.firstPeriod,
                m.latestPeriod,
                m.latestOrganisationPeriod,
                m.organisations,
                m.values,
                m.lastImportedAt ? new Date(m.lastImportedAt).toISOString() : null,
              ]),
            },
          ],
        };
      },
      { audience: "public", tablesOnly: true },
    );
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
