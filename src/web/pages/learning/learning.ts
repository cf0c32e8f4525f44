/**
 * Shared learning pages (issue 17; docs/networks.md "Shared learning"): the national feed
 * (/learning, a GET form of filters, paged), a post with its evidence (/learning/:postId), the
 * post form (/networks/:networkId/learning/new, /learning/:postId/edit) and the post's actions
 * (publish, updates, comments, sharing with NHS England, featuring) as plain forms, POST-redirect-
 * GET, no script. Every read goes through the learning service, which answers 404 for a post the
 * reader may not see.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Actor } from "../../../accounts/actor.js";
import { ForbiddenError, NotFoundError, SignInRequiredError, UsageError } from "../../../errors.js";
import { CARE_SETTING_LABELS, careSettings, type GuideVersion } from "../../../guides/types.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import type { MetricDetail } from "../../../metrics/service.js";
import { networks } from "../../../metrics/networks.js";
import { NO_EVIDENCE } from "../../../networks/learning/evidence.js";
import type { PostInput, PostView } from "../../../networks/learning/service.js";
import {
  POST_KIND_LABELS,
  evidenceVerdicts,
  type FeedFilter,
  type Post,
} from "../../../networks/learning/types.js";
import { topicTitle } from "../../../metrics/catalogue/index.js";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { fieldErrorsOf, formFields, formPage, personal, type FieldErrors } from "../../forms.js";
import { longDate } from "../../present.js";
import { metricSources, registerPageDownloads } from "../../exports/page-downloads.js";
import {
  careSettingLabel,
  evidenceChart,
  evidenceOf,
  filterChoices,
  networkName,
  postSummary,
} from "./learning-model.js";

const networkIds = networks.map((n) => n.id) as [string, ...string[]];
const postParams = z.object({
  postId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
const networkParams = z.object({ networkId: z.enum(networkIds) });
/** An empty select ("Any") is no filter. */
const none = z.literal("").transform(() => undefined);
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80);
const feedQuery = z.object({
  q: z.string().trim().max(200).optional(),
  network: z.union([none, z.enum(networkIds)]).optional(),
  topic: z.union([none, z.string().regex(/^[a-z0-9_]{1,40}$/)]).optional(),
  guide: z.union([none, slug]).optional(),
  idea: z.union([none, slug]).optional(),
  setting: z.union([none, z.enum(careSettings)]).optional(),
  verdict: z.union([none, z.enum([...evidenceVerdicts, "none"])]).optional(),
  shared: z.union([none, z.literal("yes")]).optional(),
  page: z.union([none, z.coerce.number().int().min(1).max(10_000)]).optional(),
});

/** Bad path parameters are pages that do not exist. */
function pathParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError("There is no such learning post.");
  return parsed.data;
}

/** The filters, or a UsageError naming the filter and the value given. */
function feedFilters(query: unknown) {
  const parsed = feedQuery.safeParse(query);
  if (parsed.success) return parsed.data;
  const field = String(parsed.error.issues[0]?.path[0] ?? "filter");
  const given = (query as Record<string, unknown> | null)?.[field];
  throw new UsageError(
    `The ${field} filter "${typeof given === "string" ? given.slice(0, 80) : ""}" is not one of the choices.`,
  );
}

/** A posted field that may repeat (checkboxes), as a list of strings. */
function listField(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | null)?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string").slice(0, 100);
}

/** A posted field that may be long (formFields keeps 1,000 characters). */
function longField(body: unknown, name: string, max: number): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === "string" ? value.slice(0, max + 100) : "";
}

const pad = (s: string) => (s.trim() === "" ? "" : s.trim().padStart(2, "0"));

export const learningRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const orgName = async (orgCode: string) =>
      (await ctx.directory.organisation(orgCode))?.name ?? orgCode;

    /** Every guide's current version (form choices, filters, change idea titles). */
    const currentGuides = async (): Promise<GuideVersion[]> =>
      Promise.all((await ctx.guides.list()).map((g) => ctx.guides.current(g.guideId)));

    // ---- The national feed.
    app.get("/learning", async (request, reply) => {
      const q = feedFilters(request.query);
      const filter: FeedFilter = {
        networkId: q.network,
        topic: q.topic,
        guideId: q.guide,
        changeIdeaId: q.idea,
        careSetting: q.setting,
        verdict: q.verdict,
        shared: q.shared === "yes",
        text: q.q || undefined,
      };
      const page = q.page ?? 1;
      const [feed, guides] = await Promise.all([
        ctx.learning.feed(request.actor, filter, page),
        currentGuides(),
      ]);
      const pages = Math.max(1, Math.ceil(feed.total / feed.pageSize));
      const params = new URLSearchParams(
        Object.entries({
          q: q.q || undefined,
          network: q.network,
          topic: q.topic,
          guide: q.guide,
          idea: q.idea,
          setting: q.setting,
          verdict: q.verdict,
          shared: q.shared,
        }).filter((e): e is [string, string] => typeof e[1] === "string"),
      );
      const pageHref = (n: number) => {
        const p = new URLSearchParams(params);
        p.set("page", String(n));
        return `/learning?${p.toString()}`;
      };
      const networkIdsPostable = networks
        .map((n) => n.id)
        .filter((id) => ctx.learning.canPost(request.actor, id));
      // The reader's own drafts, so a saved draft is never lost.
      const drafts = (
        await Promise.all(networkIdsPostable.map((id) => ctx.learning.drafts(request.actor, id)))
      )
        .flat()
        .map((p) => ({
          title: p.title,
          href: `/learning/${p.postId}`,
          network: networkName(p.networkId),
        }));
      if (request.actor.kind !== "anonymous") personal(reply);
      // Signed in with a topic chosen: the topic's follow form (the page is personal then).
      const topicFollow =
        request.actor.kind === "user" && q.topic
          ? {
              topic: q.topic,
              csrf: reply.generateCsrf(),
              following:
                (await ctx.follows.follows(request.actor)).find(
                  (f) => f.kind === "topic" && f.targetId === q.topic,
                ) ?? null,
              returnTo: `/learning?${params.toString()}`,
            }
          : null;
      return reply.render("learning/feed.njk", {
        topicFollow,
        title: "Shared learning",
        posts: feed.posts.map(postSummary),
        total: feed.total,
        page,
        pages,
        query: q.q ?? "",
        filtered: params.toString() !== "",
        prevHref: page > 1 ? pageHref(page - 1) : null,
        nextHref: page < pages ? pageHref(page + 1) : null,
        choices: filterChoices(guides, {
          network: q.network,
          topic: q.topic,
          guide: q.guide,
          idea: q.idea,
          setting: q.setting,
          verdict: q.verdict,
          shared: q.shared,
        }),
        drafts,
        postIn: networkIdsPostable.map((id) => ({
          text: `Post learning in ${networkName(id)}`,
          href: `/networks/${id}/learning/new`,
        })),
      });
    });

    // ---- The post form.
    const formChoices = async (actor: Actor) => {
      const guides = await currentGuides();
      // The guides' measures that have data: a measure with no data source yet (planned.ts)
      // can show no evidence, so it is not offered.
      const metricIds = [
        ...new Set(guides.flatMap((g) => g.measures.map((m) => m.metricId))),
      ].filter((metricId) => getMetric(metricId) !== undefined);
      return {
        organisations: await Promise.all(
          ctx.learning.authorOrganisations(actor).map(async (orgCode) => ({
            orgCode,
            name: await orgName(orgCode),
          })),
        ),
        guides,
        metrics: metricIds.map((metricId) => ({
          metricId,
          title: getMetric(metricId)!.title,
        })),
      };
    };

    const postForm = async (
      reply: FastifyReply,
      actor: Actor,
      page: { networkId: string; action: string; heading: string; post?: Post },
      input: PostInput | null,
      errors: FieldErrors = {},
    ) => {
      const choices = await formChoices(actor);
      const given: PostInput = input ?? {
        kind: page.post?.kind ?? "what_worked",
        title: page.post?.title ?? "",
        body: page.post?.body ?? "",
        orgCode: page.post?.orgCode ?? choices.organisations[0]?.orgCode ?? "",
        changeDate: page.post?.changeDate ?? "",
        ideas: page.post?.ideas.map((i) => `${i.guideId}/${i.changeIdeaId}`) ?? [],
        metricIds: page.post?.measures.map((m) => m.metricId) ?? [],
        careSetting: page.post?.careSetting ?? "",
        visibility: page.post?.visibility ?? "network",
      };
      const [year = "", month = "", day = ""] = given.changeDate.split("-");
      return formPage(
        reply,
        "learning/form.njk",
        {
          title: page.heading,
          networkId: page.networkId,
          networkName: networkName(page.networkId),
          action: page.action,
          given,
          date: { day, month, year },
          kinds: Object.entries(POST_KIND_LABELS).map(([value, text]) => ({
            value,
            text,
            checked: given.kind === value,
          })),
          organisations: choices.organisations.map((o) => ({
            value: o.orgCode,
            text: `${o.name} (${o.orgCode})`,
            selected: given.orgCode === o.orgCode,
          })),
          ideaGroups: choices.guides.map((g) => ({
            guideId: g.guideId,
            title: g.title,
            items: g.sections.flatMap((s) =>
              s.changeIdeas.map((c) => ({
                value: `${g.guideId}/${c.id}`,
                text: c.title,
                checked: given.ideas.includes(`${g.guideId}/${c.id}`),
              })),
            ),
          })),
          metrics: choices.metrics.map((m) => ({
            value: m.metricId,
            text: m.title,
            checked: given.metricIds.includes(m.metricId),
          })),
          settings: [
            {
              value: "",
              text: "As the guide of the first change idea says",
              checked: given.careSetting === "",
            },
            ...Object.entries(CARE_SETTING_LABELS).map(([value, text]) => ({
              value,
              text,
              checked: given.careSetting === value,
            })),
          ],
          visibilities: [
            {
              value: "network",
              text: `Members of ${networkName(page.networkId)} only`,
              checked: given.visibility === "network",
            },
            {
              value: "public",
              text: "Anyone (public)",
              checked: given.visibility === "public",
            },
          ],
        },
        errors,
      );
    };

    const inputOf = (body: unknown): PostInput => {
      const f = formFields(body, [
        "kind",
        "title",
        "orgCode",
        "changeDate-day",
        "changeDate-month",
        "changeDate-year",
        "careSetting",
        "visibility",
      ]);
      return {
        kind: f.kind,
        title: f.title,
        body: longField(body, "body", 20_000),
        orgCode: f.orgCode,
        changeDate: `${f["changeDate-year"].trim()}-${pad(f["changeDate-month"])}-${pad(f["changeDate-day"])}`,
        ideas: listField(body, "ideas"),
        metricIds: listField(body, "metricIds"),
        careSetting: f.careSetting,
        visibility: f.visibility,
      };
    };

    /** The form's field errors, with the date's summary link on its first box. */
    const formErrors = (error: unknown): FieldErrors | null => {
      const errors = fieldErrorsOf(error);
      if (errors?.changeDate) {
        errors["changeDate-day"] = errors.changeDate;
        delete errors.changeDate;
      }
      return errors;
    };

    const mayPost = (request: FastifyRequest, networkId: string) => {
      if (request.actor.kind === "anonymous") throw new SignInRequiredError();
      if (!ctx.learning.canPost(request.actor, networkId))
        throw new ForbiddenError(
          `Only members and leads of ${networkName(networkId)} with an organisation can post its learning.`,
        );
    };

    /** The new-post form's target in a network (its address and heading). */
    const newTarget = (networkId: string) => ({
      networkId,
      action: `/networks/${networkId}/learning/new`,
      heading: `Post learning in ${networkName(networkId)}`,
    });

    app.get("/networks/:networkId/learning/new", async (request, reply) => {
      const { networkId } = pathParams(networkParams, request.params);
      mayPost(request, networkId);
      return postForm(reply, request.actor, newTarget(networkId), null);
    });

    app.post("/networks/:networkId/learning/new", async (request, reply) => {
      const { networkId } = pathParams(networkParams, request.params);
      mayPost(request, networkId);
      const input = inputOf(request.body);
      try {
        const post = await ctx.learning.create(request.actor, networkId, input);
        return reply.redirect(`/learning/${post.postId}`, 303);
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        reply.status(400);
        return postForm(reply, request.actor, newTarget(networkId), input, errors);
      }
    });

    /** The author's own draft (404 for anyone else or once published). */
    const ownDraft = async (actor: Actor, postId: number) => {
      const view = await ctx.learning.post(actor, postId);
      if (!view.isAuthor || view.post.status !== "draft")
        throw new NotFoundError("There is no such draft of yours.");
      return view.post;
    };

    /** The edit form's target for a draft (its network, address and heading). */
    const editTarget = (post: Post) => ({
      networkId: post.networkId,
      action: `/learning/${post.postId}/edit`,
      heading: `Edit the draft: ${post.title}`,
      post,
    });

    app.get("/learning/:postId/edit", async (request, reply) => {
      const { postId } = pathParams(postParams, request.params);
      const post = await ownDraft(request.actor, postId);
      return postForm(reply, request.actor, editTarget(post), null);
    });

    app.post("/learning/:postId/edit", async (request, reply) => {
      const { postId } = pathParams(postParams, request.params);
      const post = await ownDraft(request.actor, postId);
      const input = inputOf(request.body);
      try {
        await ctx.learning.update(request.actor, postId, input);
        return reply.redirect(`/learning/${postId}`, 303);
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        reply.status(400);
        return postForm(reply, request.actor, editTarget(post), input, errors);
      }
    });

    // ---- A post with its evidence.
    const postPage = async (
      reply: FastifyReply,
      view: PostView,
      given: { comment?: string; update?: string } = {},
      errors: FieldErrors = {},
    ) => {
      const { post } = view;
      const guides = new Map<string, GuideVersion | null>();
      for (const i of post.ideas)
        if (!guides.has(i.guideId))
          guides.set(i.guideId, await ctx.guides.current(i.guideId).catch(() => null));
      const details = await Promise.all(
        post.measures.map((m) =>
          ctx.analytics
            .metricDetail(post.orgCode, m.metricId)
            .catch((): MetricDetail | null => null),
        ),
      );
      return formPage(
        reply,
        "learning/post.njk",
        {
          title: post.title,
          post,
          view,
          kind: POST_KIND_LABELS[post.kind],
          networkName: networkName(post.networkId),
          orgName: await orgName(post.orgCode),
          changeDate: longDate(post.changeDate),
          published: post.publishedAt
            ? longDate(post.publishedAt.toISOString().slice(0, 10))
            : null,
          visibility:
            post.visibility === "public"
              ? "Public"
              : `Members of ${networkName(post.networkId)} only`,
          topic: post.topic ? topicTitle(post.topic) : null,
          careSetting: careSettingLabel(post.careSetting),
          ideas: post.ideas.map((i) => {
            const g = guides.get(i.guideId);
            const idea = g?.sections
              .flatMap((s) => s.changeIdeas)
              .find((c) => c.id === i.changeIdeaId);
            return {
              guide: g?.title ?? i.guideId,
              title: idea?.title ?? i.changeIdeaId,
              href: `/guides/${i.guideId}#idea-${i.changeIdeaId}`,
            };
          }),
          evidence: post.measures.map((m, i) => evidenceOf(post, m, details[i] ?? null, i)),
          noEvidence: NO_EVIDENCE,
          updates: post.updates.map((u) => ({
            date: longDate(u.createdAt.toISOString().slice(0, 10)),
            body: u.body,
          })),
          comments: post.comments.map((c) => ({
            ...c,
            date: longDate(c.createdAt.toISOString().slice(0, 10)),
            deletable: view.deletableComments.includes(c.commentId),
          })),
          given,
          signInHref: links.signIn(`/learning/${post.postId}`),
        },
        errors,
      );
    };

    app.get("/learning/:postId", async (request, reply) => {
      const { postId } = pathParams(postParams, request.params);
      const view = await ctx.learning.post(request.actor, postId);
      return postPage(reply, view);
    });

    // The evidence's charts and its table of verdicts as CSV, SVG and PNG, for whoever may read
    // the post (src/web/exports/page-downloads.ts).
    registerPageDownloads(
      app,
      ctx,
      "/learning/:postId",
      async (request) => {
        const { postId } = pathParams(postParams, request.params);
        const { post } = await ctx.learning.post(request.actor, postId);
        const details = await Promise.all(
          post.measures.map((m) =>
            ctx.analytics
              .metricDetail(post.orgCode, m.metricId)
              .catch((): MetricDetail | null => null),
          ),
        );
        return {
          stem: `learning-${postId}`,
          source: metricSources(post.measures.map((m) => m.metricId)),
          period: `${post.orgCode}'s series; change made ${post.changeDate}`,
          charts: post.measures.flatMap((_, i) => {
            const chart = evidenceChart(post, details[i] ?? null, i);
            return chart ? [chart] : [];
          }),
          tables: [
            {
              id: "evidence",
              head: [
                "org_code",
                "metric_id",
                "change_date",
                "verdict",
                "reason",
                "baseline_points",
                "points_since",
                "provisional",
                "data_version",
                "computed_at",
              ],
              rows: post.measures.map((m) => [
                post.orgCode,
                m.metricId,
                post.changeDate,
                m.verdict?.verdict ?? "not_judged_yet",
                m.verdict?.reason ?? "",
                m.verdict?.baselinePoints ?? null,
                m.verdict?.pointsSince ?? null,
                m.verdict?.provisional ?? null,
                m.verdict?.dataVersion ?? null,
                m.verdict?.computedAt.toISOString() ?? null,
              ]),
            },
          ],
        };
      },
      { audience: "personal" },
    );

    app.post("/learning/:postId", async (request, reply) => {
      const { postId } = pathParams(postParams, request.params);
      const f = formFields(request.body, ["action", "commentId"]);
      const actor = request.actor;
      const back = () => reply.redirect(`/learning/${postId}`, 303);
      switch (f.action) {
        case "publish":
          await ctx.learning.publish(actor, postId);
          return back();
        case "nominate":
          await ctx.learning.nominate(actor, postId);
          return back();
        case "feature":
        case "unfeature":
          await ctx.learning.feature(actor, postId, f.action === "feature");
          return back();
        case "delete-comment": {
          const commentId = Number(f.commentId);
          if (!Number.isInteger(commentId) || commentId <= 0)
            throw new NotFoundError("There is no such comment of yours.");
          await ctx.learning.deleteComment(actor, postId, commentId);
          return back();
        }
        case "comment":
        case "update": {
          const text = longField(request.body, f.action, 20_000);
          try {
            if (f.action === "comment") await ctx.learning.addComment(actor, postId, text);
            else await ctx.learning.addUpdate(actor, postId, text);
            return back();
          } catch (error) {
            const errors = fieldErrorsOf(error);
            if (!errors) throw error;
            reply.status(400);
            return postPage(
              reply,
              await ctx.learning.post(actor, postId),
              { [f.action]: text },
              errors,
            );
          }
        }
        default:
          // Whatever the action, a post the reader may not see is not found first.
          await ctx.learning.post(actor, postId);
          throw new UsageError(`"${f.action.slice(0, 40)}" is not something this page can do.`);
      }
    });
  };
