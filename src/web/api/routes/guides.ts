/**
 * Improvement guides through the API, by the guide service's public reads (src/guides/service.ts):
 * `GET /guides` (each guide by its newest published version), `GET /guides/{slug}` (the newest
 * version in full: sections, change ideas, tracking measures) and `GET /guides/{slug}/versions`
 * (every published version, newest first, with its changelog and the metrics it tracks).
 */
import { z } from "zod";
import { slugSchema } from "../../../guides/types.js";
import { byKey, page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { guideSchema, guideSummarySchema, guideVersionsSchema, pageOf } from "../schemas.js";

const slugParameter = z.object({
  slug: slugSchema.describe("The guide's id, lower-kebab-case, e.g. same-day-emergency-care."),
});

export const listGuides = apiRoute({
  method: "GET",
  path: "/guides",
  operationId: "listGuides",
  summary: "Improvement guides, each by its newest published version, in guideId order",
  tags: ["Guides"],
  freshness: "content",
  query: z.object({ ...pagingQuery }),
  response: pageOf(guideSummarySchema, "GuideSummary"),
  csv: {
    head: [
      "guideId",
      "title",
      "topic",
      "currentVersion",
      "status",
      "published",
      "versionCount",
      "changeIdeaCount",
    ],
    rows: (p) =>
      p.data.map((g) => [
        g.guideId,
        g.title,
        g.topic,
        g.currentVersion,
        g.status,
        g.published,
        g.versionCount,
        g.changeIdeaCount,
      ]),
  },
  async handle({ ctx, query }) {
    const guides = byKey(await ctx.guides.list(), (g) => g.guideId);
    return page(guides, (g) => g.guideId, query);
  },
});

export const getGuide = apiRoute({
  method: "GET",
  path: "/guides/{slug}",
  operationId: "getGuide",
  summary: "A guide's newest published version in full",
  tags: ["Guides"],
  freshness: "content",
  params: slugParameter,
  response: guideSchema,
  csv: {
    head: ["guideId", "version", "sectionId", "changeIdeaId", "title", "measures"],
    rows: (g) =>
      g.sections.flatMap((s) =>
        s.changeIdeas.map((c) => [g.guideId, g.version, s.id, c.id, c.title, c.measures.join(" ")]),
      ),
  },
  handle: async ({ ctx, params }) => ctx.guides.current(params.slug),
});

export const listGuideVersions = apiRoute({
  method: "GET",
  path: "/guides/{slug}/versions",
  operationId: "listGuideVersions",
  summary: "A guide's published versions, newest first, with changelogs and tracked metrics",
  tags: ["Guides"],
  freshness: "content",
  params: slugParameter,
  response: guideVersionsSchema,
  csv: {
    head: ["guideId", "version", "status", "published", "changelog", "metrics"],
    rows: (r) =>
      r.data.map((v) => [
        v.guideId,
        v.version,
        v.status,
        v.published,
        v.changelog.map((e) => e.text).join("\n"),
        v.measures.map((m) => `${m.metricId} (${m.role})`).join(" "),
      ]),
  },
  async handle({ ctx, params }) {
    const versions = await ctx.guides.versions(params.slug);
    const data = await Promise.all(
      versions.map(async (s) => {
        const v = await ctx.guides.version(s.guideId, s.version);
        return {
          guideId: s.guideId,
          version: s.version,
          title: s.title,
          status: s.status,
          published: s.published,
          changelog: s.changelog,
          measures: v.measures.map((m) => ({ metricId: m.metricId, role: m.role })),
        };
      }),
    );
    return { data };
  },
});
