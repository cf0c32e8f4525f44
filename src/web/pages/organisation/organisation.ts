/**
 * `/org/{code}`: an organisation's dashboard (compartments by topic, highlighted opportunities,
 * peer selector in the URL). Regions and ICBs redirect to their group dashboards.
 */
import type { FastifyPluginAsync } from "fastify";
import { isAdHocGroup } from "../../../metrics/group-ref.js";
import type { AppContext } from "../../context.js";
import { withPeers } from "../../present.js";
import { organisationRequest } from "./find-organisation.js";
import { organisationPage } from "./organisation-model.js";
import { oversightStandings } from "./oversight-standings.js";
import type { PeerChoices } from "./peer-options.js";

export const organisationRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code", async (request, reply) => {
      const { code, peers, organisation, groupDashboard } = await organisationRequest(ctx, request);
      if (groupDashboard) return reply.redirect(groupDashboard, 301);
      return reply.renderCached(
        `org:${code}:${peers ?? ""}`,
        async () => {
          const [dashboard, reference, choices] = await Promise.all([
            withPeers(peers, () => ctx.analytics.organisationDashboard(code, peers)),
            organisationReference(ctx, code),
            peerChoices(ctx, code),
          ]);
          const standings = await oversightStandings(ctx, code, dashboard.metrics);
          return {
            view: "organisation/organisation.njk",
            data: organisationPage({
              organisation,
              dashboard,
              reference,
              choices,
              peers,
              standings,
            }),
          };
        },
        { adHoc: isAdHocGroup(peers) },
      );
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
