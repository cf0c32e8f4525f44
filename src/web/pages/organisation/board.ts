/**
 * `/org/{code}/board`: an organisation's board view, the Making Data Count summary icon table of
 * every metric of its dashboard (the same service call as `/org/{code}`), for trust boards and for
 * print. Regions and ICBs redirect to their group dashboards, as the organisation page does.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { NotFoundError } from "../../../errors.js";
import { isAdHocGroup } from "../../../metrics/group-ref.js";
import type { AppContext } from "../../context.js";
import { withPeers } from "../../present.js";
import { documentPdf } from "../../exports/pdf.js";
import { documentXlsx } from "../../exports/xlsx.js";
import { boardDocument } from "./board-document.js";
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

    /** The board summary's model, as the page builds it (kept per data version by the page cache). */
    async function boardModel(request: FastifyRequest) {
      const { code, peers, organisation, groupDashboard } = await organisationRequest(ctx, request);
      if (groupDashboard) throw new NotFoundError("A group has no board summary download.");
      const dashboard = await withPeers(peers, () =>
        ctx.analytics.organisationDashboard(code, peers),
      );
      const standings = await oversightStandings(ctx, code, dashboard.metrics);
      return { code, peers, page: boardPage({ organisation, dashboard, peers, standings }) };
    }

    const site = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

    // The same summary as a PDF drawn on the server and as an Excel workbook (src/web/exports),
    // each built once per data version and peer group.
    for (const format of ["pdf", "xlsx"] as const) {
      app.get(`/org/:code/board.${format}`, async (request, reply) => {
        const { code, peers, page } = await boardModel(request);
        const file = await ctx.cache.get(
          `org-board-${format}:${code}:${peers ?? ""}`,
          async () => {
            const doc = boardDocument(page, {
              generatedAt: ctx.now(),
              site: site(request),
              codes: format === "xlsx",
            });
            return format === "pdf" ? documentPdf(doc) : documentXlsx(doc);
          },
          { adHoc: isAdHocGroup(peers), size: (b) => b.length },
        );
        return reply
          .header("Content-Disposition", `attachment; filename="${code}-board-summary.${format}"`)
          .type(
            format === "pdf"
              ? "application/pdf"
              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          )
          .send(file);
      });
    }
  };
