/**
 * Guide authoring pages (issue 16; docs/guides.md "Authoring and review"): the authors'
 * dashboard, starting a draft, a draft's overview with its review actions, and one form per part
 * of the version. Every call goes through the authoring service, which needs `guides.author`
 * (readers not signed in are sent to sign in; others get 403). Plain forms, POST-redirect-GET, a
 * "Preview" button that renders Markdown on the server: no script.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { DRAFT_STATUS_LABELS, type Draft } from "../../../guides/authoring/types.js";
import {
  CARE_SETTING_LABELS,
  MEASURE_ROLE_LABELS,
  careSettings,
  measureRoles,
  type ChangeIdea,
  type GuideVersion,
} from "../../../guides/types.js";
import { catalogue, isMetricId, topicTitle } from "../../../metrics/catalogue/index.js";
import type { AppContext } from "../../context.js";
import { fieldErrorsOf, formFields, formPage, personal, type FieldErrors } from "../../forms.js";
import { param } from "../../present.js";
import {
  IDEA_PARTS,
  parseChangeIdea,
  parseDetails,
  parseIntroduction,
  parseMeasure,
  idTaken,
  parseSection,
  partErrors,
  many,
  moved,
  text,
} from "./part-forms.js";

type IdeaValues = Omit<ChangeIdea, "measures"> & { measures: string[] };

const guideParams = z.object({ guideId: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const draftParams = z.object({
  draftId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
const sectionParams = draftParams.extend({
  section: z.union([z.literal("new"), z.coerce.number().int().min(0).max(100)]),
});
const ideaParams = draftParams.extend({
  section: z.coerce.number().int().min(0).max(100),
  idea: z.union([z.literal("new"), z.coerce.number().int().min(0).max(100)]),
});
const moveFields = z.object({ move: z.enum(["up", "down", "remove"]) });

const draftPath = (draftId: number) => `/guides/drafts/${draftId}`;
const crumbs = (draft?: Draft) => [
  { text: "Guide authoring", href: "/guides/author" },
  ...(draft
    ? [
        {
          text: `${draft.content.title || draft.guideId} ${draft.version}`,
          href: draftPath(draft.draftId),
        },
      ]
    : []),
];

const draftRow = (d: Draft) => ({
  href: draftPath(d.draftId),
  title: d.content.title || d.guideId,
  version: d.version,
  base: d.baseVersion,
  status: DRAFT_STATUS_LABELS[d.status],
  updated: d.updatedAt.toLocaleDateString("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "long",
    year: "numeric",
  }),
});

/** The catalogue as select options grouped by topic, the chosen one selected. */
function metricGroups(chosen: string) {
  const byTopic = new Map<string, { value: string; text: string; selected: boolean }[]>();
  for (const m of catalogue) {
    const list = byTopic.get(m.topic) ?? [];
    list.push({ value: m.id, text: `${m.title} (${m.id})`, selected: m.id === chosen });
    byTopic.set(m.topic, list);
  }
  return [...byTopic].map(([topic, options]) => ({ label: topicTitle(topic as never), options }));
}

export const guideAuthoringRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const a = ctx.authoring;

    app.get("/guides/author", async (request, reply) => {
      const board = await a.dashboard(request.actor);
      return personal(reply).render("guide-authoring/dashboard.njk", {
        title: "Guide authoring",
        mine: board.mine.map(draftRow),
        awaitingReview: board.awaitingReview.map(draftRow),
        recentlyPublished: board.recentlyPublished.map(draftRow),
        guides: await ctx.guides.list(),
      });
    });

    const newDraftPage = async (
      reply: FastifyReply,
      request: FastifyRequest,
      guideId: string,
      errors: FieldErrors = {},
    ) => {
      await a.dashboard(request.actor); // authors only, before anything is shown
      const current = await ctx.guides.current(guideId);
      const [minor, major] = (await import("../../../guides/versions.js")).nextVersions(
        current.version,
      );
      return formPage(
        reply,
        "guide-authoring/new-draft.njk",
        { title: `New version of ${current.title}`, breadcrumbs: crumbs(), current, minor, major },
        errors,
      );
    };

    app.get("/guides/:guideId/drafts/new", async (request, reply) => {
      const { guideId } = param(guideParams, request.params, "guide");
      return newDraftPage(reply, request, guideId);
    });

    app.post("/guides/:guideId/drafts/new", async (request, reply) => {
      const { guideId } = param(guideParams, request.params, "guide");
      const { step } = formFields(request.body, ["step"]);
      if (step !== "minor" && step !== "major")
        return newDraftPage(reply.code(400), request, guideId, {
          step: "Choose a minor or a major version",
        });
      const draftId = await a.startFromGuide(request.actor, guideId, step);
      return reply.redirect(draftPath(draftId), 303);
    });

    const newGuidePage = async (
      reply: FastifyReply,
      request: FastifyRequest,
      values: Record<string, string> = {},
      errors: FieldErrors = {},
    ) => {
      await a.dashboard(request.actor);
      const topics = [...new Set(catalogue.map((m) => m.topic))].map((t) => ({
        value: t,
        text: topicTitle(t),
        selected: values.topic === t,
      }));
      return formPage(
        reply,
        "guide-authoring/new-guide.njk",
        { title: "Start a new guide", breadcrumbs: crumbs(), values, topics },
        errors,
      );
    };

    app.get("/guides/drafts/new-guide", async (request, reply) => newGuidePage(reply, request));

    app.post("/guides/drafts/new-guide", async (request, reply) => {
      const values = formFields(request.body, ["guideId", "title", "topic"]);
      try {
        const draftId = await a.startNewGuide(request.actor, values);
        return reply.redirect(draftPath(draftId), 303);
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        return newGuidePage(reply.code(400), request, values, errors);
      }
    });

    const overview = async (
      reply: FastifyReply,
      request: FastifyRequest,
      draftId: number,
      errors: FieldErrors = {},
    ) => {
      const seen = await a.view(request.actor, draftId);
      const { draft } = seen;
      return formPage(
        reply,
        "guide-authoring/draft.njk",
        {
          title: `${draft.content.title || draft.guideId} ${draft.version}`,
          breadcrumbs: crumbs(),
          ...seen,
          // Not `problems`: that name is the error summary's macro in the template.
          problemsFound: seen.problems,
          statusLabel: DRAFT_STATUS_LABELS[draft.status],
          editable: draft.status === "draft" || draft.status === "changes_requested",
          isAuthor: request.actor.kind === "user" && request.actor.userId === draft.authorUserId,
          v: draft.content,
          careSettingText: draft.content.careSettings.map((c) => CARE_SETTING_LABELS[c]).join(", "),
          measureRoles: MEASURE_ROLE_LABELS,
          events: seen.events.map((e) => ({
            ...e,
            when: e.at.toLocaleString("en-GB", {
              timeZone: "Europe/London",
              dateStyle: "medium",
              timeStyle: "short",
            }),
          })),
        },
        errors,
      );
    };

    app.get("/guides/drafts/:draftId", async (request, reply) => {
      const { draftId } = param(draftParams, request.params, "draft");
      return overview(reply, request, draftId);
    });

    // Status changes: each one form, back to the overview (with its errors when refused).
    const actions = {
      submit: (r: FastifyRequest, id: number) => a.submit(r.actor, id),
      approve: (r: FastifyRequest, id: number) =>
        a.approve(r.actor, id, text(r.body, "comment", 4000)),
      "request-changes": (r: FastifyRequest, id: number) =>
        a.requestChanges(r.actor, id, text(r.body, "comment", 4000)),
      publish: (r: FastifyRequest, id: number) => a.publish(r.actor, id),
      withdraw: (r: FastifyRequest, id: number) => a.withdraw(r.actor, id),
    };
    for (const [name, act] of Object.entries(actions))
      app.post(`/guides/drafts/:draftId/${name}`, async (request, reply) => {
        const { draftId } = param(draftParams, request.params, "draft");
        try {
          await act(request, draftId);
        } catch (error) {
          const errors = fieldErrorsOf(error);
          if (!errors && !(error instanceof Error && "problems" in error)) throw error;
          const list = errors ?? {};
          // Submit's problems name no field: they are listed on the overview under "Problems found".
          return overview(
            reply.code(400),
            request,
            draftId,
            Object.keys(list).length ? list : { problems: (error as Error).message },
          );
        }
        return reply.redirect(draftPath(draftId), 303);
      });

    /** Loads a draft for a part form (authors only). */
    const load = async (request: FastifyRequest, draftId: number) =>
      (await a.view(request.actor, draftId)).draft;

    // Details: title, summary, owner, care settings, interim/final, changelog.
    const detailsPage = async (
      reply: FastifyReply,
      draft: Draft,
      v: Partial<GuideVersion>,
      raw: Record<string, string> | null,
      errors: FieldErrors = {},
    ) =>
      formPage(
        reply,
        "guide-authoring/details.njk",
        {
          title: "Details and changelog",
          breadcrumbs: crumbs(draft),
          draft,
          v,
          changelogText: raw?.changelogText ?? (v.changelog ?? []).map((e) => e.text).join("\n"),
          changelogAnswers:
            raw?.changelogAnswers ??
            (v.changelog ?? []).map((e) => e.answers.join(", ")).join("\n"),
          careSettingItems: careSettings.map((c) => ({
            value: c,
            text: CARE_SETTING_LABELS[c],
            checked: (v.careSettings ?? []).includes(c),
          })),
        },
        errors,
      );

    app.get("/guides/drafts/:draftId/details", async (request, reply) => {
      const { draftId } = param(draftParams, request.params, "draft");
      const draft = await load(request, draftId);
      return detailsPage(reply, draft, draft.content, null);
    });
    app.post("/guides/drafts/:draftId/details", async (request, reply) => {
      const { draftId } = param(draftParams, request.params, "draft");
      const draft = await load(request, draftId);
      const parsed = parseDetails(request.body);
      if (!parsed.ok)
        return detailsPage(
          reply.code(400),
          draft,
          {
            ...draft.content,
            title: text(request.body, "title", 200),
            summary: text(request.body, "summary", 1000),
            owner: text(request.body, "owner", 200),
          },
          {
            changelogText: text(request.body, "changelogText"),
            changelogAnswers: text(request.body, "changelogAnswers"),
          },
          parsed.errors,
        );
      await a.edit(request.actor, draftId, (v) => ({ ...v, ...parsed.value }));
      return reply.redirect(draftPath(draftId), 303);
    });

    // Introduction, with a server-rendered preview.
    app.get("/guides/drafts/:draftId/introduction", async (request, reply) => {
      const { draftId } = param(draftParams, request.params, "draft");
      const draft = await load(request, draftId);
      return formPage(reply, "guide-authoring/introduction.njk", {
        title: "Introduction",
        breadcrumbs: crumbs(draft),
        draft,
        introduction: draft.content.introduction,
        preview: null,
      });
    });
    app.post("/guides/drafts/:draftId/introduction", async (request, reply) => {
      const { draftId } = param(draftParams, request.params, "draft");
      const draft = await load(request, draftId);
      const parsed = parseIntroduction(request.body);
      const introduction = text(request.body, "introduction");
      const previewing = text(request.body, "intent", 20) === "preview";
      if (!parsed.ok || previewing)
        return formPage(
          reply.code(parsed.ok || previewing ? 200 : 400),
          "guide-authoring/introduction.njk",
          {
            title: "Introduction",
            breadcrumbs: crumbs(draft),
            draft,
            introduction,
            preview: previewing ? introduction : null,
          },
          // A preview shows the text as it is; the checks come with saving.
          parsed.ok || previewing ? {} : parsed.errors,
        );
      await a.edit(request.actor, draftId, (v) => ({
        ...v,
        introduction: parsed.value.introduction,
      }));
      return reply.redirect(draftPath(draftId), 303);
    });

    // A section: title, id, principles (preview); add, move, remove.
    const sectionPage = (
      reply: FastifyReply,
      draft: Draft,
      index: number | "new",
      values: { title: string; id: string; principles: string },
      preview: boolean,
      errors: FieldErrors = {},
    ) =>
      formPage(
        reply,
        "guide-authoring/section.njk",
        {
          title: index === "new" ? "Add a section" : `Section: ${values.title}`,
          breadcrumbs: crumbs(draft),
          draft,
          index,
          values,
          preview,
        },
        errors,
      );

    app.get("/guides/drafts/:draftId/sections/:section", async (request, reply) => {
      const { draftId, section } = param(sectionParams, request.params, "section");
      const draft = await load(request, draftId);
      const s =
        section === "new" ? { title: "", id: "", principles: "" } : draft.content.sections[section];
      if (!s) return reply.callNotFound();
      return sectionPage(reply, draft, section, s, false);
    });
    app.post("/guides/drafts/:draftId/sections/:section", async (request, reply) => {
      const { draftId, section } = param(sectionParams, request.params, "section");
      const draft = await load(request, draftId);
      const values = {
        title: text(request.body, "title", 200),
        id: text(request.body, "id", 80),
        principles: text(request.body, "principles"),
      };
      const parsed = parseSection(request.body);
      const previewing = text(request.body, "intent", 20) === "preview";
      const clash = parsed.ok && idTaken(draft.content, parsed.value.id, { section });
      if (!parsed.ok || previewing || clash)
        return sectionPage(
          reply.code(previewing ? 200 : 400),
          draft,
          section,
          values,
          previewing,
          partErrors(parsed, previewing, clash, values.id),
        );
      await a.edit(request.actor, draftId, (v) => {
        if (section === "new") v.sections.push({ ...parsed.value, changeIdeas: [] });
        else v.sections[section] = { ...v.sections[section]!, ...parsed.value };
        return v;
      });
      return reply.redirect(draftPath(draftId), 303);
    });
    app.post("/guides/drafts/:draftId/sections/:section/move", async (request, reply) => {
      const { draftId, section } = param(sectionParams, request.params, "section");
      const { move } = param(moveFields, request.body, "move");
      if (section === "new") return reply.callNotFound();
      await a.edit(request.actor, draftId, (v) => ({
        ...v,
        sections:
          move === "remove"
            ? v.sections.filter((_, i) => i !== section)
            : moved(v.sections, section, move),
      }));
      return reply.redirect(draftPath(draftId), 303);
    });

    // A change idea: title, id, the five Markdown parts (preview), measures; add, move, remove.
    const ideaPage = (
      reply: FastifyReply,
      draft: Draft,
      section: number,
      idea: number | "new",
      values: IdeaValues,
      preview: boolean,
      errors: FieldErrors = {},
    ) =>
      formPage(
        reply,
        "guide-authoring/change-idea.njk",
        {
          title: idea === "new" ? "Add a change idea" : `Change idea: ${values.title}`,
          breadcrumbs: crumbs(draft),
          draft,
          section: draft.content.sections[section],
          action: `/guides/drafts/${draft.draftId}/sections/${section}/ideas/${idea}`,
          values,
          parts: IDEA_PARTS.map(([name, label]) => ({ name, label, value: values[name] })),
          measureItems: draft.content.measures.map((m) => ({
            value: m.metricId,
            text: `${catalogue.find((c) => c.id === m.metricId)?.title ?? m.metricId} (${m.metricId})`,
            checked: values.measures.includes(m.metricId),
          })),
          preview,
        },
        errors,
      );
    const ideaValues = (c: ChangeIdea | undefined): IdeaValues => ({
      title: c?.title ?? "",
      id: c?.id ?? "",
      action: c?.action ?? "",
      whyItWorks: c?.whyItWorks ?? "",
      howToStart: c?.howToStart ?? "",
      whatGoodLooksLike: c?.whatGoodLooksLike ?? "",
      evidence: c?.evidence ?? "",
      measures: c?.measures ?? [],
    });

    app.get("/guides/drafts/:draftId/sections/:section/ideas/:idea", async (request, reply) => {
      const { draftId, section, idea } = param(ideaParams, request.params, "change idea");
      const draft = await load(request, draftId);
      const s = draft.content.sections[section];
      const c = idea === "new" ? undefined : s?.changeIdeas[idea];
      if (!s || (idea !== "new" && !c)) return reply.callNotFound();
      return ideaPage(reply, draft, section, idea, ideaValues(c), false);
    });
    app.post("/guides/drafts/:draftId/sections/:section/ideas/:idea", async (request, reply) => {
      const { draftId, section, idea } = param(ideaParams, request.params, "change idea");
      const draft = await load(request, draftId);
      const s = draft.content.sections[section];
      if (!s || (idea !== "new" && !s.changeIdeas[idea])) return reply.callNotFound();
      const b = request.body;
      const values: IdeaValues = {
        title: text(b, "title", 200),
        id: text(b, "id", 80),
        action: text(b, "action"),
        whyItWorks: text(b, "whyItWorks"),
        howToStart: text(b, "howToStart"),
        whatGoodLooksLike: text(b, "whatGoodLooksLike"),
        evidence: text(b, "evidence"),
        measures: many(b, "measures"),
      };
      const parsed = parseChangeIdea(request.body);
      const previewing = text(request.body, "intent", 20) === "preview";
      const clash = parsed.ok && idTaken(draft.content, parsed.value.id, { section, idea });
      if (!parsed.ok || previewing || clash)
        return ideaPage(
          reply.code(previewing ? 200 : 400),
          draft,
          section,
          idea,
          values,
          previewing,
          partErrors(parsed, previewing, clash, values.id),
        );
      await a.edit(request.actor, draftId, (v) => {
        const target = v.sections[section]!;
        if (idea === "new") target.changeIdeas.push(parsed.value);
        else target.changeIdeas[idea] = parsed.value;
        return v;
      });
      return reply.redirect(`${draftPath(draftId)}#idea-${parsed.value.id}`, 303);
    });
    app.post(
      "/guides/drafts/:draftId/sections/:section/ideas/:idea/move",
      async (request, reply) => {
        const { draftId, section, idea } = param(ideaParams, request.params, "change idea");
        const { move } = param(moveFields, request.body, "move");
        if (idea === "new") return reply.callNotFound();
        await a.edit(request.actor, draftId, (v) => {
          const target = v.sections[section];
          if (target)
            target.changeIdeas =
              move === "remove"
                ? target.changeIdeas.filter((_, i) => i !== idea)
                : moved(target.changeIdeas, idea, move);
          return v;
        });
        return reply.redirect(draftPath(draftId), 303);
      },
    );

    // Tracking measures: add one (metric from the catalogue, role, rationale), remove one.
    const measuresPage = (
      reply: FastifyReply,
      draft: Draft,
      values: Record<string, string>,
      errors: FieldErrors = {},
    ) =>
      formPage(
        reply,
        "guide-authoring/measures.njk",
        {
          title: "Tracking measures",
          breadcrumbs: crumbs(draft),
          draft,
          measures: draft.content.measures.map((m) => ({
            ...m,
            title: catalogue.find((c) => c.id === m.metricId)?.title ?? m.metricId,
            roleText: MEASURE_ROLE_LABELS[m.role],
          })),
          groups: metricGroups(values.metricId ?? ""),
          roleItems: measureRoles.map((r) => ({
            value: r,
            text: MEASURE_ROLE_LABELS[r],
            checked: values.role === r,
          })),
          values,
        },
        errors,
      );

    app.get("/guides/drafts/:draftId/measures", async (request, reply) => {
      const { draftId } = param(draftParams, request.params, "draft");
      return measuresPage(reply, await load(request, draftId), {});
    });
    app.post("/guides/drafts/:draftId/measures", async (request, reply) => {
      const { draftId } = param(draftParams, request.params, "draft");
      const draft = await load(request, draftId);
      const remove = text(request.body, "remove", 80);
      if (remove) {
        await a.edit(request.actor, draftId, (v) => ({
          ...v,
          measures: v.measures.filter((m) => m.metricId !== remove),
          sections: v.sections.map((s) => ({
            ...s,
            changeIdeas: s.changeIdeas.map((c) => ({
              ...c,
              measures: c.measures.filter((m) => m !== remove),
            })),
          })),
        }));
        return reply.redirect(`/guides/drafts/${draftId}/measures`, 303);
      }
      const values = formFields(request.body, ["metricId", "role", "rationale"]);
      const parsed = parseMeasure(request.body, isMetricId);
      const clash =
        parsed.ok && draft.content.measures.some((m) => m.metricId === parsed.value.metricId);
      if (!parsed.ok || clash)
        return measuresPage(
          reply.code(400),
          draft,
          values,
          !parsed.ok ? parsed.errors : { metricId: "Metric: this version already tracks it" },
        );
      await a.edit(request.actor, draftId, (v) => ({
        ...v,
        measures: [...v.measures, parsed.value],
      }));
      return reply.redirect(`/guides/drafts/${draftId}/measures`, 303);
    });
  };
