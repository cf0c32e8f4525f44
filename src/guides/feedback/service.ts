/**
 * Feedback on guides (issue 16; docs/guides.md "Feedback"). A signed-in member gives feedback
 * on behalf of one of their organisations; other readers see it without the giver's name and
 * with the organisation's name only when it chose so; authors (`guides.author`) triage it, and
 * the giver is told (email and an in-app "New answer") whenever it is answered or lands in a
 * published version whose changelog cites it.
 */
import { actorLabel, type Actor } from "../../accounts/actor.js";
import type { Outbox } from "../../accounts/mail.js";
import { authorize, can, changingUser, requireUser } from "../../accounts/policy.js";
import { InputError, NotFoundError } from "../../errors.js";
import { toCsv } from "../../metrics/csv.js";
import type { GuideService } from "../service.js";
import type { GuideVersion } from "../types.js";
import { feedbackNotice } from "./notice.js";
import type { FeedbackChange, GuideFeedbackStore } from "./store.js";
import {
  answerSchema,
  giveFeedbackSchema,
  sampleFeedbackSchema,
  type CommunityItem,
  type FeedbackEvent,
  type FeedbackFilter,
  type FeedbackItem,
} from "./types.js";

export const TRIAGE_PAGE_SIZE = 50;

export interface GuideFeedbackDeps {
  store: GuideFeedbackStore;
  guides: Pick<GuideService, "version" | "current">;
  outbox: Outbox;
  /** The site's address, for the link in notifications. */
  publicUrl: string;
  now: () => Date;
}

/** An item as its giver sees it: "New answer" when answered since they last looked. */
export type MyFeedbackItem = FeedbackItem & { newAnswer: boolean };

export interface GuideFeedbackService {
  give(actor: Actor, input: unknown): Promise<string>;
  mine(actor: Actor): Promise<MyFeedbackItem[]>;
  /** A guide's feedback as any signed-in reader sees it (no giver, organisation only if shown). */
  community(actor: Actor, guideId: string): Promise<CommunityItem[]>;
  triage(
    actor: Actor,
    filter: FeedbackFilter,
    page?: number,
  ): Promise<{ items: FeedbackItem[]; total: number; page: number; pages: number }>;
  item(actor: Actor, ref: string): Promise<{ item: FeedbackItem; events: FeedbackEvent[] }>;
  answer(actor: Actor, ref: string, input: unknown): Promise<void>;
  csv(actor: Actor, filter: FeedbackFilter): Promise<string>;
  importSample(guideId: string, items: unknown[]): Promise<number>;
  onPublished(version: GuideVersion, actor: Actor): Promise<void>;
}

/** An InputError naming each field and its problem, in the message too (the CLI prints it). */
function inputError(
  message: string,
  issues: { path: PropertyKey[]; message: string }[],
  prefix = "",
): InputError {
  const problems = issues.map((i) => ({
    column: prefix + i.path.map(String).join("."),
    reason: i.message,
  }));
  return new InputError(
    `${message} ${problems.map((p) => `${p.column}: ${p.reason}`).join("; ")}`,
    problems,
  );
}

const statusLabel = (c: FeedbackChange): string =>
  c.status === "planned"
    ? `planned for version ${c.plannedFor}`
    : c.status === "done"
      ? `done in version ${c.landedIn}`
      : c.status === "declined"
        ? "declined"
        : c.status;

export function createGuideFeedbackService(deps: GuideFeedbackDeps): GuideFeedbackService {
  const { store } = deps;

  async function notify(item: FeedbackItem, change: FeedbackChange): Promise<void> {
    if (item.sample || item.userId === null) return;
    const to = await store.giverEmail(item.userId);
    if (!to) return;
    await deps.outbox.enqueue(
      feedbackNotice(
        to,
        item.ref,
        item.guideId,
        statusLabel(change),
        change.response,
        deps.publicUrl,
      ),
    );
  }

  async function setAnswer(
    item: FeedbackItem,
    change: FeedbackChange,
    actor: string,
    what: string,
  ) {
    await store.answer(item.ref, change, actor, what, deps.now());
    await notify(item, change);
  }

  function authorOnly(actor: Actor): void {
    authorize(actor, "guides.author");
  }

  return {
    async give(actor, input) {
      const user = changingUser(actor);
      const parsed = giveFeedbackSchema.safeParse(input);
      if (!parsed.success) throw inputError("The feedback is not complete.", parsed.error.issues);
      const v = parsed.data;
      authorize(actor, "guides.feedback", { kind: "organisation", orgCode: v.orgCode });
      const published = await deps.guides.version(v.guideId, v.version);
      if (v.sectionId) {
        const section = published.sections.find((s) => s.id === v.sectionId);
        if (!section)
          throw new NotFoundError(`Version ${v.version} has no section "${v.sectionId}".`);
        if (v.changeIdeaId && !section.changeIdeas.some((c) => c.id === v.changeIdeaId))
          throw new NotFoundError(`That section has no change idea "${v.changeIdeaId}".`);
      }
      return store.insert(v, user.userId, actorLabel(actor), deps.now());
    },
    async mine(actor) {
      const user = requireUser(actor);
      const items = await store.list({ userId: user.userId });
      const seen = items.map((i) => ({
        ...i,
        newAnswer:
          i.answeredAt !== null && (i.seenByGiverAt === null || i.answeredAt > i.seenByGiverAt),
      }));
      // Looking is a read, but it clears "New answer": not through a read-only API token, which
      // changes nothing (the person has not seen the answers on the site).
      if (seen.some((i) => i.newAnswer) && can(user, "own.change"))
        await store.markSeen(user.userId, deps.now());
      return seen;
    },
    async community(actor, guideId) {
      requireUser(actor);
      await deps.guides.current(guideId);
      const items = await store.list({ guideId });
      return items.map((i) => ({
        ref: i.ref,
        version: i.version,
        sectionId: i.sectionId,
        changeIdeaId: i.changeIdeaId,
        organisation: i.showOrg && !i.sample ? i.orgName : null,
        sample: i.sample,
        useful: i.useful,
        tried: i.tried,
        worked: i.worked,
        change: i.change,
        comment: i.comment,
        status: i.status,
        plannedFor: i.plannedFor,
        landedIn: i.landedIn,
        reason: i.reason,
        response: i.response,
        createdAt: i.createdAt,
      }));
    },
    async triage(actor, filter, page = 1) {
      authorOnly(actor);
      const total = await store.count(filter);
      const pages = Math.max(1, Math.ceil(total / TRIAGE_PAGE_SIZE));
      const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
      const items = await store.list(filter, {
        limit: TRIAGE_PAGE_SIZE,
        offset: (current - 1) * TRIAGE_PAGE_SIZE,
      });
      return { items, total, page: current, pages };
    },
    async item(actor, ref) {
      authorOnly(actor);
      const item = await store.byRef(ref);
      if (!item) throw new NotFoundError(`There is no feedback ${ref}.`);
      return { item, events: await store.events(ref) };
    },
    async answer(actor, ref, input) {
      authorOnly(actor);
      const item = await store.byRef(ref);
      if (!item) throw new NotFoundError(`There is no feedback ${ref}.`);
      const parsed = answerSchema.safeParse(input);
      if (!parsed.success) throw inputError("The answer is not complete.", parsed.error.issues);
      const a = parsed.data;
      const change: FeedbackChange = {
        status: a.status,
        plannedFor: a.status === "planned" ? a.plannedFor : null,
        landedIn: a.status === "done" ? a.landedIn : null,
        reason: a.status === "declined" ? a.reason : null,
        response: a.response,
      };
      const what = [
        change.status !== item.status ? `Status ${statusLabel(change)}` : null,
        change.response !== item.response ? "Response updated" : null,
      ]
        .filter((s) => s !== null)
        .join("; ");
      if (!what) return;
      await setAnswer(item, change, actorLabel(actor), what);
    },
    async csv(actor, filter) {
      authorOnly(actor);
      const items = await store.list(filter);
      return toCsv(
        [
          "ref",
          "guide",
          "version",
          "section",
          "change_idea",
          "organisation",
          "org_code",
          "show_org",
          "sample",
          "useful",
          "tried",
          "worked",
          "change",
          "comment",
          "status",
          "planned_for",
          "landed_in",
          "reason",
          "response",
          "given",
        ],
        items.map((i) => [
          i.ref,
          i.guideId,
          i.version,
          i.sectionId,
          i.changeIdeaId,
          i.orgName,
          i.orgCode,
          i.showOrg ? "yes" : "no",
          i.sample ? "yes" : "no",
          i.useful,
          i.tried,
          i.worked,
          i.change,
          i.comment,
          i.status,
          i.plannedFor,
          i.landedIn,
          i.reason,
          i.response,
          i.createdAt.toISOString(),
        ]),
      );
    },
    async importSample(guideId, items) {
      const parsed = items.map((raw, n) => {
        const p = sampleFeedbackSchema.safeParse(raw);
        const ref =
          raw && typeof raw === "object" && typeof (raw as { ref?: unknown }).ref === "string"
            ? (raw as { ref: string }).ref
            : `item ${n + 1}`;
        if (!p.success)
          throw inputError(
            `Sample feedback ${ref} for ${guideId} is not valid.`,
            p.error.issues,
            `${ref}: `,
          );
        return p.data;
      });
      let added = 0;
      for (const item of parsed) if (await store.insertSample(guideId, item)) added++;
      return added;
    },
    async onPublished(version, actor) {
      const label = actor.kind === "operator" ? "import" : actorLabel(actor);
      for (const entry of version.changelog)
        for (const ref of entry.answers) {
          const item = await store.byRef(ref);
          if (!item || item.guideId !== version.guideId) continue;
          if (item.status === "done" && item.landedIn === version.version) continue;
          await setAnswer(
            item,
            {
              status: "done",
              plannedFor: null,
              landedIn: version.version,
              reason: null,
              response: item.response || entry.text,
            },
            label,
            `Done in version ${version.version}: ${entry.text}`,
          );
        }
    },
  };
}
