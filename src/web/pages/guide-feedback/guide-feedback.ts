/**
 * Feedback pages (issue 16; docs/guides.md "Feedback"): giving feedback on a guide, a section or
 * a change idea; the giver's own feedback with its answers; a guide's feedback as other readers
 * see it; and the authors' triage queue, its CSV and one item. The feedback service decides who
 * may see and do what. Plain forms, POST-redirect-GET, no script.
 */
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { z } from "zod";
import type { Actor } from "../../../accounts/actor.js";
import { requireUser } from "../../../accounts/policy.js";
import { NotFoundError } from "../../../errors.js";
import { feedbackStatuses, type FeedbackFilter } from "../../../guides/feedback/types.js";
import { feedbackRefSchema, slugSchema, versionNumberSchema } from "../../../guides/types.js";
import type { AppContext } from "../../context.js";
import { NOT_METRIC_DATA, provenanceLines } from "../../../metrics/csv.js";
import { fieldErrorsOf, formFields, formPage, personal } from "../../forms.js";
import { answerText, dateText, filterQuery, giveItems, statusText } from "./feedback-model.js";

const guideParams = z.object({ guideId: slugSchema });
const refParams = z.object({ ref: feedbackRefSchema });
const optional = <T extends z.ZodType>(s: T) =>
  z.union([z.literal("").transform(() => undefined), s]).optional();
const newQuery = z.object({
  version: optional(versionNumberSchema),
  section: optional(slugSchema),
  idea: optional(slugSchema),
});
const filterSchema = z.object({
  guide: optional(slugSchema),
  version: optional(versionNumberSchema),
  section: optional(slugSchema),
  status: optional(z.enum(feedbackStatuses)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});
const givenQuery = z.object({ given: optional(feedbackRefSchema) });

function pathParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError("There is no such page.");
  return parsed.data;
}
function query<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new NotFoundError("That filter is not valid.");
  return parsed.data;
}

/** The organisations a user may give feedback for (their organisation grants). */
function ownOrganisations(actor: Actor): string[] {
  if (actor.kind !== "user") return [];
  return [
    ...new Set(
      actor.grants.flatMap((g) => (g.scope.kind === "organisation" ? [g.scope.orgCode] : [])),
    ),
  ];
}

const GIVE_FIELDS = [
  "version",
  "sectionId",
  "changeIdeaId",
  "orgCode",
  "showOrg",
  "useful",
  "tried",
  "worked",
  "change",
  "comment",
] as const;
type GiveForm = Record<(typeof GIVE_FIELDS)[number], string>;

const ANSWER_FIELDS = ["status", "plannedFor", "landedIn", "reason", "response"] as const;

export const guideFeedbackRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const orgName = async (orgCode: string) =>
      (await ctx.directory.organisation(orgCode))?.name ?? orgCode;

    async function givePage(
      reply: FastifyReply,
      actor: Actor,
      guideId: string,
      form: GiveForm,
      errors: Record<string, string> = {},
    ) {
      requireUser(actor);
      const v = form.version
        ? await ctx.guides.version(guideId, form.version)
        : await ctx.guides.current(guideId);
      const section = v.sections.find((s) => s.id === form.sectionId);
      const idea = section?.changeIdeas.find((c) => c.id === form.changeIdeaId);
      const orgs = await Promise.all(
        ownOrganisations(actor).map(async (code) => ({ code, name: await orgName(code) })),
      );
      const about = idea
        ? `the change idea "${idea.title}"`
        : section
          ? `the section "${section.title}"`
          : "the whole guide";
      return formPage(
        reply,
        "guide-feedback/new.njk",
        {
          title: `Give feedback on ${v.title}`,
          guide: v,
          about,
          backHref: `/guides/${guideId}/versions/${v.version}${idea ? `#idea-${idea.id}` : section ? `#section-${section.id}` : ""}`,
          form: {
            ...form,
            version: v.version,
            sectionId: section?.id ?? "",
            changeIdeaId: idea?.id ?? "",
          },
          orgs,
          items: giveItems(form),
        },
        errors,
      );
    }

    app.get("/guides/:guideId/feedback/new", async (request, reply) => {
      const { guideId } = pathParams(guideParams, request.params);
      const q = query(newQuery, request.query);
      const orgs = ownOrganisations(request.actor);
      const form = Object.fromEntries(GIVE_FIELDS.map((f) => [f, ""])) as GiveForm;
      form.version = q.version ?? "";
      form.sectionId = q.section ?? "";
      form.changeIdeaId = q.section ? (q.idea ?? "") : "";
      form.orgCode = orgs.length === 1 ? orgs[0]! : "";
      return givePage(reply, request.actor, guideId, form);
    });

    app.post("/guides/:guideId/feedback/new", async (request, reply) => {
      const { guideId } = pathParams(guideParams, request.params);
      const form = formFields(request.body, GIVE_FIELDS);
      const raw = request.body as Record<string, unknown> | null;
      const long = (name: string) =>
        typeof raw?.[name] === "string" ? (raw[name] as string).slice(0, 5000) : "";
      form.change = long("change");
      form.comment = long("comment");
      try {
        const ref = await ctx.guideFeedback.give(request.actor, {
          guideId,
          version: form.version,
          sectionId: form.sectionId || null,
          changeIdeaId: form.changeIdeaId || null,
          orgCode: form.orgCode,
          showOrg: form.showOrg === "yes",
          useful: form.useful || undefined,
          tried: form.tried || undefined,
          worked: form.tried === "yes" ? form.worked || null : null,
          change: form.change,
          comment: form.comment,
        });
        return reply.redirect(`/guides/feedback?given=${ref}`, 303);
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        if (errors.orgCode) errors.orgCode = "Select the organisation you are giving feedback for";
        reply.status(400);
        return givePage(reply, request.actor, guideId, form, errors);
      }
    });

    /** What feedback was given on, by title: "guideId@version#id" → the section's or idea's title. */
    async function partTitles(): Promise<Map<string, string>> {
      const titles = new Map<string, string>();
      for (const v of await ctx.guides.allVersions())
        for (const s of v.sections) {
          titles.set(`${v.guideId}@${v.version}#${s.id}`, s.title);
          for (const c of s.changeIdeas) titles.set(`${v.guideId}@${v.version}#${c.id}`, c.title);
        }
      return titles;
    }
    const partTitle = (
      titles: Map<string, string>,
      i: {
        guideId: string;
        version: string;
        sectionId: string | null;
        changeIdeaId: string | null;
      },
    ) => {
      const id = i.changeIdeaId ?? i.sectionId;
      return id === null ? null : (titles.get(`${i.guideId}@${i.version}#${id}`) ?? id);
    };

    app.get("/guides/feedback", async (request, reply) => {
      const { given } = query(givenQuery, request.query);
      const items = await ctx.guideFeedback.mine(request.actor);
      const guides = new Map((await ctx.guides.list()).map((g) => [g.guideId, g.title]));
      const titles = await partTitles();
      return personal(reply).render("guide-feedback/mine.njk", {
        title: "Your feedback on guides",
        given: given && items.some((i) => i.ref === given) ? given : null,
        items: items.map((i) => ({
          ...i,
          guideTitle: guides.get(i.guideId) ?? i.guideId,
          partTitle: partTitle(titles, i),
          statusText: statusText(i),
          answer: answerText(i),
          date: dateText(i.createdAt),
        })),
      });
    });

    app.get("/guides/:guideId/feedback", async (request, reply) => {
      const { guideId } = pathParams(guideParams, request.params);
      const items = await ctx.guideFeedback.community(request.actor, guideId);
      const guide = await ctx.guides.current(guideId);
      const titles = await partTitles();
      return personal(reply).render("guide-feedback/community.njk", {
        title: `Feedback on ${guide.title}`,
        guide,
        items: items.map((i) => ({
          ...i,
          partTitle: partTitle(titles, { ...i, guideId }),
          statusText: statusText(i),
          answer: answerText(i),
          date: dateText(i.createdAt),
        })),
      });
    });

    const filterOf = (q: z.infer<typeof filterSchema>): FeedbackFilter => ({
      ...(q.guide ? { guideId: q.guide } : {}),
      ...(q.version ? { version: q.version } : {}),
      ...(q.section ? { sectionId: q.section } : {}),
      ...(q.status ? { status: q.status } : {}),
    });

    app.get("/guides/triage", async (request, reply) => {
      const q = query(filterSchema, request.query);
      const filter = filterOf(q);
      const queue = await ctx.guideFeedback.triage(request.actor, filter, q.page ?? 1);
      const guides = await ctx.guides.list();
      const qs = filterQuery(filter);
      return personal(reply).render("guide-feedback/triage.njk", {
        title: "Feedback triage",
        q: {
          guide: q.guide ?? "",
          version: q.version ?? "",
          section: q.section ?? "",
          status: q.status ?? "",
        },
        guides,
        statuses: feedbackStatuses,
        csvHref: `/guides/triage.csv${qs ? `?${qs}` : ""}`,
        ...queue,
        prevHref:
          queue.page > 1 ? `/guides/triage?${qs ? `${qs}&` : ""}page=${queue.page - 1}` : null,
        nextHref:
          queue.page < queue.pages
            ? `/guides/triage?${qs ? `${qs}&` : ""}page=${queue.page + 1}`
            : null,
        items: queue.items.map((i) => ({
          ...i,
          statusText: statusText(i),
          date: dateText(i.createdAt),
        })),
      });
    });

    app.get("/guides/triage.csv", async (request, reply) => {
      const filter = filterOf(query(filterSchema, request.query));
      const csv = await ctx.guideFeedback.csv(request.actor, filter);
      const provenance = provenanceLines({
        source: "Feedback on guides sent to Improvement Hub",
        period: "every item received, to the time generated",
        dataVersion: NOT_METRIC_DATA,
        generatedAt: ctx.now(),
      });
      return personal(reply)
        .type("text/csv; charset=utf-8")
        .header("Content-Disposition", 'attachment; filename="guide-feedback.csv"')
        .send(provenance + csv);
    });

    async function itemPage(
      reply: FastifyReply,
      actor: Actor,
      ref: string,
      form?: Record<(typeof ANSWER_FIELDS)[number], string>,
      errors: Record<string, string> = {},
    ) {
      const { item, events } = await ctx.guideFeedback.item(actor, ref);
      const f = form ?? {
        status: item.status,
        plannedFor: item.plannedFor ?? "",
        landedIn: item.landedIn ?? "",
        reason: item.reason ?? "",
        response: item.response,
      };
      return formPage(
        reply,
        "guide-feedback/item.njk",
        {
          title: `Feedback ${item.ref}`,
          item,
          statusText: statusText(item),
          date: dateText(item.createdAt),
          events: events.map((e) => ({ ...e, date: dateText(e.at) })),
          form: f,
          statusItems: feedbackStatuses.map((s) => ({
            value: s,
            text:
              s === "planned"
                ? "Planned for a version"
                : s === "done"
                  ? "Done in a version"
                  : s[0]!.toUpperCase() + s.slice(1),
            checked: f.status === s,
          })),
        },
        errors,
      );
    }

    app.get("/guides/triage/:ref", async (request, reply) => {
      const { ref } = pathParams(refParams, request.params);
      return itemPage(reply, request.actor, ref);
    });

    app.post("/guides/triage/:ref", async (request, reply) => {
      const { ref } = pathParams(refParams, request.params);
      const form = formFields(request.body, ANSWER_FIELDS);
      const raw = request.body as Record<string, unknown> | null;
      form.response = typeof raw?.response === "string" ? raw.response.slice(0, 5000) : "";
      try {
        await ctx.guideFeedback.answer(request.actor, ref, {
          status: form.status || undefined,
          plannedFor: form.plannedFor.trim() || null,
          landedIn: form.landedIn.trim() || null,
          reason: form.reason.trim() || null,
          response: form.response,
        });
        return reply.redirect(`/guides/triage/${ref}`, 303);
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        reply.status(400);
        return itemPage(reply, request.actor, ref, form, errors);
      }
    });
  };
