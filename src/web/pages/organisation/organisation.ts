/**
 * `/org/{code}`: an organisation's dashboard (compartments by topic, highlighted opportunities,
 * peer selector in the URL). Regions and ICBs redirect to their group dashboards.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { orgCodeSchema, param, peersSchema, withPeers } from "../../present.js";
import { checkPeers, organisationOr404 } from "./find-organisation.js";
import { organisationPage } from "./organisation-model.js";
import { oversightStandings } from "./oversight-standings.js";
import type { PeerChoices } from "./peer-options.js";

const orgParams = z.object({ code: orgCodeSchema });
const peersQuery = z.object({ peers: peersSchema });

export const organisationRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code", async (request, reply) => {
      const { code } = param(orgParams, request.params, "organisation code");
      const { peers } = param(peersQuery, request.query, "peer group");
      const organisation = await organisationOr404(ctx, code);
      await checkPeers(ctx, peers);
      if (organisation.kind === "region" || organisation.kind === "icb")
        return reply.redirect(links.organisation(organisation), 301);
      return reply.renderCached(`org:${code}:${peers ?? ""}`, async () => {
        const [dashboard, reference, choices] = await Promise.all([
          withPeers(peers, () => ctx.analytics.organisationDashboard(code, peers)),
          organisationReference(ctx, code),
          peerChoices(ctx, code),
        ]);
        const standings = await oversightStandings(ctx, code, dashboard.metrics);
        return {
          view: "organisation/organisation.njk",
          data: organisationPage({ organisation, dashboard, reference, choices, peers, standings }),
        };
      });
    });
  };

/** What the reference publications say of an organisation, once per data version. */
export const organisationReference = (ctx: AppContext, code: string) =>
  ctx.cache.get(`org-reference:${code}`, () => ctx.directory.organisationReference(code));

/** The groups offered beside the built-in ones in the peer selector, once per data version. */
export async function peerChoices(ctx: AppContext, code: string): Promise<PeerChoices> {
  const [customGroups, reference] = await Promise.all([
    ctx.cache.get("custom-peer-groups", () => ctx.directory.customPeerGroups()),
    organisationReference(ctx, code),
  ]);
  return { customGroups, peerFinder: reference.peerFinder };
}
