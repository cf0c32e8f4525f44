/** `/organisations`: every organisation of a kind (acute trusts by default), by region. */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { regionName } from "../../../metrics/geography.js";
import { providerKinds, type OrgKind } from "../../../metrics/organisations.js";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { kindLabel, param } from "../../present.js";

/** The kinds the organisations list filters by: providers, ICBs and the other reporters. */
const listableKinds = [
  ...providerKinds,
  "icb",
  "independent_provider",
  "unlisted_provider",
  "other",
] as const satisfies readonly OrgKind[];

const listSchema = z.object({
  kind: z.enum([...listableKinds, "all"]).optional(),
  closed: z.enum(["include"]).optional(),
});

export const organisationsRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/organisations", async (request, reply) => {
      const { kind = "acute_trust", closed } = param(listSchema, request.query, "filter");
      // Once per data version and filter (the list is the same for every visitor).
      return reply.renderCached(`organisations:${kind}:${closed ?? ""}`, async () => {
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
              href: links.organisation(o),
              kindLabel: kindLabel[o.kind] ?? o.kind,
            })),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
        return {
          view: "organisations/organisations.njk",
          data: {
            groups,
            kind,
            includeClosed: closed === "include",
            kinds: Object.entries(kindLabel).filter(
              ([k]) => !["country", "region", "sub_icb"].includes(k),
            ),
          },
        };
      });
    });
  };
