/**
 * Rebase decisions on the pages (issue 17 item 6; docs/spc.md "Rebase decisions"):
 * - `/org/{code}/metric/{id}/rebase`: the form an organisation analyst records a decision with
 *   (the period, the mandatory reason, optionally the change idea or proposal behind it);
 * - `/org/{code}/rebases`: the organisation's decisions, current and withdrawn, for everyone (the
 *   recorders' names for its own people only), with a withdraw form per current decision for its
 *   analysts.
 * The rebase service decides who may do what; these routes only read forms and redirect. Plain
 * forms, POST-redirect-GET, no script.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { getMetric } from "../../../metrics/catalogue/index.js";
import { periodTypeOf } from "../../../metrics/analytics/metric-info.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { RebaseDecision } from "../../../rebases/types.js";
import { REASON_MAX } from "../../../rebases/types.js";
import type { AppContext } from "../../context.js";
import {
  fieldErrorsOf,
  formFields,
  formPage,
  originOf,
  personal,
  type FieldErrors,
} from "../../forms.js";
import * as links from "../../links.js";
import { longDateTime, metricIdSchema, orgCodeSchema, param } from "../../present.js";
import { organisationOr404 } from "../organisation/find-organisation.js";

const metricParams = z.object({ code: orgCodeSchema, metricId: metricIdSchema });
const orgParams = z.object({ code: orgCodeSchema });
const withdrawParams = orgParams.extend({
  decisionId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
const atQuery = z.object({
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

const FIELDS = ["period", "reason", "changeIdea", "proposalId"] as const;
type RecordForm = Record<(typeof FIELDS)[number], string>;

const rebasesHref = (orgCode: string) => `/org/${orgCode}/rebases`;
const metricTitle = (metricId: string) => getMetric(metricId)?.title ?? metricId;

export const rebaseRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    /** The form, with what the analyst gave and the problems found. */
    async function recordPage(
      request: FastifyRequest,
      reply: FastifyReply,
      code: string,
      metricId: string,
      form: RecordForm,
      errors: FieldErrors = {},
    ) {
      const organisation = await organisationOr404(ctx, code);
      ctx.rebases.checkManage(request.actor, organisation.orgCode);
      // A category (no SPC) takes no decision: the form is not offered (400, naming the metric).
      ctx.rebases.checkMetric(metricId);
      const [detail, guides] = await Promise.all([
        ctx.analytics.metricDetail(organisation.orgCode, metricId),
        ctx.guides.usingMetric(metricId),
      ]);
      const type = detail.metric.periodType;
      const suggested = new Map(detail.suggestedRebasePoints.map((s) => [s.date, s]));
      const observed = detail.series.filter((v) => v.value !== null).map((v) => v.period);
      const breaks = new Map(detail.baseline.breaks.map((b) => [b.period, b]));
      // Newest first; the first value cannot start new limits (nothing before it to break from).
      const periodItems = observed
        .slice(1)
        .reverse()
        .map((p) => ({
          value: p,
          text: `${formatPeriod(p, type)}${suggested.has(p) ? " (a possible step change)" : ""}${breaks.has(p) ? " (limits already start again here)" : ""}`,
          selected: p === form.period,
        }));
      const ideaItems = [
        { value: "", text: "None", selected: form.changeIdea === "" },
        ...guides.flatMap((g) =>
          g.changeIdeas.map((c) => ({
            value: `${g.guideId}/${c.id}`,
            text: `${g.title}: ${c.title}`,
            selected: form.changeIdea === `${g.guideId}/${c.id}`,
          })),
        ),
      ];
      const suggestion = suggested.get(form.period);
      return formPage(
        reply,
        "metric-detail/rebase-form.njk",
        {
          title: `Record a rebase decision: ${detail.metric.title}`,
          org: detail.organisation,
          metric: detail.metric,
          metricHref: links.organisationMetric(organisation.orgCode, metricId),
          viewHref: form.period
            ? links.organisationMetric(organisation.orgCode, metricId, undefined, {
                rebase: form.period,
              })
            : null,
          action: `/org/${organisation.orgCode}/metric/${metricId}/rebase`,
          suggestion: suggestion
            ? `${formatPeriod(suggestion.date, type)}: ${suggestion.reason}.`
            : null,
          periodItems,
          ideaItems,
          form,
          reasonMax: REASON_MAX,
        },
        errors,
      );
    }

    app.get("/org/:code/metric/:metricId/rebase", async (request, reply) => {
      const { code, metricId } = param(metricParams, request.params, "metric page");
      const { at } = param(atQuery, request.query, "period (at)");
      return recordPage(request, reply, code, metricId, {
        period: at ?? "",
        reason: "",
        changeIdea: "",
        proposalId: "",
      });
    });

    app.post("/org/:code/metric/:metricId/rebase", async (request, reply) => {
      const { code, metricId } = param(metricParams, request.params, "metric page");
      const organisation = await organisationOr404(ctx, code);
      const form = formFields(request.body, FIELDS);
      try {
        await ctx.rebases.record(
          request.actor,
          { orgCode: organisation.orgCode, metricId, ...form },
          originOf(request),
        );
      } catch (error) {
        const errors = fieldErrorsOf(error);
        // A metric that takes no decision is no field of the form: the error page says why.
        if (!errors || errors.metricId) throw error;
        reply.status(400);
        return recordPage(request, reply, code, metricId, form, errors);
      }
      // To the list, which reads the table itself: the charts apply the decision at the
      // analytics' next data-version check (within a second), the list at once.
      return reply.redirect(rebasesHref(organisation.orgCode), 303);
    });

    /** The list, with a withdraw form per current decision for the organisation's analysts. */
    async function listPage(
      request: FastifyRequest,
      reply: FastifyReply,
      code: string,
      errors: FieldErrors = {},
      reasons: Record<string, string> = {},
    ) {
      const organisation = await organisationOr404(ctx, code);
      const decisions = await ctx.rebases.list(request.actor, organisation.orgCode);
      const manage = ctx.rebases.canManage(request.actor, organisation.orgCode);
      // The change ideas' titles, from the guides' current published versions.
      const guideIds = [...new Set(decisions.flatMap((d) => d.changeIdea?.guideId ?? []))];
      const ideaTitles = new Map<string, string>();
      for (const guideId of guideIds) {
        const version = await ctx.guides.current(guideId).catch(() => null);
        for (const section of version?.sections ?? [])
          for (const c of section.changeIdeas)
            ideaTitles.set(`${guideId}/${c.id}`, `${version!.title}: ${c.title}`);
      }
      const view = (d: RebaseDecision) => {
        const def = getMetric(d.metricId);
        const type = def ? periodTypeOf(def) : "month";
        return {
          id: d.decisionId,
          metric: metricTitle(d.metricId),
          metricHref: links.organisationMetric(organisation.orgCode, d.metricId),
          period: formatPeriod(d.period, type),
          reason: d.reason,
          changeIdea: d.changeIdea
            ? {
                text:
                  ideaTitles.get(`${d.changeIdea.guideId}/${d.changeIdea.changeIdeaId}`) ??
                  `${d.changeIdea.guideId} / ${d.changeIdea.changeIdeaId}`,
                href: `/guides/${d.changeIdea.guideId}#idea-${d.changeIdea.changeIdeaId}`,
              }
            : null,
          proposal: d.proposalId
            ? { text: `Proposal ${d.proposalId}`, href: `/proposals/${d.proposalId}` }
            : null,
          recorded: `${d.recordedBy ? `${d.recordedBy}, ` : ""}${longDateTime(d.recordedAt)}`,
          withdrawal: d.withdrawal
            ? {
                text: `${d.withdrawal.by ? `${d.withdrawal.by}, ` : ""}${longDateTime(d.withdrawal.at)}`,
                reason: d.withdrawal.reason,
              }
            : null,
          field: `reason-${d.decisionId}`,
          reasonValue: reasons[`reason-${d.decisionId}`] ?? "",
          action: `${rebasesHref(organisation.orgCode)}/${d.decisionId}/withdraw`,
        };
      };
      const data = {
        title: `Rebase decisions: ${organisation.name}`,
        org: organisation,
        dashboardHref: links.organisationDashboard(organisation.orgCode),
        current: decisions.filter((d) => !d.withdrawal).map(view),
        withdrawn: decisions.filter((d) => d.withdrawal).map(view),
        manage,
      };
      if (manage) return formPage(reply, "metric-detail/rebases.njk", data, errors);
      if (request.actor.kind !== "anonymous") personal(reply);
      return reply.render("metric-detail/rebases.njk", { ...data, errors: {}, errorList: [] });
    }

    app.get("/org/:code/rebases", async (request, reply) => {
      const { code } = param(orgParams, request.params, "organisation");
      return listPage(request, reply, code);
    });

    app.post("/org/:code/rebases/:decisionId/withdraw", async (request, reply) => {
      const { code, decisionId } = param(withdrawParams, request.params, "rebase decision");
      const organisation = await organisationOr404(ctx, code);
      const { reason } = formFields(request.body, ["reason"]);
      try {
        await ctx.rebases.withdraw(
          request.actor,
          organisation.orgCode,
          decisionId,
          reason,
          originOf(request),
        );
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors?.reason) throw error;
        reply.status(400);
        const field = `reason-${decisionId}`;
        return listPage(request, reply, code, { [field]: errors.reason }, { [field]: reason });
      }
      return reply.redirect(rebasesHref(organisation.orgCode), 303);
    });
  };
