/**
 * Guide authoring (issue 16; docs/guides.md "Authoring and review"): a guide author starts a
 * draft of a guide's next version (or a new guide), edits it part by part, submits it for
 * review; a DIFFERENT guide author approves it or asks for changes; once approved it is
 * published through the guide service, which checks it again and makes it immutable.
 *
 * Every action needs `guides.author` (national administrators pass). Every status change is
 * recorded as an event with its actor, so the draft's history is its review record.
 */
import { z } from "zod";
import { actorLabel, type Actor } from "../../accounts/actor.js";
import { authorize, requireUser } from "../../accounts/policy.js";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../../errors.js";
import type { GuideService } from "../service.js";
import { slugSchema, type GuideVersion } from "../types.js";
import { nextVersions } from "../versions.js";
import type { GuideDraftStore } from "./store.js";
import type { Draft, DraftEvent, DraftStatus } from "./types.js";

export interface AuthoringDeps {
  store: GuideDraftStore;
  guides: GuideService;
  /** Today, YYYY-MM-DD: a version's publication date is set when it is published. */
  today: () => string;
}

export interface DraftView {
  draft: Draft;
  events: DraftEvent[];
  /** What the guide checks find wrong with the draft now (empty: it could be submitted). */
  problems: string[];
  /** Whether this reader may approve or request changes (a second author, while in review). */
  canReview: boolean;
  /** The newest published version of the guide, when newer than the draft's base. */
  publishedSince: string | null;
}

export interface Dashboard {
  mine: Draft[];
  awaitingReview: Draft[];
  recentlyPublished: Draft[];
}

export interface NewGuideInput {
  guideId: string;
  title: string;
  topic: string;
}

const newGuideSchema = z.object({
  guideId: slugSchema,
  title: z.string().trim().min(1, "Enter a title").max(200),
  topic: z.string().trim().min(1, "Choose a topic").max(40),
});

/** Statuses in which the draft's content may change. */
const EDITABLE: readonly DraftStatus[] = ["draft", "changes_requested"];

export interface AuthoringService {
  dashboard(actor: Actor): Promise<Dashboard>;
  /** A draft of the guide's next version ("minor": 1.1 → 1.2; "major": 1.1 → 2.0). */
  startFromGuide(actor: Actor, guideId: string, step: "minor" | "major"): Promise<number>;
  startNewGuide(actor: Actor, input: NewGuideInput): Promise<number>;
  view(actor: Actor, draftId: number): Promise<DraftView>;
  /** Changes the content (only while a draft or after changes were requested). */
  edit(actor: Actor, draftId: number, change: (v: GuideVersion) => GuideVersion): Promise<void>;
  /** Submits for review; an InputError listing every problem if the version does not pass. */
  submit(actor: Actor, draftId: number): Promise<void>;
  approve(actor: Actor, draftId: number, comment: string): Promise<void>;
  requestChanges(actor: Actor, draftId: number, comment: string): Promise<void>;
  /** Publishes an approved draft; the version it names is returned. */
  publish(actor: Actor, draftId: number): Promise<string>;
  withdraw(actor: Actor, draftId: number): Promise<void>;
}

/** A problem of the guide checks, in words an author can act on. */
function problemsOf(error: unknown): string[] {
  if (error instanceof InputError)
    return error.problems.length
      ? error.problems.map((p) =>
          [p.column, p.value ? `"${p.value}"` : "", p.reason].filter(Boolean).join(": "),
        )
      : [error.message];
  throw error;
}

export function createAuthoringService(deps: AuthoringDeps): AuthoringService {
  const { store, guides } = deps;

  function author(actor: Actor) {
    authorize(actor, "guides.author");
    return requireUser(actor);
  }

  async function load(draftId: number): Promise<Draft> {
    const draft = await store.draft(draftId);
    if (!draft) throw new NotFoundError(`There is no guide draft ${draftId}.`);
    return draft;
  }

  /** The guide checks' problems, and one of authoring's own: a version says what changed. */
  function problems(draft: Draft): string[] {
    const found: string[] = [];
    try {
      guides.check(draft.content);
    } catch (error) {
      found.push(...problemsOf(error));
    }
    if (draft.content.changelog.length === 0)
      found.push("changelog: add at least one entry saying what this version changes");
    return found;
  }

  /** The status change, or a ConflictError saying why it cannot happen now. */
  async function move(
    actor: Actor,
    draft: Draft,
    from: readonly DraftStatus[],
    to: DraftStatus,
    action: string,
    comment = "",
    extra: { reviewerUserId?: number | null; content?: GuideVersion } = {},
  ) {
    const ok = await store.update(
      draft.draftId,
      from,
      { status: to, ...extra },
      { actor: actorLabel(actor), action, comment },
    );
    if (!ok)
      throw new ConflictError(
        `The draft is ${draft.status.replace("_", " ")}, so it cannot be ${action} now; it may have changed meanwhile, so reload it.`,
      );
  }

  async function review(actor: Actor, draftId: number) {
    const user = author(actor);
    const draft = await load(draftId);
    if (draft.authorUserId === user.userId)
      throw new ForbiddenError(
        "You cannot review your own draft: a second guide author must approve it or ask for changes.",
      );
    return { user, draft };
  }

  return {
    async dashboard(actor) {
      const user = author(actor);
      const recent = await store.recent(300);
      return {
        mine: recent.filter(
          (d) =>
            d.authorUserId === user.userId && d.status !== "published" && d.status !== "withdrawn",
        ),
        awaitingReview: recent.filter(
          (d) => d.status === "in_review" && d.authorUserId !== user.userId,
        ),
        recentlyPublished: recent.filter((d) => d.status === "published").slice(0, 10),
      };
    },
    async startFromGuide(actor, guideId, step) {
      const user = author(actor);
      const current = await guides.current(guideId);
      const [minor, major] = nextVersions(current.version);
      const version = step === "major" ? major : minor;
      return store.insert(
        {
          guideId,
          baseVersion: current.version,
          version,
          content: { ...current, version, changelog: [] },
          authorUserId: user.userId,
        },
        {
          actor: actorLabel(actor),
          action: `started ${version} from ${current.version}`,
          comment: "",
        },
      );
    },
    async startNewGuide(actor, input) {
      const user = author(actor);
      const parsed = newGuideSchema.safeParse(input);
      if (!parsed.success)
        throw new InputError(
          "The new guide's details are not valid.",
          parsed.error.issues.map((i) => ({ column: i.path.join("."), reason: i.message })),
        );
      const taken = await guides.versions(parsed.data.guideId).then(
        () => true,
        (e: unknown) => (e instanceof NotFoundError ? false : Promise.reject(e)),
      );
      if (taken)
        throw new InputError("That guide id is taken.", [
          { column: "guideId", value: parsed.data.guideId, reason: "a guide with this id exists" },
        ]);
      const content: GuideVersion = {
        ...parsed.data,
        version: "1.0",
        summary: "",
        owner: "",
        careSettings: [],
        status: "interim",
        published: deps.today(),
        changelog: [],
        introduction: "",
        measures: [],
        sections: [],
      };
      return store.insert(
        {
          guideId: parsed.data.guideId,
          baseVersion: null,
          version: "1.0",
          content,
          authorUserId: user.userId,
        },
        { actor: actorLabel(actor), action: "started a new guide at 1.0", comment: "" },
      );
    },
    async view(actor, draftId) {
      const user = author(actor);
      const draft = await load(draftId);
      const newest = draft.baseVersion
        ? ((await guides.versions(draft.guideId).catch(() => []))[0]?.version ?? null)
        : null;
      return {
        draft,
        events: await store.events(draftId),
        problems: problems(draft),
        canReview: draft.status === "in_review" && draft.authorUserId !== user.userId,
        publishedSince: newest && newest !== draft.baseVersion ? newest : null,
      };
    },
    async edit(actor, draftId, change) {
      author(actor);
      const draft = await load(draftId);
      if (!EDITABLE.includes(draft.status))
        throw new ConflictError(
          `The draft is ${draft.status.replace("_", " ")}; it can be edited only as a draft or after changes were requested.`,
        );
      const content = change(structuredClone(draft.content));
      // The guide id and number are the draft's own; a part form cannot change them.
      const ok = await store.update(
        draftId,
        EDITABLE,
        { content: { ...content, guideId: draft.guideId, version: draft.version } },
        null,
      );
      if (!ok) throw new ConflictError("The draft changed meanwhile; reload it.");
    },
    async submit(actor, draftId) {
      author(actor);
      const draft = await load(draftId);
      const found = problems(draft);
      if (found.length)
        throw new InputError(
          `The draft cannot be submitted yet: ${found.length} problem${found.length === 1 ? "" : "s"}.`,
          found.map((reason) => ({ reason })),
        );
      await move(actor, draft, EDITABLE, "in_review", "submitted for review");
    },
    async approve(actor, draftId, comment) {
      const { user, draft } = await review(actor, draftId);
      await move(actor, draft, ["in_review"], "approved", "approved", comment.trim(), {
        reviewerUserId: user.userId,
      });
    },
    async requestChanges(actor, draftId, comment) {
      const { user, draft } = await review(actor, draftId);
      if (!comment.trim())
        throw new InputError("Say what should change.", [
          { column: "comment", reason: "Enter a comment saying what should change" },
        ]);
      await move(
        actor,
        draft,
        ["in_review"],
        "changes_requested",
        "asked for changes",
        comment.trim(),
        {
          reviewerUserId: user.userId,
        },
      );
    },
    async publish(actor, draftId) {
      author(actor);
      const draft = await load(draftId);
      if (draft.status !== "approved")
        throw new ConflictError("Only an approved draft can be published.");
      const content = { ...draft.content, published: deps.today() };
      const taken = await guides.version(draft.guideId, draft.version).catch(() => null);
      if (taken)
        throw new ConflictError(
          `${draft.guideId} ${draft.version} was published meanwhile from another draft; published versions never change, so start a new draft from it.`,
        );
      try {
        await guides.publish(actor, content);
      } catch (error) {
        if (error instanceof ConflictError)
          throw new ConflictError(
            `${draft.guideId} ${draft.version} cannot be published: ${error.message}`,
          );
        throw error;
      }
      await move(actor, draft, ["approved"], "published", "published", "", { content });
      return draft.version;
    },
    async withdraw(actor, draftId) {
      author(actor);
      const draft = await load(draftId);
      await move(
        actor,
        draft,
        ["draft", "in_review", "changes_requested", "approved"],
        "withdrawn",
        "withdrawn",
      );
    },
  };
}
