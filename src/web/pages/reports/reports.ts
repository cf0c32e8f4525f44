/**
 * Integrated performance reports on the pages (issue 18; docs/reports.md), under each subject's
 * own page (`/org/:code`, `/networks/:networkId`, `/regions/:code`, `/proposals/:proposalId`):
 *
 * - `/reports`: the subject's ready-made and saved reports; "Create a report" for its editors;
 * - `/reports/new`, `/reports/:key/edit`: the definition form (no JavaScript needed);
 * - `/reports/:key/delete`: the confirmation, then the deletion (POST);
 * - `/reports/:key`: the report; `/reports/:key.pdf|.xlsx|.csv` its files (./report-file.ts), and
 *   `/reports/:key/charts/:metricId.csv` each chart's data;
 * - `/reports/:key/commentary/:metricId`: the commentary form with its history; POST saves.
 *
 * The report service decides who may see and change what; these routes read forms and redirect.
 * What a page shows apart from commentary (rows and charts) is kept per data version and
 * definition; the commentary is read for each request, and a file carrying commentary is kept
 * only under a digest of that commentary (`commentaryDigest`), so it never reaches a reader who
 * may not read it.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { ForbiddenError, InputError, NotFoundError, SignInRequiredError } from "../../../errors.js";
import { formatPeriod } from "../../../metrics/period.js";
import { COMMENTARY_MAX } from "../../../reports/service.js";
import { subjectKey } from "../../../reports/subject.js";
import type { ReportSubject } from "../../../reports/types.js";
import type { Actor } from "../../../accounts/actor.js";
import { figureHtml } from "../../charts/index.js";
import type { AppContext } from "../../context.js";
import {
  fieldErrorsOf,
  formFields,
  formPage,
  originOf,
  personal,
  type FieldErrors,
} from "../../forms.js";
import { longDateTime, metricIdSchema, param } from "../../present.js";
import {
  SECTION_SLOTS,
  definitionInput,
  formErrors,
  formOfDefinition,
  metricGroups,
  readDefinitionForm,
  type DefinitionForm,
} from "./definition-form.js";
import {
  commentaryDigest,
  REPORT_MEDIA_TYPES,
  reportFileOf,
  reportPageFor,
  type KeepBody,
} from "./report-file.js";
import type { ReportPage } from "./report-model.js";
import { reportPeriod, reportSource } from "./report-document.js";
import { chartDownloads, registerPageDownloads } from "../../exports/page-downloads.js";
import { SUBJECT_ROUTES, reportHref, reportKeySchema, reportsHref } from "./subject.js";

/** The files served beside a report page (the command line also writes standalone HTML). */
const WEB_FORMATS = ["pdf", "xlsx", "csv"] as const;

const keyParams = z.object({ key: reportKeySchema }).passthrough();
const metricParams = z.object({ key: reportKeySchema, metricId: metricIdSchema }).passthrough();

/** A refusal the service's `canEdit` implies: sign in first, or not for you. */
function refuseEdit(actor: Actor): never {
  if (actor.kind === "anonymous") throw new SignInRequiredError();
  throw new ForbiddenError("You may not change this subject's reports.");
}

export const reportRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const keep =
      (subject: ReportSubject): KeepBody =>
      (key, build) =>
        ctx.cache.get(`report-body:${subjectKey(subject)}:${key}`, build);

    /** The report's model for this request's reader (rows and charts kept; commentary not). */
    const pageFor = (request: FastifyRequest, subject: ReportSubject, key: string) =>
      reportPageFor(ctx, request.actor, subject, key, {
        generatedAt: ctx.now(),
        keep: keep(subject),
      });

    for (const kind of Object.keys(SUBJECT_ROUTES) as (keyof typeof SUBJECT_ROUTES)[]) {
      const route = SUBJECT_ROUTES[kind];
      const base = route.pattern;

      const subjectOf = (request: FastifyRequest) => route.fromParams(request.params);

      app.get(`${base}/reports`, async (request, reply) => {
        const subject = subjectOf(request);
        const info = await ctx.reports.describe(request.actor, subject);
        const [definitions, canEdit] = await Promise.all([
          ctx.reports.definitions(request.actor, subject),
          ctx.reports.canEdit(request.actor, subject),
        ]);
        const notice = request.session.notice;
        if (notice) delete request.session.notice;
        // The list shows the editor's links: for one person, never shared.
        if (canEdit || notice || request.actor.kind !== "anonymous") personal(reply);
        const item = (d: (typeof definitions)[number]) => ({
          key: d.key,
          title: d.title,
          description: d.description,
          href: reportHref(subject, d.key),
          metricCount: d.sections.reduce((n, s) => n + s.metricIds.length, 0),
          saved: d.savedBy
            ? `Saved by ${d.savedBy}${d.savedAt ? `, ${longDateTime(d.savedAt)}` : ""}`
            : null,
          editHref: canEdit && d.origin === "saved" ? `${reportHref(subject, d.key)}/edit` : null,
          deleteHref:
            canEdit && d.origin === "saved" ? `${reportHref(subject, d.key)}/delete` : null,
          copyHref:
            canEdit && d.origin !== "saved" ? `${reportsHref(subject)}/new?from=${d.key}` : null,
        });
        return reply.render("reports/list.njk", {
          title: `Reports: ${info.name}`,
          info,
          baseHref: route.base(subject),
          readyMade: definitions.filter((d) => d.origin !== "saved").map(item),
          saved: definitions.filter((d) => d.origin === "saved").map(item),
          createHref: canEdit ? `${reportsHref(subject)}/new` : null,
          notice: notice ?? null,
        });
      });

      /** The definition form, filled from `form`, with the problems found. */
      async function definitionPage(
        request: FastifyRequest,
        reply: FastifyReply,
        subject: ReportSubject,
        key: string | null,
        form: DefinitionForm,
        errors: FieldErrors = {},
      ) {
        const info = await ctx.reports.describe(request.actor, subject);
        if (!(await ctx.reports.canEdit(request.actor, subject))) refuseEdit(request.actor);
        const sections = form.sectionTitles.map((value, i) => ({
          field: `section-${i + 1}`,
          number: i + 1,
          value,
          error: errors[`section-${i + 1}`] ?? null,
        }));
        return formPage(
          reply,
          "reports/definition-form.njk",
          {
            title: key ? `Change the report: ${form.title || key}` : "Create a report",
            heading: key ? "Change the report" : "Create a report",
            info,
            baseHref: route.base(subject),
            listHref: reportsHref(subject),
            action: key ? `${reportHref(subject, key)}/edit` : `${reportsHref(subject)}/new`,
            cancelHref: key ? reportHref(subject, key) : reportsHref(subject),
            form,
            sections,
            slots: sections.length,
            groups: metricGroups(form, errors),
          },
          errors,
        );
      }

      app.get(`${base}/reports/new`, async (request, reply) => {
        const subject = subjectOf(request);
        const { from } = param(
          z.object({ from: reportKeySchema.optional() }).passthrough(),
          request.query,
          "report to start from",
        );
        // "Start from" a ready-made report: its sections and metrics, to change and save.
        const start = from ? await ctx.reports.definition(request.actor, subject, from) : null;
        const form = formOfDefinition(start);
        if (start) form.title = `${start.title} (copy)`;
        return definitionPage(request, reply, subject, null, form);
      });

      /** Saves the posted definition (new, or `key`), or shows the form again with its problems. */
      async function saveDefinition(
        request: FastifyRequest,
        reply: FastifyReply,
        subject: ReportSubject,
        key: string | null,
      ) {
        const form = readDefinitionForm(request.body);
        let built: ReturnType<typeof definitionInput> | null = null;
        try {
          built = definitionInput(form);
          const saved = await ctx.reports.saveDefinition(
            request.actor,
            subject,
            built.input,
            key ?? undefined,
            originOf(request),
          );
          request.session.notice = `The report “${saved.title}” has been saved.`;
          return reply.redirect(reportHref(subject, saved.key), 303);
        } catch (error) {
          const errors = formErrors(error, built);
          if (!errors) throw error;
          reply.status(400);
          return definitionPage(request, reply, subject, key, form, errors);
        }
      }

      app.post(`${base}/reports/new`, async (request, reply) =>
        saveDefinition(request, reply, subjectOf(request), null),
      );

      app.get(`${base}/reports/:key/edit`, async (request, reply) => {
        const subject = subjectOf(request);
        const { key } = param(keyParams, request.params, "report");
        const definition = await ctx.reports.definition(request.actor, subject, key);
        if (definition.origin !== "saved")
          throw new NotFoundError(
            "A ready-made report is not changed: create a report from it instead.",
          );
        return definitionPage(request, reply, subject, key, formOfDefinition(definition));
      });

      app.post(`${base}/reports/:key/edit`, async (request, reply) => {
        const { key } = param(keyParams, request.params, "report");
        return saveDefinition(request, reply, subjectOf(request), key);
      });

      app.get(`${base}/reports/:key/delete`, async (request, reply) => {
        const subject = subjectOf(request);
        const { key } = param(keyParams, request.params, "report");
        const info = await ctx.reports.describe(request.actor, subject);
        if (!(await ctx.reports.canEdit(request.actor, subject))) refuseEdit(request.actor);
        const definition = await ctx.reports.definition(request.actor, subject, key);
        if (definition.origin !== "saved")
          throw new NotFoundError("A ready-made report cannot be deleted.");
        return formPage(reply, "reports/delete.njk", {
          title: `Delete the report: ${definition.title}`,
          info,
          definition,
          baseHref: route.base(subject),
          listHref: reportsHref(subject),
          action: `${reportHref(subject, key)}/delete`,
          cancelHref: reportHref(subject, key),
        });
      });

      app.post(`${base}/reports/:key/delete`, async (request, reply) => {
        const subject = subjectOf(request);
        const { key } = param(keyParams, request.params, "report");
        const definition = await ctx.reports.definition(request.actor, subject, key);
        await ctx.reports.deleteDefinition(request.actor, subject, key, originOf(request));
        request.session.notice = `The report “${definition.title}” has been deleted.`;
        return reply.redirect(reportsHref(subject), 303);
      });

      app.get(`${base}/reports/:key`, async (request, reply) => {
        const subject = subjectOf(request);
        const { key } = param(keyParams, request.params, "report");
        const page = await pageFor(request, subject, key);
        const notice = request.session.notice;
        if (notice) delete request.session.notice;
        // Commentary and edit links are the reader's: rendered for each request, kept by nobody.
        if (page.showsCommentary || page.canEdit || notice) personal(reply);
        return reply.render("reports/report.njk", reportView(page, subject, key, notice ?? null));
      });

      for (const format of WEB_FORMATS) {
        app.get(`${base}/reports/:key.${format}`, async (request, reply) => {
          const subject = subjectOf(request);
          const { key } = param(keyParams, request.params, "report");
          const page = await pageFor(request, subject, key);
          // Kept per data version, definition and the commentary it carries (none for readers
          // who may not read it): the same bytes for everyone who would get them.
          const file = await ctx.cache.get(
            `report-${format}:${subjectKey(subject)}:${key}:${page.definition.savedAt?.getTime() ?? ""}:${commentaryDigest(page)}`,
            () => reportFileOf(page, format),
            { size: (b) => b.length },
          );
          if (page.showsCommentary) personal(reply);
          return reply
            .header(
              "Content-Disposition",
              `attachment; filename="${fileName(page, key)}.${format}"`,
            )
            .type(REPORT_MEDIA_TYPES[format])
            .send(file);
        });
      }

      // Each chart's data (CSV, under the provenance block), SVG and PNG, and the summary
      // table's CSV, as every page's charts have them (decision 0019): for whom the report is.
      registerPageDownloads(
        app,
        ctx,
        `${base}/reports/:key`,
        async (request) => {
          const subject = subjectOf(request);
          const { key } = param(keyParams, request.params, "report");
          const page = await pageFor(request, subject, key);
          return {
            stem: fileName(page, key),
            source: reportSource(page),
            period: reportPeriod(page),
            charts: page.metrics.flatMap((m) => (m.chart ? [m.chart] : [])),
            tables: [],
          };
          // Loaded for each reader: a proposal's report is only for those who may see the
          // proposal, and one reader's load must never answer another's (pageFor keeps the rows).
        },
        { audience: "personal" },
      );

      /** The commentary form with the metric's history for this subject. */
      async function commentaryPage(
        request: FastifyRequest,
        reply: FastifyReply,
        subject: ReportSubject,
        key: string,
        metricId: string,
        text: string | null,
        errors: FieldErrors = {},
      ) {
        if (!(await ctx.reports.canEdit(request.actor, subject))) {
          await ctx.reports.describe(request.actor, subject);
          refuseEdit(request.actor);
        }
        const page = await pageFor(request, subject, key);
        const metric = page.metrics.find((m) => m.row.metricId === metricId);
        if (!metric) throw new NotFoundError("This report has no such metric.");
        if (!metric.row.periodStart)
          throw new NotFoundError("This metric has no value yet, so no period to comment on.");
        const history = await ctx.reports.commentaryHistory(request.actor, subject, metricId);
        const current = metric.commentary;
        const latestText =
          history.find((h) => h.period === metric.row.periodStart)?.text ?? history[0]?.text ?? "";
        return formPage(
          reply,
          "reports/commentary.njk",
          {
            title: `Commentary: ${metric.row.title}`,
            info: page.info,
            report: { title: page.title, href: reportHref(subject, key) },
            baseHref: route.base(subject),
            listHref: reportsHref(subject),
            row: metric.row,
            chart: metric.chart,
            current,
            action: `${reportHref(subject, key)}/commentary/${metricId}`,
            text: text ?? latestText,
            period: metric.row.periodStart,
            commentaryMax: COMMENTARY_MAX,
            history: history.map((h) => ({
              period: formatPeriod(h.period, metric.row.periodType),
              version: h.version,
              by: h.authorName,
              at: longDateTime(h.savedAt),
              paragraphs: h.text.split(/\r?\n\s*\r?\n/).filter((p) => p.trim() !== ""),
            })),
          },
          errors,
        );
      }

      app.get(`${base}/reports/:key/commentary/:metricId`, async (request, reply) => {
        const subject = subjectOf(request);
        const { key, metricId } = param(metricParams, request.params, "commentary");
        return commentaryPage(request, reply, subject, key, metricId, null);
      });

      app.post(`${base}/reports/:key/commentary/:metricId`, async (request, reply) => {
        const subject = subjectOf(request);
        const { key, metricId } = param(metricParams, request.params, "commentary");
        const form = formFields(request.body, ["text", "period"]);
        const text =
          typeof (request.body as { text?: unknown } | null)?.text === "string"
            ? (request.body as { text: string }).text.slice(0, COMMENTARY_MAX + 1000)
            : form.text;
        try {
          if (!(await ctx.reports.canEdit(request.actor, subject))) {
            // A subject hidden from the reader is not found, as on the form's page.
            await ctx.reports.describe(request.actor, subject);
            refuseEdit(request.actor);
          }
          const page = await pageFor(request, subject, key);
          const row = page.metrics.find((m) => m.row.metricId === metricId)?.row;
          if (!row?.periodStart)
            throw new NotFoundError("This report has no such metric with a value.");
          // Written for the period the form showed: if the data moved on meanwhile, say so.
          if (form.period !== row.periodStart)
            throw new InputError("The latest period has changed", [
              {
                column: "text",
                value: form.period,
                reason: `The data has been updated since you opened this form: the latest period is now ${row.period}. Check your commentary is about it, then save again`,
              },
            ]);
          await ctx.reports.saveCommentary(
            request.actor,
            subject,
            { metricId, period: row.periodStart, text },
            originOf(request),
          );
        } catch (error) {
          const errors = fieldErrorsOf(error);
          if (!errors) throw error;
          reply.status(400);
          return commentaryPage(request, reply, subject, key, metricId, text, {
            text: (errors.text ?? Object.values(errors)[0] ?? "Check the commentary").replace(
              /^text( "[^"]*")?/,
              "The commentary",
            ),
          });
        }
        request.session.notice = "The commentary has been saved.";
        return reply.redirect(`${reportHref(subject, key)}#metric-${metricId}`, 303);
      });
    }
  };

/** A file's name: the subject's code or id and the report's key, `RDE-topic-uec`. */
function fileName(page: ReportPage, key: string): string {
  const s = page.subject;
  const id =
    s.kind === "organisation"
      ? s.orgCode
      : s.kind === "network"
        ? s.networkId
        : s.kind === "region"
          ? s.regionCode
          : `proposal-${s.proposalId}`;
  return `${id}-${key}`;
}

/** What the report's template shows: the model, each chart's figure HTML, the downloads. */
function reportView(page: ReportPage, subject: ReportSubject, key: string, notice: string | null) {
  return {
    ...page,
    title: `${page.title}: ${page.info.name}`,
    reportTitle: page.title,
    notice,
    baseHref: SUBJECT_ROUTES[subject.kind].base(subject),
    listHref: reportsHref(subject),
    editHref:
      page.canEdit && page.definition.origin === "saved"
        ? `${reportHref(subject, key)}/edit`
        : null,
    downloads: [
      { href: reportHref(subject, key, "pdf"), text: "PDF for a board pack" },
      { href: reportHref(subject, key, "xlsx"), text: "Excel workbook (icon states as data)" },
      { href: reportHref(subject, key, "csv"), text: "CSV of the summary table" },
    ],
    blocks: page.metrics.map((m) => ({
      ...m,
      figure: m.chart
        ? figureHtml(m.chart, {
            headingLevel: 4,
            ...chartDownloads(reportHref(subject, key), m.chart.id),
          })
        : null,
    })),
    sectionsCount: SECTION_SLOTS,
  };
}
