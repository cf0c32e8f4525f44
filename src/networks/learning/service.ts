/**
 * Shared learning (issue 17 items 2 and 3; docs/networks.md "Shared learning").
 *
 * Who sees what, decided here and nowhere else:
 * - a draft: its author only;
 * - a published "public" post: anyone, signed in or not;
 * - a published "network" post: the network's members and leads (`network.read_workspace`;
 *   national administrators pass it too);
 * - anyone else is told the post does not exist (NotFoundError, a 404), on the post page, the
 *   feed, the change idea block and every form, so a guessed id tells nothing.
 * Writing: members and leads of the network (`network.contribute`) post, for one of their own
 * organisations; the author edits a draft, publishes it and adds updates; anyone who may read a
 * post comments on it and deletes their own comments; a network lead (`network.manage`) shares a
 * post with NHS England and a national administrator (`learning.feature`) features it.
 * Every change is audited; publishing and updates go to the network's activity feed.
 */
import type { Actor } from "../../accounts/actor.js";
import type { Auditor } from "../../accounts/audit.js";
import { authorize, can, changingUser, requireUser } from "../../accounts/policy.js";
import { ConflictError, InputError, NotFoundError } from "../../errors.js";
import type { InputProblem } from "../../errors.js";
import type { GuideService } from "../../guides/service.js";
import { careSettings, type GuideVersion } from "../../guides/types.js";
import { networks } from "../../metrics/networks.js";
import type { ActivityRecorder } from "../activity.js";
import type { Notify } from "../follows/types.js";
import { judge, type MeasureSeries, type VerdictFunction } from "./evidence.js";
import type { LearningStore, Reach } from "./store.js";
import {
  BODY_MAX,
  COMMENT_MAX,
  FEED_PAGE_SIZE,
  TITLE_MAX,
  postKinds,
  postVisibilities,
  type FeedFilter,
  type Post,
  type PostContent,
  type PostIdea,
  type PostInFull,
  type PostKind,
  type PostVisibility,
  type StoredVerdict,
} from "./types.js";

export interface LearningServiceDeps {
  store: LearningStore;
  guides: Pick<GuideService, "list" | "current">;
  /** An organisation's series of a metric as the analytics hold it now; null when it has none. */
  series: (orgCode: string, metricId: string) => Promise<MeasureSeries | null>;
  /** The statistics' `changeVerdict` (src/stats/evaluation/verdict.ts). */
  verdictOf: VerdictFunction;
  activity: ActivityRecorder;
  /** Tells followers of the network and topic (src/networks/follows); default: nobody. */
  notifyFollowers?: Notify;
  audit: Auditor;
  now: () => Date;
}

/** A post form as it arrives: text, and lists for the checkboxes. */
export interface PostInput {
  kind: string;
  title: string;
  body: string;
  orgCode: string;
  changeDate: string;
  /** "guideId/changeIdeaId" each. */
  ideas: string[];
  metricIds: string[];
  careSetting: string;
  visibility: string;
}

/** A post as its reader may see it, with what they may do. */
export interface PostView {
  post: PostInFull;
  isAuthor: boolean;
  canComment: boolean;
  canNominate: boolean;
  canFeature: boolean;
  /** Comment ids the reader may delete. */
  deletableComments: number[];
}

export interface LearningService {
  /** Whether the actor may post learning in the network. */
  canPost(actor: Actor, networkId: string): boolean;
  /** The organisations the actor may post about (their organisation grants). */
  authorOrganisations(actor: Actor): string[];
  /** Starts a draft. InputError naming each field that is wrong; nothing is saved then. */
  create(actor: Actor, networkId: string, input: PostInput): Promise<Post>;
  /** Replaces a draft's content (its author only). */
  update(actor: Actor, postId: number, input: PostInput): Promise<Post>;
  /** Publishes a draft and computes its verdicts. */
  publish(actor: Actor, postId: number): Promise<Post>;
  /** One post as the reader may see it (NotFoundError when they may not, whether or not it exists). */
  post(actor: Actor, postId: number): Promise<PostView>;
  /** The actor's drafts in a network. */
  drafts(actor: Actor, networkId: string): Promise<Post[]>;
  /** Published posts the actor may see, filtered; featured first, then newest; pages from 1. */
  feed(
    actor: Actor,
    filter: FeedFilter,
    page: number,
  ): Promise<{ posts: Post[]; total: number; pageSize: number }>;
  /**
   * Published posts the actor may see, filtered, newest id first, `limit` after the post
   * `beforePostId` (the API's cursor); `next` is the id to pass on, null on the last page.
   */
  publishedPage(
    actor: Actor,
    filter: FeedFilter,
    page: { beforePostId?: number | undefined; limit: number },
  ): Promise<{ posts: Post[]; next: number | null }>;
  /**
   * Published posts the actor may see that tested change ideas of a guide (newest 200), for the
   * guide page's "learning that tested this change idea" blocks: one call per page.
   */
  testedIdeas(actor: Actor, guideId: string): Promise<Post[]>;
  addUpdate(actor: Actor, postId: number, body: string): Promise<void>;
  addComment(actor: Actor, postId: number, body: string): Promise<void>;
  deleteComment(actor: Actor, postId: number, commentId: number): Promise<void>;
  /** "Share with NHS England" (a lead of the post's network). */
  nominate(actor: Actor, postId: number): Promise<void>;
  /** Features a nominated post on /learning, or stops featuring it (a national administrator). */
  feature(actor: Actor, postId: number, featured: boolean): Promise<void>;
  /**
   * Recomputes every published post's verdicts whose data version is not the analytics' current
   * one (after an import); records each verdict that changed. Returns how many were recomputed
   * and how many changed.
   */
  refreshVerdicts(): Promise<{ recomputed: number; changed: number }>;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d) === text;
}

const networkIds = networks.map((n) => n.id);

/** Which published posts the actor may read: public ones, and their networks' (all for administrators). */
function reachOf(actor: Actor): Reach {
  if (actor.kind === "operator") return { all: true };
  return {
    all: false,
    networkIds: networkIds.filter((networkId) =>
      can(actor, "network.read_workspace", { kind: "network", networkId }),
    ),
  };
}

function mayRead(actor: Actor, post: Post): boolean {
  if (post.status === "draft") return actor.kind === "user" && actor.userId === post.authorUserId;
  if (post.visibility === "public") return true;
  return can(actor, "network.read_workspace", { kind: "network", networkId: post.networkId });
}

export function createLearningService(deps: LearningServiceDeps): LearningService {
  const { store } = deps;
  const notFound = () => new NotFoundError("There is no such learning post.");

  /** The post, only if the actor may read it; else 404. */
  async function readable(actor: Actor, postId: number): Promise<PostInFull> {
    const post = await store.post(postId);
    if (!post || !mayRead(actor, post)) throw notFound();
    return post;
  }

  /**
   * The draft its author is about to change (404 for anyone else, ConflictError once published;
   * a read-only API token is refused: `changingUser`).
   */
  async function ownDraft(actor: Actor, postId: number): Promise<PostInFull> {
    const user = changingUser(actor);
    const post = await readable(actor, postId);
    if (post.authorUserId !== user.userId) throw notFound();
    if (post.status !== "draft")
      throw new ConflictError("This post has been published; add an update instead.");
    return post;
  }

  function authorOrganisations(actor: Actor): string[] {
    if (actor.kind !== "user") return [];
    return [
      ...new Set(
        actor.grants.flatMap((g) => (g.scope.kind === "organisation" ? [g.scope.orgCode] : [])),
      ),
    ];
  }

  /** Checks a form against the guides and the data; every problem named, nothing saved. */
  async function check(actor: Actor, input: PostInput): Promise<PostContent> {
    const problems: InputProblem[] = [];
    const kind = input.kind.trim();
    if (!(postKinds as readonly string[]).includes(kind))
      problems.push({ column: "kind", value: kind, reason: "Choose what kind of post this is" });
    const title = input.title.trim();
    if (title === "") problems.push({ column: "title", reason: "Enter a title" });
    else if (title.length > TITLE_MAX)
      problems.push({
        column: "title",
        reason: `The title must be ${TITLE_MAX} characters or fewer`,
      });
    const body = input.body.trim();
    if (body === "")
      problems.push({ column: "body", reason: "Enter what you did and what happened" });
    else if (body.length > BODY_MAX)
      problems.push({ column: "body", reason: `The post must be ${BODY_MAX} characters or fewer` });
    const orgCode = input.orgCode.trim().toUpperCase();
    const own = authorOrganisations(actor);
    if (!own.includes(orgCode))
      problems.push({
        column: "orgCode",
        value: orgCode,
        reason: "Choose one of your organisations, where the change was made",
      });
    const changeDate = input.changeDate.trim();
    if (!validDate(changeDate))
      problems.push({
        column: "changeDate",
        value: changeDate,
        reason: "Enter the date the change was made as a real date, for example 14 7 2026",
      });
    else if (changeDate > isoDate(deps.now()))
      problems.push({
        column: "changeDate",
        value: changeDate,
        reason: "The date the change was made must be today or in the past",
      });
    const visibility = input.visibility.trim();
    if (!(postVisibilities as readonly string[]).includes(visibility))
      problems.push({
        column: "visibility",
        value: visibility,
        reason: "Choose who can read the post",
      });

    // Change ideas: each must be in a guide's current published version.
    const guides = new Map<string, GuideVersion | null>();
    const guideOf = async (guideId: string) => {
      if (!guides.has(guideId))
        guides.set(guideId, await deps.guides.current(guideId).catch(() => null));
      return guides.get(guideId) ?? null;
    };
    const ideas: PostIdea[] = [];
    for (const text of [...new Set(input.ideas.map((i) => i.trim()).filter(Boolean))]) {
      const [guideId = "", changeIdeaId = ""] = text.split("/");
      const guide = /^[a-z0-9-]{1,80}$/.test(guideId) ? await guideOf(guideId) : null;
      if (!guide?.sections.some((s) => s.changeIdeas.some((c) => c.id === changeIdeaId)))
        problems.push({
          column: "ideas",
          value: text,
          reason: "Choose change ideas from the published guides",
        });
      else ideas.push({ guideId, changeIdeaId });
    }
    // Measures: each must have data for the organisation.
    const metricIds = [...new Set(input.metricIds.map((m) => m.trim()).filter(Boolean))];
    if (metricIds.length > 10)
      problems.push({ column: "metricIds", reason: "Choose at most 10 measures" });
    else if (own.includes(orgCode))
      for (const metricId of metricIds) {
        const s = /^[a-z0-9_]{1,80}$/.test(metricId)
          ? await deps.series(orgCode, metricId).catch(() => null)
          : null;
        if (!s || !s.values.some((v) => v !== null))
          problems.push({
            column: "metricIds",
            value: metricId,
            reason: `Choose measures with data for ${orgCode}: "${metricId}" has none`,
          });
      }
    // Topic and care setting from the first change idea's guide where it says.
    const first = ideas[0] ? await guideOf(ideas[0].guideId) : null;
    const topic = first?.topic ?? null;
    let careSetting: string | null = input.careSetting.trim() || null;
    if (careSetting === null && first?.careSettings.length === 1)
      careSetting = first.careSettings[0] ?? null;
    if (careSetting !== null && !(careSettings as readonly string[]).includes(careSetting))
      problems.push({ column: "careSetting", value: careSetting, reason: "Choose a care setting" });
    if (problems.length) throw new InputError("The post has problems.", problems);
    return {
      kind: kind as PostKind,
      title,
      body,
      orgCode,
      changeDate,
      ideas,
      metricIds,
      topic,
      careSetting,
      visibility: visibility as PostVisibility,
    };
  }

  async function verdictFor(
    orgCode: string,
    metricId: string,
    changeDate: string,
  ): Promise<StoredVerdict | null> {
    const s = await deps.series(orgCode, metricId);
    return s ? judge(s, changeDate, deps.verdictOf, deps.now()) : null;
  }

  const target = (postId: number) => ({ kind: "learning_post", ref: String(postId) });

  return {
    canPost: (actor, networkId) =>
      can(actor, "network.contribute", { kind: "network", networkId }) &&
      authorOrganisations(actor).length > 0,
    authorOrganisations,
    async create(actor, networkId, input) {
      const user = changingUser(actor);
      if (!networkIds.includes(networkId))
        throw new NotFoundError(`There is no network "${networkId}".`);
      authorize(actor, "network.contribute", { kind: "network", networkId });
      const content = await check(actor, input);
      const postId = await store.insertPost({ ...content, networkId, authorUserId: user.userId });
      await deps.audit(actor, {
        action: "learning.post_created",
        target: target(postId),
        networkId,
        orgCode: content.orgCode,
      });
      return (await store.post(postId))!;
    },
    async update(actor, postId, input) {
      const post = await ownDraft(actor, postId);
      const content = await check(actor, input);
      if (!(await store.updateDraft(postId, content)))
        throw new ConflictError("This post has been published; add an update instead.");
      await deps.audit(actor, {
        action: "learning.post_updated",
        target: target(postId),
        networkId: post.networkId,
        orgCode: content.orgCode,
      });
      return (await store.post(postId))!;
    },
    async publish(actor, postId) {
      const post = await ownDraft(actor, postId);
      // Still allowed to post in the network (a membership may have ended since the draft).
      authorize(actor, "network.contribute", { kind: "network", networkId: post.networkId });
      if (!(await store.publish(postId, deps.now())))
        throw new ConflictError("This post has already been published.");
      for (const m of post.measures) {
        const v = await verdictFor(post.orgCode, m.metricId, post.changeDate);
        if (v) await store.saveVerdict(postId, m.metricId, v, null);
      }
      await deps.audit(actor, {
        action: "learning.post_published",
        target: target(postId),
        networkId: post.networkId,
        orgCode: post.orgCode,
      });
      await deps.activity.record({
        networkId: post.networkId,
        kind: "learning.posted",
        summary: `${post.authorName} posted learning: ${post.title}`,
        href: `/learning/${postId}`,
        actorUserId: post.authorUserId,
        visibility: post.visibility,
      });
      const published = (await store.post(postId))!;
      await deps.notifyFollowers?.({
        kind: "learning.published",
        networkId: post.networkId,
        topic: post.topic,
        summary: `${post.authorName} published learning: ${post.title}`,
        href: `/learning/${postId}`,
        mayRead: (reader) => mayRead(reader, published),
      });
      return published;
    },
    async post(actor, postId) {
      const post = await readable(actor, postId);
      // A draft's verdicts are computed as it is read (they are stored from publication on).
      if (post.status === "draft")
        for (const m of post.measures)
          m.verdict = await verdictFor(post.orgCode, m.metricId, post.changeDate).catch(() => null);
      const userId = actor.kind === "user" ? actor.userId : null;
      const published = post.status === "published";
      return {
        post,
        isAuthor: userId === post.authorUserId,
        canComment: published && userId !== null,
        canNominate:
          published &&
          post.nominatedAt === null &&
          can(actor, "network.manage", { kind: "network", networkId: post.networkId }),
        canFeature: published && post.nominatedAt !== null && can(actor, "learning.feature"),
        deletableComments: post.comments
          .filter((c) => c.authorUserId === userId)
          .map((c) => c.commentId),
      };
    },
    async drafts(actor, networkId) {
      const user = requireUser(actor);
      return store.drafts(networkId, user.userId);
    },
    async feed(actor, filter, page) {
      const offset = (Math.max(1, page) - 1) * FEED_PAGE_SIZE;
      const result = await store.feed(reachOf(actor), filter, {
        limit: FEED_PAGE_SIZE,
        offset,
      });
      return { ...result, pageSize: FEED_PAGE_SIZE };
    },
    async publishedPage(actor, filter, page) {
      const posts = await store.published(reachOf(actor), filter, {
        beforePostId: page.beforePostId,
        limit: page.limit + 1,
      });
      const shown = posts.slice(0, page.limit);
      return {
        posts: shown,
        next: posts.length > page.limit ? (shown.at(-1)?.postId ?? null) : null,
      };
    },
    async testedIdeas(actor, guideId) {
      const { posts } = await store.feed(reachOf(actor), { guideId }, { limit: 200, offset: 0 });
      return posts;
    },
    async addUpdate(actor, postId, body) {
      const user = changingUser(actor);
      const post = await readable(actor, postId);
      if (post.authorUserId !== user.userId) throw notFound();
      if (post.status !== "published")
        throw new ConflictError("Publish the post before adding updates.");
      const text = body.trim();
      if (text === "" || text.length > BODY_MAX)
        throw new InputError("The update has problems.", [
          {
            column: "update",
            reason:
              text === ""
                ? "Enter the update"
                : `The update must be ${BODY_MAX} characters or fewer`,
          },
        ]);
      await store.addUpdate(postId, text, deps.now());
      await deps.audit(actor, {
        action: "learning.update_added",
        target: target(postId),
        networkId: post.networkId,
      });
      await deps.activity.record({
        networkId: post.networkId,
        kind: "learning.updated",
        summary: `${post.authorName} added an update to: ${post.title}`,
        href: `/learning/${postId}`,
        actorUserId: user.userId,
        visibility: post.visibility,
      });
    },
    async addComment(actor, postId, body) {
      const user = changingUser(actor);
      const post = await readable(actor, postId);
      if (post.status !== "published") throw notFound();
      const text = body.trim();
      if (text === "" || text.length > COMMENT_MAX)
        throw new InputError("The comment has problems.", [
          {
            column: "comment",
            reason:
              text === ""
                ? "Enter a comment"
                : `The comment must be ${COMMENT_MAX} characters or fewer`,
          },
        ]);
      const commentId = await store.addComment(postId, user.userId, text, deps.now());
      await deps.audit(actor, {
        action: "learning.comment_added",
        target: target(postId),
        networkId: post.networkId,
        details: { commentId },
      });
    },
    async deleteComment(actor, postId, commentId) {
      const user = changingUser(actor);
      const post = await readable(actor, postId);
      const comment = post.comments.find((c) => c.commentId === commentId);
      if (!comment || comment.authorUserId !== user.userId)
        throw new NotFoundError("There is no such comment of yours.");
      await store.deleteComment(postId, commentId);
      await deps.audit(actor, {
        action: "learning.comment_deleted",
        target: target(postId),
        networkId: post.networkId,
        details: { commentId },
      });
    },
    async nominate(actor, postId) {
      const post = await readable(actor, postId);
      authorize(actor, "network.manage", { kind: "network", networkId: post.networkId });
      if (post.status !== "published") throw notFound();
      if (post.nominatedAt !== null) return;
      await store.nominate(postId, actor.kind === "user" ? actor.userId : null, deps.now());
      await deps.audit(actor, {
        action: "learning.post_nominated",
        target: target(postId),
        networkId: post.networkId,
      });
    },
    async feature(actor, postId, featured) {
      const post = await readable(actor, postId);
      authorize(actor, "learning.feature");
      if (post.status !== "published" || post.nominatedAt === null)
        throw new ConflictError(
          "Only a post a network lead has shared with NHS England can be featured.",
        );
      await store.feature(
        postId,
        actor.kind === "user" ? actor.userId : null,
        featured ? deps.now() : null,
      );
      await deps.audit(actor, {
        action: featured ? "learning.post_featured" : "learning.post_unfeatured",
        target: target(postId),
        networkId: post.networkId,
      });
    },
    async refreshVerdicts() {
      let recomputed = 0;
      let changed = 0;
      const seriesCache = new Map<string, Promise<MeasureSeries | null>>();
      for (const m of await store.measuresToJudge()) {
        const key = `${m.orgCode}:${m.metricId}`;
        if (!seriesCache.has(key))
          seriesCache.set(
            key,
            deps.series(m.orgCode, m.metricId).catch(() => null),
          );
        const s = await seriesCache.get(key)!;
        if (!s || s.dataVersion === m.dataVersion) continue;
        const v = judge(s, m.changeDate, deps.verdictOf, deps.now());
        const from = m.current !== null && m.current !== v.verdict ? m.current : null;
        await store.saveVerdict(m.postId, m.metricId, v, from);
        recomputed++;
        if (from !== null) changed++;
      }
      return { recomputed, changed };
    },
  };
}
