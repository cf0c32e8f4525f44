/**
 * Self-assessment pages (issue 16; docs/guides.md "Self-assessment"): the matrices, an
 * organisation's rounds over time, starting, editing, submitting and sharing a round, the CSV of
 * its own rounds, and a network's side-by-side view of members' SHARED rounds. Every read goes
 * through the assessment service, which decides who sees what (private rounds: their
 * organisation only, 404 for anyone else). Plain forms, POST-redirect-GET, no script.
 */
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { z } from "zod";
import type { Actor } from "../../../accounts/actor.js";
import type { RoundInput } from "../../../assessments/service.js";
import type { Matrix, Round } from "../../../assessments/types.js";
import { NotFoundError } from "../../../errors.js";
import { figureHtml } from "../../charts/index.js";
import {
  chartDownloads,
  downloadHref,
  registerPageDownloads,
} from "../../exports/page-downloads.js";
import type { AppContext } from "../../context.js";
import { fieldErrorsOf, formFields, formPage, personal } from "../../forms.js";
import { param } from "../../present.js";
import { NOT_METRIC_DATA, provenanceLines } from "../../../metrics/csv.js";
import {
  changes,
  dateText,
  historyChart,
  levelText,
  overallScore,
  roundsCsv,
} from "./assessments-model.js";

const matrixParams = z.object({ matrixId: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const orgQuery = z.object({
  org: z
    .string()
    .regex(/^[A-Za-z0-9]{3,5}$/)
    .transform((s) => s.toUpperCase()),
});
const roundParams = matrixParams.extend({
  roundId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
const networkParams = matrixParams.extend({ networkId: z.string().regex(/^[a-z0-9-]{2,80}$/) });

/** The organisations an actor belongs to (their organisation grants). */
function ownOrganisations(actor: Actor): string[] {
  if (actor.kind !== "user") return [];
  return [
    ...new Set(
      actor.grants.flatMap((g) => (g.scope.kind === "organisation" ? [g.scope.orgCode] : [])),
    ),
  ];
}

/** The networks an actor is a member or lead of. */
function networksOf(actor: Actor): string[] {
  if (actor.kind !== "user") return [];
  return [
    ...new Set(
      actor.grants.flatMap((g) =>
        (g.role === "network_member" || g.role === "network_lead") && g.scope.kind === "network"
          ? [g.scope.networkId]
          : [],
      ),
    ),
  ];
}

const roundPath = (r: Round) => `/assessments/${r.matrixId}/rounds/${r.roundId}`;

export const assessmentRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const orgName = async (orgCode: string) =>
      (await ctx.directory.organisation(orgCode))?.name ?? orgCode;

    /** The round of that matrix the reader may see (404 when another matrix's id is given). */
    async function roundOf(actor: Actor, matrixId: string, roundId: number) {
      const seen = await ctx.assessments.round(actor, roundId);
      if (seen.round.matrixId !== matrixId)
        throw new NotFoundError("There is no such self-assessment round.");
      return seen;
    }

    app.get("/assessments", async (request, reply) => {
      const matrices = ctx.assessments.matrices();
      const organisations = await Promise.all(
        ownOrganisations(request.actor).map(async (orgCode) => ({
          orgCode,
          name: await orgName(orgCode),
          latest: await Promise.all(
            matrices.map(async (m) => {
              const { rounds } = await ctx.assessments.rounds(request.actor, orgCode, m.id);
              const round = rounds.at(-1);
              return {
                matrix: m,
                text: round
                  ? `${round.status === "draft" ? "Draft" : "Submitted"}, ${dateText(round.assessedOn)}, ${round.visibility === "shared" ? "shared with your networks" : "private"}`
                  : "Not assessed yet",
                href: `/assessments/${m.id}?org=${orgCode}`,
              };
            }),
          ),
        })),
      );
      // Network members and leads: their networks' side-by-side views of shared rounds.
      const networkIds = networksOf(request.actor);
      const allNetworks = networkIds.length ? await ctx.directory.networks() : [];
      const networks = networkIds.map((networkId) => ({
        name: allNetworks.find((n) => n.networkId === networkId)?.name ?? networkId,
        links: matrices.map((m) => ({
          text: m.title,
          href: `/networks/${networkId}/assessments/${m.id}`,
        })),
      }));
      if (request.actor.kind !== "anonymous") personal(reply);
      return reply.render("assessments/list.njk", {
        title: "Self-assessment",
        matrices,
        organisations,
        networks,
      });
    });

    app.get("/assessments/:matrixId", async (request, reply) => {
      const { matrixId } = param(matrixParams, request.params, "matrix");
      const { org } = param(orgQuery, request.query, "organisation code");
      const matrix = ctx.assessments.matrix(matrixId);
      const { access, rounds } = await ctx.assessments.rounds(request.actor, org, matrixId);
      const name = await orgName(org);
      const submitted = rounds.filter((r) => r.status === "submitted");
      const chart = historyChart(matrix, name, submitted);
      const [before, after] = submitted.slice(-2);
      return personal(reply).render("assessments/history.njk", {
        title: `${matrix.title}: ${name}`,
        matrix,
        org,
        orgName: name,
        own: access === "own",
        figure: chart
          ? figureHtml(chart, {
              ...chartDownloads(`/assessments/${matrixId}`, chart.id, `org=${org}`),
              // Its own people download every round with its evidence; others what the chart shows.
              ...(access === "own" ? { csvHref: `/assessments/${matrixId}.csv?org=${org}` } : {}),
            })
          : null,
        roundsCsv: downloadHref(`/assessments/${matrixId}`, "rounds", "csv", `org=${org}`),
        changes: before && after ? changes(matrix, before, after) : [],
        changeDates:
          before && after
            ? `${dateText(before.assessedOn)} to ${dateText(after.assessedOn)}`
            : null,
        rounds: [...rounds].reverse().map((r) => ({
          href: roundPath(r),
          date: dateText(r.assessedOn),
          status: r.status === "draft" ? "Draft" : "Submitted",
          visibility: r.visibility === "shared" ? "Shared with networks" : "Private",
          overall: overallScore(r) ?? "–",
          guideVersion: r.guideVersion,
        })),
      });
    });

    // The history's chart and its table of rounds, for whoever may read the page, as the page
    // shows them to that reader (src/web/exports/page-downloads.ts).
    registerPageDownloads(
      app,
      ctx,
      "/assessments/:matrixId",
      async (request) => {
        const { matrixId } = param(matrixParams, request.params, "matrix");
        const { org } = param(orgQuery, request.query, "organisation code");
        const matrix = ctx.assessments.matrix(matrixId);
        const { rounds } = await ctx.assessments.rounds(request.actor, org, matrixId);
        const submitted = rounds.filter((r) => r.status === "submitted");
        const chart = historyChart(matrix, await orgName(org), submitted);
        const days = rounds.map((r) => r.assessedOn).sort();
        return {
          stem: `${matrixId}-${org}`,
          source: `Self-assessment rounds recorded in Improvement Hub by ${org} against "${matrix.title}"`,
          period: days.length ? `assessed ${days[0]} to ${days.at(-1)}` : "no rounds",
          dataVersion: NOT_METRIC_DATA,
          charts: chart ? [chart] : [],
          tables: [
            {
              id: "rounds",
              head: [
                "org_code",
                "round_id",
                "assessed_on",
                "status",
                "visibility",
                "overall",
                "guide_version",
              ],
              rows: [...rounds]
                .reverse()
                .map((r) => [
                  r.orgCode,
                  r.roundId,
                  r.assessedOn,
                  r.status,
                  r.visibility,
                  overallScore(r),
                  r.guideVersion ?? "",
                ]),
            },
          ],
        };
      },
      { audience: "personal" },
    );

    app.get("/assessments/:matrixId.csv", async (request, reply) => {
      const { matrixId } = param(matrixParams, request.params, "matrix");
      const { org } = param(orgQuery, request.query, "organisation code");
      const matrix = ctx.assessments.matrix(matrixId);
      const { access, rounds } = await ctx.assessments.rounds(request.actor, org, matrixId);
      // Only an organisation's own people download its rounds (drafts and private ones too).
      if (access !== "own") throw new NotFoundError("There is no such download.");
      const days = rounds.map((r) => r.assessedOn).sort();
      const provenance = provenanceLines({
        source: `Self-assessment rounds recorded in Improvement Hub by ${org} against "${matrix.title}"`,
        period: days.length ? `assessed ${days[0]} to ${days.at(-1)}` : "no rounds",
        dataVersion: NOT_METRIC_DATA,
        generatedAt: ctx.now(),
      });
      return personal(reply)
        .type("text/csv; charset=utf-8")
        .header("Content-Disposition", `attachment; filename="${matrixId}-${org}.csv"`)
        .send(provenance + roundsCsv(matrix, rounds));
    });

    const newRoundPage = async (reply: FastifyReply, actor: Actor, matrix: Matrix, org: string) => {
      const { access, rounds } = await ctx.assessments.rounds(actor, org, matrix.id);
      if (access !== "own") throw new NotFoundError(`You cannot assess for ${org}.`);
      const last = rounds.filter((r) => r.status === "submitted").at(-1);
      return formPage(reply, "assessments/new.njk", {
        title: `Start a round: ${matrix.title}`,
        matrix,
        org,
        orgName: await orgName(org),
        last: last ? dateText(last.assessedOn) : null,
      });
    };

    app.get("/assessments/:matrixId/rounds/new", async (request, reply) => {
      const { matrixId } = param(matrixParams, request.params, "matrix");
      const { org } = param(orgQuery, request.query, "organisation code");
      return newRoundPage(reply, request.actor, ctx.assessments.matrix(matrixId), org);
    });

    app.post("/assessments/:matrixId/rounds/new", async (request, reply) => {
      const { matrixId } = param(matrixParams, request.params, "matrix");
      const fields = formFields(request.body, ["org", "prefill"]);
      const { org } = param(orgQuery, { org: fields.org }, "organisation code");
      const round = await ctx.assessments.startRound(
        request.actor,
        org,
        matrixId,
        fields.prefill !== "no",
      );
      return reply.redirect(roundPath(round), 303);
    });

    const roundPage = async (
      reply: FastifyReply,
      matrix: Matrix,
      round: Round,
      own: boolean,
      input?: RoundInput,
      errors: Record<string, string> = {},
    ) => {
      const answer = (rowId: string) => round.answers.find((a) => a.rowId === rowId);
      const [year, month, day] = (input?.assessedOn ?? round.assessedOn).split("-");
      return formPage(
        reply,
        "assessments/round.njk",
        {
          title: `${matrix.title}: ${await orgName(round.orgCode)}, ${dateText(round.assessedOn)}`,
          matrix,
          round,
          own,
          editing: own && round.status === "draft",
          date: { day: day ?? "", month: month ?? "", year: year ?? "" },
          rows: matrix.rows.map((row) => {
            const given = input?.answers[row.id];
            const score = given ? given.score : String(answer(row.id)?.score ?? "");
            return {
              row,
              score,
              evidence: given ? given.evidence : (answer(row.id)?.evidence ?? ""),
              level: levelText(matrix, answer(row.id)?.score ?? null),
              items: matrix.levels.map((l, i) => ({
                value: String(l.score),
                text: `${l.score}: ${l.label}`,
                hint: { text: row.statements[i] ?? "" },
                checked: score === String(l.score),
              })),
            };
          }),
          historyHref: `/assessments/${matrix.id}?org=${round.orgCode}`,
          answersCsv: downloadHref(
            `/assessments/${matrix.id}/rounds/${round.roundId}`,
            "answers",
            "csv",
          ),
          overall: overallScore(round),
          assessedOn: dateText(round.assessedOn),
        },
        errors,
      );
    };

    app.get("/assessments/:matrixId/rounds/:roundId", async (request, reply) => {
      const { matrixId, roundId } = param(roundParams, request.params, "round");
      const { access, round } = await roundOf(request.actor, matrixId, roundId);
      return roundPage(reply, ctx.assessments.matrix(matrixId), round, access === "own");
    });

    // A round's level and evidence per row as CSV, for whoever may read the round.
    registerPageDownloads(
      app,
      ctx,
      "/assessments/:matrixId/rounds/:roundId",
      async (request) => {
        const { matrixId, roundId } = param(roundParams, request.params, "round");
        const { round } = await roundOf(request.actor, matrixId, roundId);
        const matrix = ctx.assessments.matrix(matrixId);
        return {
          stem: `${matrixId}-${round.orgCode}-round-${round.roundId}`,
          source: `A self-assessment round recorded in Improvement Hub by ${round.orgCode} against "${matrix.title}"`,
          period: `assessed ${round.assessedOn}`,
          dataVersion: NOT_METRIC_DATA,
          charts: [],
          tables: [
            {
              id: "answers",
              head: [
                "org_code",
                "round_id",
                "assessed_on",
                "status",
                "row_id",
                "row_title",
                "score",
                "level",
                "evidence",
              ],
              rows: matrix.rows.map((row) => {
                const answer = round.answers.find((a) => a.rowId === row.id);
                const score = answer?.score ?? null;
                return [
                  round.orgCode,
                  round.roundId,
                  round.assessedOn,
                  round.status,
                  row.id,
                  row.title,
                  score,
                  score === null ? "" : levelText(matrix, score),
                  answer?.evidence ?? "",
                ];
              }),
            },
          ],
        };
      },
      { audience: "personal", tablesOnly: true },
    );

    app.post("/assessments/:matrixId/rounds/:roundId", async (request, reply) => {
      const { matrixId, roundId } = param(roundParams, request.params, "round");
      const { round } = await roundOf(request.actor, matrixId, roundId);
      const matrix = ctx.assessments.matrix(matrixId);
      const names = [
        "action",
        "assessedOn-day",
        "assessedOn-month",
        "assessedOn-year",
        ...matrix.rows.flatMap((r) => [`score-${r.id}`, `evidence-${r.id}`]),
      ];
      const raw = request.body as Record<string, unknown> | null;
      const fields = formFields(request.body, names);
      // formFields keeps 1,000 characters: evidence may be longer (the service checks its limit).
      const long = (name: string) =>
        typeof raw?.[name] === "string" ? (raw[name] as string).slice(0, 5000) : "";
      if (fields.action === "share" || fields.action === "private") {
        await ctx.assessments.setVisibility(
          request.actor,
          roundId,
          fields.action === "share" ? "shared" : "private",
        );
        return reply.redirect(roundPath(round), 303);
      }
      const pad = (s: string) => (s.trim() === "" ? "" : s.trim().padStart(2, "0"));
      const input: RoundInput = {
        assessedOn: `${(fields["assessedOn-year"] ?? "").trim()}-${pad(fields["assessedOn-month"] ?? "")}-${pad(fields["assessedOn-day"] ?? "")}`,
        answers: Object.fromEntries(
          matrix.rows.map((r) => [
            r.id,
            { score: fields[`score-${r.id}`] ?? "", evidence: long(`evidence-${r.id}`) },
          ]),
        ),
      };
      try {
        if (fields.action === "submit") await ctx.assessments.submit(request.actor, roundId, input);
        else await ctx.assessments.saveDraft(request.actor, roundId, input);
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        // The error summary links to the date's first field (the service names the date whole).
        if (errors.assessedOn) {
          errors["assessedOn-day"] = errors.assessedOn;
          delete errors.assessedOn;
        }
        reply.status(400);
        return roundPage(reply, matrix, round, true, input, errors);
      }
      return reply.redirect(roundPath(round), 303);
    });

    app.get("/networks/:networkId/assessments/:matrixId", async (request, reply) => {
      const { networkId, matrixId } = param(networkParams, request.params, "network or matrix");
      const view = await ctx.assessments.network(request.actor, networkId, matrixId);
      const network = (await ctx.directory.networks()).find((n) => n.networkId === networkId);
      const members = await Promise.all(
        view.members.map(async (m) => ({ ...m, name: await orgName(m.orgCode) })),
      );
      const shared = members.filter((m) => m.round !== null);
      return personal(reply).render("assessments/network.njk", {
        title: `${view.matrix.title}: ${network?.name ?? networkId}`,
        matrix: view.matrix,
        networkId,
        networkName: network?.name ?? networkId,
        memberCount: members.length,
        shared: shared.map((m) => ({
          name: m.name,
          orgCode: m.orgCode,
          href: `/assessments/${matrixId}/rounds/${m.round!.roundId}`,
          date: dateText(m.round!.assessedOn),
          overall: overallScore(m.round!) ?? "–",
          levels: view.matrix.rows.map((row) =>
            levelText(view.matrix, m.round!.answers.find((a) => a.rowId === row.id)?.score ?? null),
          ),
        })),
        levelsCsv: downloadHref(`/networks/${networkId}/assessments/${matrixId}`, "levels", "csv"),
      });
    });

    // The members' levels as CSV, for whoever may read the network's view: each member's latest
    // SHARED round, a row per matrix row (src/web/exports/page-downloads.ts).
    registerPageDownloads(
      app,
      ctx,
      "/networks/:networkId/assessments/:matrixId",
      async (request) => {
        const { networkId, matrixId } = param(networkParams, request.params, "network or matrix");
        const view = await ctx.assessments.network(request.actor, networkId, matrixId);
        const shared = view.members.flatMap((m) => (m.round ? [{ ...m, round: m.round }] : []));
        const days = shared.map((m) => m.round.assessedOn).sort();
        const names = await Promise.all(shared.map((m) => orgName(m.orgCode)));
        return {
          stem: `${matrixId}-${networkId}`,
          source: `Self-assessment rounds members of ${networkId} shared with it in Improvement Hub, against "${view.matrix.title}"`,
          period: days.length ? `assessed ${days[0]} to ${days.at(-1)}` : "no shared rounds",
          dataVersion: NOT_METRIC_DATA,
          charts: [],
          tables: [
            {
              id: "levels",
              head: [
                "org_code",
                "name",
                "round_id",
                "assessed_on",
                "row_id",
                "row_title",
                "score",
                "level",
              ],
              rows: shared.flatMap((m, i) =>
                view.matrix.rows.map((row) => {
                  const score = m.round.answers.find((a) => a.rowId === row.id)?.score ?? null;
                  return [
                    m.orgCode,
                    names[i] ?? m.orgCode,
                    m.round.roundId,
                    m.round.assessedOn,
                    row.id,
                    row.title,
                    score,
                    score === null ? "" : levelText(view.matrix, score),
                  ];
                }),
              ),
            },
          ],
        };
      },
      { audience: "personal", tablesOnly: true },
    );
  };
