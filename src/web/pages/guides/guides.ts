/**
 * The guide reading pages (issue 16; docs/guides.md "Reading a guide and its data"): `/guides`,
 * a guide's current version, any version at its stable address, and a guide's versions. A version
 * page shows its tracking measures beside an organisation's data and ranks its change ideas for
 * that organisation: the reader's own (their organisation grant) or any they pick with `?org=`.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { z } from "zod";
import { NotFoundError, UsageError } from "../../../errors.js";
import { guideEvidence } from "../../../guides/evidence.js";
import { rankChangeIdeas } from "../../../guides/ranking.js";
import { slugSchema, versionNumberSchema, type GuideVersion } from "../../../guides/types.js";
import type { Organisation, OrgKind } from "../../../metrics/organisations.js";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { orgCodeSchema } from "../../present.js";
import { diffVersions } from "../../../guides/diff.js";
import { comparePage } from "./compare-model.js";
import { compareVersions } from "../../../guides/versions.js";
import { guideLinks, guideListPage, guideVersionPage, guideVersionsPage } from "./guide-model.js";
import { testedIdeas } from "../learning/tested-ideas.js";

const guideParams = z.object({ guideId: slugSchema });
const versionParams = z.object({ guideId: slugSchema, version: versionNumberSchema });
const compareQuery = z.object({
  from: versionNumberSchema.optional(),
  to: versionNumberSchema.optional(),
});
const orgQuery = z.object({
  org: z.union([z.literal("").transform(() => undefined), orgCodeSchema]).optional(),
});

/** Bad path parameters are pages that do not exist: the site's 404. */
function pathParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError("There is no such guide or version.");
  return parsed.data;
}

/** The organisation kinds a guide's care settings are about, for the organisation select. */
const KINDS: Record<string, OrgKind[]> = {
  acute: ["acute_trust"],
  mental_health: ["mental_health_trust"],
  community: ["community_trust"],
  primary_care: ["sub_icb"],
};

const GROUP_KINDS: ReadonlySet<OrgKind> = new Set(["country", "region", "icb"]);

const organisationsByCode = (ctx: AppContext) =>
  ctx.cache.get(
    "guides:organisations",
    async () =>
      new Map(
        (await ctx.directory.organisations({ includeClosed: false })).map((o) => [o.orgCode, o]),
      ),
  );

/** The organisation the page is about, the reader's own, and the ones offered to choose from. */
async function chooseOrganisation(ctx: AppContext, request: FastifyRequest, v: GuideVersion) {
  const parsed = orgQuery.safeParse(request.query);
  if (!parsed.success) {
    const given = (request.query as Record<string, unknown> | null)?.org;
    throw new UsageError(
      `The organisation "${typeof given === "string" ? given : ""}" is not an ODS code: choose one from the list.`,
    );
  }
  const byCode = await organisationsByCode(ctx);
  const actor = request.actor;
  const own =
    actor?.kind === "user"
      ? actor.grants
          .flatMap((g) => (g.scope.kind === "organisation" ? [g.scope.orgCode] : []))
          .filter((code, i, all) => all.indexOf(code) === i)
          .map((code) => byCode.get(code))
          .filter((o): o is Organisation => o !== undefined && !GROUP_KINDS.has(o.kind))
      : [];
  const kinds = new Set(v.careSettings.flatMap((c) => KINDS[c] ?? []));
  const options = [...byCode.values()]
    .filter((o) => kinds.has(o.kind))
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  let organisation: Organisation | null = own[0] ?? null;
  if (parsed.data.org) {
    organisation = byCode.get(parsed.data.org) ?? null;
    if (!organisation)
      throw new UsageError(
        `There is no open organisation with the code ${parsed.data.org}: choose one from the list.`,
      );
    // Regions and ICBs have group dashboards of their members' figures, not figures of their own.
    if (GROUP_KINDS.has(organisation.kind))
      throw new UsageError(
        `${organisation.name} (${organisation.orgCode}) is a group of organisations: choose one organisation from the list.`,
      );
  }
  if (organisation && !options.some((o) => o.orgCode === organisation.orgCode))
    options.unshift(organisation);
  return { organisation, own, options };
}

/** The measures beside an organisation's data and the ranked change ideas, once per data version. */
const evidenceOf = (ctx: AppContext, v: GuideVersion, orgCode: string) =>
  ctx.cache.get(`guide-evidence:${v.guideId}:${v.version}:${orgCode}`, async () => {
    const dashboard = await ctx.analytics.organisationDashboard(orgCode);
    const evidence = await guideEvidence(ctx.analytics, v, dashboard);
    return { evidence, ranked: rankChangeIdeas(v, evidence.signals) };
  });

export const guideRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/guides", async (_request, reply) =>
      reply.render("guides/guide-list.njk", guideListPage(await ctx.guides.list())),
    );

    async function versionPage(request: FastifyRequest, guideId: string, version?: string) {
      const versions = await ctx.guides.versions(guideId);
      const v = version
        ? await ctx.guides.version(guideId, version)
        : await ctx.guides.current(guideId);
      const i = versions.findIndex((s) => s.version === v.version);
      const choice = await chooseOrganisation(ctx, request, v);
      const data = choice.organisation
        ? await evidenceOf(ctx, v, choice.organisation.orgCode)
        : null;
      // A reader whose organisation assessed itself against an older version is told what has
      // changed since (issue 16: "a reader who assessed against 1.0 sees what changed since").
      const own = choice.own[0];
      const assessed =
        own && request.actor
          ? await ctx.assessments.lastAssessedVersion(request.actor, own.orgCode, guideId)
          : null;
      const lastAssessed =
        assessed && compareVersions(assessed, versions[0]!.version) < 0
          ? {
              organisation: own!.name,
              version: assessed,
              compareHref: guideLinks.compare(guideId, assessed, versions[0]!.version),
            }
          : null;
      // The learning posts that tested each change idea (src/web/pages/learning/tested-ideas.ts).
      const tested = await testedIdeas(ctx, request.actor, guideId);
      return {
        tested,
        ...guideVersionPage({
          version: v,
          current: versions[0]!,
          previous: versions[i + 1] ?? null,
          evidence: data?.evidence ?? null,
          ranked: data?.ranked ?? null,
          choice,
          lastAssessed,
          signedIn: request.actor?.kind === "user",
          signInHref: links.signIn(request.url),
        }),
      };
    }

    app.get("/guides/:guideId", async (request, reply) => {
      const { guideId } = pathParams(guideParams, request.params);
      return reply.render("guides/guide.njk", await versionPage(request, guideId));
    });

    app.get("/guides/:guideId/versions", async (request, reply) => {
      const { guideId } = pathParams(guideParams, request.params);
      const [current, versions] = await Promise.all([
        ctx.guides.current(guideId),
        ctx.guides.versions(guideId),
      ]);
      return reply.render("guides/guide-versions.njk", guideVersionsPage(current, versions));
    });

    app.get("/guides/:guideId/versions/:version", async (request, reply) => {
      const { guideId, version } = pathParams(versionParams, request.params);
      return reply.render("guides/guide.njk", await versionPage(request, guideId, version));
    });

    app.get("/guides/:guideId/compare", async (request, reply) => {
      const { guideId } = pathParams(guideParams, request.params);
      const query = compareQuery.safeParse(request.query);
      if (!query.success)
        throw new UsageError(
          "Choose the versions to compare from the lists: a version is a number such as 1.0.",
        );
      const versions = await ctx.guides.versions(guideId);
      // By default: the version before the current one, to the current one.
      const to = query.data.to ?? versions[0]!.version;
      const from = query.data.from ?? versions[1]?.version ?? to;
      const [a, b] = await Promise.all([
        ctx.guides.version(guideId, from),
        ctx.guides.version(guideId, to),
      ]);
      return reply.render(
        "guides/guide-compare.njk",
        comparePage({ guideId, title: b.title, versions, from, to, diff: diffVersions(a, b) }),
      );
    });
  };
