/**
 * `/org/{code}/board`: an organisation's board view, the Making Data Count summary icon table of
 * every metric of its dashboard (the same service call as `/org/{code}`), for trust boards and for
 * print. Regions and ICBs redirect to their group dashboards, as the organisation page does.
 */
import type { FastifyPluginAsync } from "fastify";
import { NotFoundError } from "../../../errors.js";
import { isAdHocGroup } from "../../../metrics/group-ref.js";
import type { AppContext } from "../../context.js";
import { withPeers } from "../../present.js";
import { BOARD_FORMATS, BOARD_MEDIA_TYPES, boardSummaryFile } from "./board-document.js";
import { boardPage } from "./board-model.js";
import { organisationRequest } from "./find-organisation.js";
import { oversightStandings } from "./oversight-standings.js";

export const boardRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code/board", async (request, reply) => {
      const { code, peers, organisation, groupDashboard } = await organisationRequest(ctx, request);
      if (groupDashboard) return reply.redirect(groupDashboard, 301);
      return reply.renderCached(
        `org-board:${code}:${peers ?? ""}`,
        async () => {
          const dashboard = await withPeers(peers, () =>
            ctx.analytics.organisationDashboard(code, peers),
          );
          const standings = await oversightStandings(ctx, code, dashboard.metrics);
          return {
            view: "organisation/board.njk",
            data: boardPage({ organisation, dashboard, peers, standings }),
          };
        },
        { adHoc: isAdHocGroup(peers) },
      );
    });

    // The same summary as a PDF drawn on the server, an Excel workbook and CSV (icon states as
    // data), each built once per data version and peer group (./board-document.ts).
    for (const format of BOARD_FORMATS) {
      app.get(`/org/:code/board.${format}`, async (request, reply) => {
        const { code, peers, organisation, groupDashboard } = await organisationRequest(
          ctx,
          request,
        );
        if (groupDashboard) throw new NotFoundError("A group has no board summary download.");
        const file = await ctx.cache.get(
          `org-board-${format}:${code}:${peers ?? ""}`,
          () => boardSummaryFile(ctx, organisation, peers, format, { generatedAt: ctx.now() }),
          { adHoc: isAdHocGroup(peers), size: (b) => b.length },
        );
        return reply
          .header("Content-Disposition", `attachment; filename="${code}-board-summary.${format}"`)
          .type(BOARD_MEDIA_TYPES[format])
          .send(file);
      });
    }
  };
