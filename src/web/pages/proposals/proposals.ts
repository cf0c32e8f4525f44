/**
 * Proposal pages (issue 17 item 4; docs/proposals.md): a network's proposals, drafting and
 * editing one, a proposal with its history, comments and the actions open to the reader, and
 * the reviewers' queue. Every read and change goes through the proposal service, which decides
 * who sees what (404 for anything the reader may not see). Plain forms, POST-redirect-GET.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Actor } from "../../../accounts/actor.js";
import { NotFoundError, SignInRequiredError } from "../../../errors.js";
import { STATES, TRANSITIONS, type Transition } from "../../../proposals/states.js";
import type { Proposal, ProposalInput } from "../../../proposals/types.js";
import type { AppContext } from "../../context.js";
import { fieldErrorsOf, formFields, formPage, originOf, personal } from "../../forms.js";
import { figureHtml } from "../../charts/index.js";
import { longDateTime, param } from "../../present.js";
import {
  estimateWords,
  groupChart,
  participantChart,
  participantView,
} from "./evaluation-model.js";
import {
  chartDownloads,
  downloadHref,
  metricSources,
  registerPageDownloads,
} from "../../exports/page-downloads.js";
import {
  effectUnit,
  formInput,
  formValues,
  currentMdeWords,
  mdeWords,
  metricTitle,
  monthText,
  stateLabel,
} from "./proposals-model.js";

const networkParams = z.object({ networkId: z.string().regex(/^[a-z0-9-]{2,80}$/) });
const proposalParams = z.object({
  proposalId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

/** Which measure of the evaluation to show (default: the primary). */
const evaluationQuery = z.object({
  measure: z
    .string()
    .regex(/^[a-z0-9_]{1,100}$/)
    .optional(),
});

const EMPTY: ProposalInput = {
  title: "",
  aim: "",
  approach: "",
  changeIdeas: [],
  participants: "",
  comparators: "",
  primaryMetricId: "",
  balancingMetricIds: [],
  baselineStart: "",
  baselineEnd: "",
  plannedStart: "",
  followUpEnd: "",
  expectedEffect: "",
  expectedDirection: "increase",
  timeline: "",
  resources: "",
};

const href = (p: Pick<Proposal, "proposalId">) => `/proposals/${p.proposalId}`;

export const proposalRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const networkName = async (networkId: string) => {
      const network = (await ctx.directory.networks()).find((n) => n.networkId === networkId);
      if (!network) throw new NotFoundError(`There is no network "${networkId}".`);
      return network.name;
    };

    const summary = (p: Proposal) => ({
      href: href(p),
      title: p.title,
      state: stateLabel(p.state),
      participants: p.participants.length,
      measure: metricTitle(p.primaryMetricId),
      updated: p.updatedAt.toISOString().slice(0, 10),
    });

    /** The draft form, new or editing, with its values and any errors. */
    async function formView(
      reply: FastifyReply,
      options: {
        action: string;
        networkId: string;
        title: string;
        values: ProposalInput;
        errors?: Record<string, string>;
        cancel: string;
      },
    ) {
      const { metrics, changeIdeas } = await ctx.proposals.options();
      const participants = String(options.values.participants)
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter((c) => /^[A-Z0-9]{3,10}$/.test(c));
      const suggestions =
        participants.length > 0
          ? await ctx.proposals.suggestComparators(participants).catch(() => [])
          : [];
      const members = await ctx.directory.networkMembers(options.networkId);
      const chosen = (list: unknown) => new Set(Array.isArray(list) ? list.map(String) : []);
      const ideas = chosen(options.values.changeIdeas);
      const balancing = chosen(options.values.balancingMetricIds);
      const ideaItems = changeIdeas.map((c) => {
        const value = `${c.guideId}/${c.changeIdeaId}`;
        return { value, text: `${c.title} (${c.guideTitle})`, checked: ideas.has(value) };
      });
      return formPage(
        reply,
        "proposals/form.njk",
        {
          title: options.title,
          action: options.action,
          cancel: options.cancel,
          networkId: options.networkId,
          networkName: await networkName(options.networkId),
          values: options.values,
          ideaItems,
          members: members.map((m) => ({ orgCode: m.orgCode, name: m.name })),
          suggestions,
          metricItems: [
            { value: "", text: "Choose a measure" },
            ...metrics.map((m) => ({
              value: m.metricId,
              text: m.title,
              selected: m.metricId === options.values.primaryMetricId,
            })),
          ],
          balancingItems: metrics.map((m) => ({
            value: m.metricId,
            text: m.title,
            checked: balancing.has(m.metricId),
          })),
        },
        options.errors ?? {},
      );
    }

    app.get("/networks/:networkId/proposals", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      const name = await networkName(networkId);
      const proposals = await ctx.proposals.forNetwork(request.actor, networkId);
      if (request.actor.kind !== "anonymous") personal(reply);
      return reply.render("proposals/list.njk", {
        title: `Proposals: ${name}`,
        networkId,
        networkName: name,
        canDraft: ctx.proposals.canDraft(request.actor, networkId),
        groups: STATES.map((state) => ({
          label: stateLabel(state),
          proposals: proposals.filter((p) => p.state === state).map(summary),
        })).filter((g) => g.proposals.length > 0),
      });
    });

    /** The new-proposal form is for the network's leads; anyone else is told it does not exist. */
    const mayDraft = (actor: Actor, networkId: string) => {
      if (actor.kind === "anonymous") throw new SignInRequiredError();
      if (!ctx.proposals.canDraft(actor, networkId))
        throw new NotFoundError("Only the network's leads draft its proposals.");
    };

    app.get("/networks/:networkId/proposals/new", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      await networkName(networkId);
      mayDraft(request.actor, networkId);
      return formView(reply, {
        action: `/networks/${networkId}/proposals/new`,
        networkId,
        title: "Draft a proposal",
        values: EMPTY,
        cancel: `/networks/${networkId}/proposals`,
      });
    });

    app.post("/networks/:networkId/proposals/new", async (request, reply) => {
      const { networkId } = param(networkParams, request.params, "network");
      await networkName(networkId);
      mayDraft(request.actor, networkId);
      const input = formInput(request.body);
      try {
        const proposalId = await ctx.proposals.create(
          request.actor,
          networkId,
          input,
          originOf(request),
        );
        return reply.redirect(`/proposals/${proposalId}`, 303);
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return formView(reply, {
          action: `/networks/${networkId}/proposals/new`,
          networkId,
          title: "Draft a proposal",
          values: input,
          errors,
          cancel: `/networks/${networkId}/proposals`,
        });
      }
    });

    app.get("/proposals/review", async (request, reply) => {
      const queue = await ctx.proposals.reviewQueue(request.actor);
      return personal(reply).render("proposals/review.njk", {
        title: "Proposals to review",
        submitted: queue.filter((p) => p.state === "submitted").map(summary),
        inReview: queue.filter((p) => p.state === "in_review").map(summary),
      });
    });

    async function proposalPage(
      reply: FastifyReply,
      actor: Actor,
      proposalId: number,
      errors: Record<string, string> = {},
    ) {
      const view = await ctx.proposals.view(actor, proposalId);
      const p = view.proposal;
      const { changeIdeas } = await ctx.proposals.options();
      const data = {
        title: p.title,
        p,
        view,
        state: stateLabel(p.state),
        // As the evaluation page decides (the proposal service): live while approved or
        // running, the record once evaluated.
        hasEvaluation:
          p.state === "approved" || p.state === "running" || p.evaluationSnapshot !== null,
        mde: mdeWords(p),
        currentMde: view.currentMde ? currentMdeWords(p, view.currentMde) : null,
        unit: effectUnit(p.primaryMetricId),
        primary: metricTitle(p.primaryMetricId),
        balancing: p.balancingMetricIds.map((id) => ({ metricId: id, title: metricTitle(id) })),
        ideas: p.changeIdeas.map((value) => {
          const [guideId, changeIdeaId] = value.split("/");
          const idea = changeIdeas.find(
            (c) => c.guideId === guideId && c.changeIdeaId === changeIdeaId,
          );
          return {
            text: idea ? `${idea.title} (${idea.guideTitle})` : value,
            href: `/guides/${guideId}`,
          };
        }),
        months: {
          baselineStart: monthText(p.baselineStart),
          baselineEnd: monthText(p.baselineEnd),
          plannedStart: monthText(p.plannedStart),
          followUpEnd: monthText(p.followUpEnd),
        },
        history: view.history.map((h) => ({
          at: h.at.toISOString().slice(0, 16).replace("T", " "),
          text:
            h.fromState === null
              ? "Drafted"
              : `${stateLabel(h.fromState)} → ${stateLabel(h.toState)}`,
          by: h.actorLabel,
          reason: h.reason,
        })),
        comments: view.comments.map((c) => ({
          at: c.at.toISOString().slice(0, 16).replace("T", " "),
          by: c.authorLabel,
          body: c.body,
        })),
        actions: view.actions.map((name: Transition) => ({
          name,
          label: TRANSITIONS[name].label,
          needsReason: TRANSITIONS[name].needsReason,
          reasonLabel:
            name === "evaluate"
              ? "The evaluation: what happened to the measures, and what you concluded (Markdown)"
              : name === "decline"
                ? "Reasons for declining"
                : "What needs to change",
        })),
      };
      // A reader with nothing to post gets the page without a form token (and so no session).
      if (view.actions.length === 0 && !view.canComment)
        return reply.render("proposals/proposal.njk", { ...data, errors: {}, errorList: [] });
      return formPage(reply, "proposals/proposal.njk", data, errors);
    }

    app.get("/proposals/:proposalId", async (request, reply) => {
      const { proposalId } = param(proposalParams, request.params, "proposal");
      return proposalPage(reply, request.actor, proposalId);
    });

    // ---- The evaluation on the data: one measure at a time (a proposal may have 20
    // participants, each with a chart per measure).
    /**
     * One measure of a proposal's evaluation, as the reader may see it (the proposal service
     * decides), with each participant's series: the page and its downloads both start here.
     */
    async function evaluationOf(request: FastifyRequest) {
      const { proposalId } = param(proposalParams, request.params, "proposal");
      const query = evaluationQuery.safeParse(request.query);
      if (!query.success) throw new NotFoundError(`Proposal ${proposalId} has no such measure.`);
      const wanted = query.data.measure;
      const { view, evaluation, kind } = await ctx.proposals.evaluation(request.actor, proposalId);
      const p = view.proposal;
      const m = evaluation.measures.find((x) => x.metricId === (wanted ?? p.primaryMetricId));
      if (!m) throw new NotFoundError(`Proposal ${proposalId} does not measure "${wanted}".`);
      const title = metricTitle(m.metricId);
      const at = (i: number) => ({
        name: view.orgNames[m.verdicts[i]!.orgCode] ?? m.verdicts[i]!.orgCode,
        title,
        start: {
          date: `${p.plannedStart}-01`,
          label: `Planned start (${monthText(p.plannedStart)})`,
        },
        metricId: m.metricId,
        page: `/proposals/${proposalId}/evaluation`,
        query: wanted ? `measure=${wanted}` : "",
      });
      const details = await Promise.all(
        m.verdicts.map((v) => ctx.analytics.metricDetail(v.orgCode, m.metricId).catch(() => null)),
      );
      return { proposalId, view, evaluation, kind, p, m, title, at, details };
    }

    // ---- The evaluation on the data: one measure at a time (a proposal may have 20
    // participants, each with a chart per measure).
    app.get("/proposals/:proposalId/evaluation", async (request, reply) => {
      const { proposalId, view, evaluation, kind, p, m, title, at, details } =
        await evaluationOf(request);
      const { headline, findings } = estimateWords(m, p, view.orgNames);
      const group = groupChart(m, p);
      return reply.render("proposals/evaluation.njk", {
        title: `Evaluation: ${p.title}`,
        p,
        view,
        kind,
        state: stateLabel(p.state),
        computedAt: longDateTime(new Date(evaluation.computedAt)),
        measures: evaluation.measures.map((x) => ({
          href: `/proposals/${proposalId}/evaluation${x.metricId === p.primaryMetricId ? "" : `?measure=${x.metricId}`}`,
          text: `${x.role === "primary" ? "Primary" : "Balancing"}: ${metricTitle(x.metricId)}`,
          current: x.metricId === m.metricId,
        })),
        m,
        measureTitle: title,
        headline,
        findings,
        months: {
          baselineStart: monthText(p.baselineStart),
          baselineEnd: monthText(p.baselineEnd),
          plannedStart: monthText(p.plannedStart),
          followUpEnd: monthText(p.followUpEnd),
          followUpFrom: m.followUp ? monthText(m.followUp.from) : null,
          followUpTo: m.followUp ? monthText(m.followUp.to) : null,
          latest: m.latestMonth ? monthText(m.latestMonth) : null,
        },
        groupFigure: figureHtml(group, chartDownloads(at(0).page, group.id, at(0).query)),
        verdictsCsv: downloadHref(at(0).page, "verdicts", "csv", at(0).query),
        participants: m.verdicts.map((v, i) => participantView(v, details[i] ?? null, i, at(i))),
      });
    });

    // The evaluation's charts and its table of verdicts as CSV, SVG and PNG, for whoever may read
    // the evaluation (src/web/exports/page-downloads.ts).
    registerPageDownloads(
      app,
      ctx,
      "/proposals/:proposalId/evaluation",
      async (request) => {
        const { proposalId, evaluation, p, m, at, details } = await evaluationOf(request);
        const participants = m.verdicts.flatMap((_, i) => {
          const chart = participantChart(details[i] ?? null, i, at(i));
          return chart ? [chart] : [];
        });
        return {
          stem: `proposal-${proposalId}-${m.metricId}`,
          source: `${metricSources([m.metricId])}; evaluation computed ${evaluation.computedAt}`,
          period: `baseline ${monthText(p.baselineStart)} to ${monthText(p.baselineEnd)}; follow-up ${monthText(p.plannedStart)} to ${monthText(p.followUpEnd)}`,
          charts: [groupChart(m, p), ...participants],
          tables: [
            {
              id: "verdicts",
              head: [
                "org_code",
                "name",
                "metric_id",
                "verdict",
                "reason",
                "baseline_points",
                "points_since",
                "provisional",
              ],
              rows: m.verdicts.map((v, i) => [
                v.orgCode,
                at(i).name,
                m.metricId,
                v.verdict,
                v.reason,
                v.baselinePoints,
                v.pointsSince,
                v.provisional,
              ]),
            },
          ],
        };
      },
      { audience: "personal" },
    );

    app.post("/proposals/:proposalId/transition", async (request, reply) => {
      const { proposalId } = param(proposalParams, request.params, "proposal");
      const fields = formFields(request.body, ["action"]);
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const reason = typeof raw.reason === "string" ? raw.reason.slice(0, 25_000) : "";
      try {
        await ctx.proposals.transition(
          request.actor,
          proposalId,
          fields.action,
          reason,
          originOf(request),
        );
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        // The reason box of each action is its own field: point the summary at the one used.
        const named: Record<string, string> = {};
        for (const [field, text] of Object.entries(errors))
          named[field === "reason" || field === "evaluation" ? `reason-${fields.action}` : field] =
            text;
        reply.status(400);
        return proposalPage(reply, request.actor, proposalId, named);
      }
      return reply.redirect(`/proposals/${proposalId}`, 303);
    });

    app.post("/proposals/:proposalId/comments", async (request, reply) => {
      const { proposalId } = param(proposalParams, request.params, "proposal");
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const body = typeof raw.comment === "string" ? raw.comment.slice(0, 5000) : "";
      try {
        await ctx.proposals.comment(request.actor, proposalId, body, originOf(request));
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return proposalPage(reply, request.actor, proposalId, errors);
      }
      return reply.redirect(`/proposals/${proposalId}#comments`, 303);
    });

    app.get("/proposals/:proposalId/edit", async (request, reply) => {
      const { proposalId } = param(proposalParams, request.params, "proposal");
      const p = await ctx.proposals.forEditing(request.actor, proposalId);
      return formView(reply, {
        action: `/proposals/${proposalId}/edit`,
        networkId: p.networkId,
        title: `Edit: ${p.title}`,
        values: formValues(p),
        cancel: href(p),
      });
    });

    app.post("/proposals/:proposalId/edit", async (request, reply) => {
      const { proposalId } = param(proposalParams, request.params, "proposal");
      const p = await ctx.proposals.forEditing(request.actor, proposalId);
      const input = formInput(request.body);
      try {
        await ctx.proposals.update(request.actor, proposalId, input, originOf(request));
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return formView(reply, {
          action: `/proposals/${proposalId}/edit`,
          networkId: p.networkId,
          title: `Edit: ${p.title}`,
          values: input,
          errors,
          cancel: href(p),
        });
      }
      return reply.redirect(href(p), 303);
    });
  };
