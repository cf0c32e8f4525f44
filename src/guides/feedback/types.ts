/**
 * Feedback on a guide (issue 16; docs/guides.md "Feedback"): structured answers and a comment,
 * given on a version (optionally a section and a change idea) on behalf of an organisation, and
 * triaged by the guide's authors until it is done or declined.
 */
import { z } from "zod";
import { feedbackRefSchema } from "../types.js";

export const usefulAnswers = ["yes", "partly", "no"] as const;
export const triedAnswers = ["yes", "planning", "no"] as const;
export const workedAnswers = ["yes", "partly", "no", "too_early"] as const;
export const feedbackStatuses = ["new", "accepted", "planned", "done", "declined"] as const;

export type Useful = (typeof usefulAnswers)[number];
export type Tried = (typeof triedAnswers)[number];
export type Worked = (typeof workedAnswers)[number];
export type FeedbackStatus = (typeof feedbackStatuses)[number];

const version = z.string().regex(/^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})$/, "a version number");
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "an id in lower-kebab-case");
const plain = z.string().trim().max(4000);

/** What a giver sends (the form, checked). `worked` is only answered by those who tried it. */
export const giveFeedbackSchema = z
  .object({
    guideId: slug,
    version,
    sectionId: slug.nullable().default(null),
    changeIdeaId: slug.nullable().default(null),
    orgCode: z.string().min(1).max(20),
    showOrg: z.boolean().default(false),
    useful: z.enum(usefulAnswers, { error: "Select whether the guide was useful" }),
    tried: z.enum(triedAnswers, { error: "Select whether you tried it" }),
    worked: z.enum(workedAnswers).nullable().default(null),
    change: plain.default(""),
    comment: plain.default(""),
  })
  .superRefine((v, ctx) => {
    if (v.tried === "yes" && !v.worked)
      ctx.addIssue({ code: "custom", path: ["worked"], message: "Select whether it worked" });
    if (v.tried !== "yes" && v.worked)
      ctx.addIssue({
        code: "custom",
        path: ["worked"],
        message: "Only say whether it worked if you tried it",
      });
    if (v.changeIdeaId && !v.sectionId)
      ctx.addIssue({
        code: "custom",
        path: ["sectionId"],
        message: "A change idea needs its section",
      });
  });
export type GiveFeedback = z.infer<typeof giveFeedbackSchema>;

/** An author's answer: the status, with what that status needs, and a response to the giver. */
export const answerSchema = z
  .object({
    status: z.enum(feedbackStatuses, { error: "Select a status" }),
    plannedFor: version.nullable().default(null),
    landedIn: version.nullable().default(null),
    reason: plain.nullable().default(null),
    response: plain.default(""),
  })
  .superRefine((v, ctx) => {
    if (v.status === "planned" && !v.plannedFor)
      ctx.addIssue({
        code: "custom",
        path: ["plannedFor"],
        message: "Enter the version it is planned for",
      });
    if (v.status === "done" && !v.landedIn)
      ctx.addIssue({
        code: "custom",
        path: ["landedIn"],
        message: "Enter the version it landed in",
      });
    if (v.status === "declined" && !v.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter why it is declined" });
  });

/** Illustrative feedback shipped with a guide (content/guides/<guideId>/sample-feedback.yaml). */
export const sampleFeedbackSchema = z
  .object({
    ref: feedbackRefSchema,
    version,
    section: slug.optional(),
    changeIdea: slug.optional(),
    useful: z.enum(usefulAnswers),
    tried: z.enum(triedAnswers),
    worked: z.enum(workedAnswers).optional(),
    change: plain.default(""),
    comment: plain.default(""),
    given: z.union([z.string(), z.date()]).pipe(z.coerce.date()),
    status: z.enum(feedbackStatuses).default("new"),
    plannedFor: version.optional(),
    landedIn: version.optional(),
    response: plain.default(""),
    reason: plain.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.worked && v.tried !== "yes")
      ctx.addIssue({ code: "custom", path: ["worked"], message: "only when tried is yes" });
    if (v.changeIdea && !v.section)
      ctx.addIssue({
        code: "custom",
        path: ["section"],
        message: "a change idea needs its section",
      });
    if (v.status === "planned" && !v.plannedFor)
      ctx.addIssue({ code: "custom", path: ["plannedFor"], message: "needed when planned" });
    if (v.status === "done" && !v.landedIn)
      ctx.addIssue({ code: "custom", path: ["landedIn"], message: "needed when done" });
    if (v.status === "declined" && !v.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "needed when declined" });
  });
export type SampleFeedback = z.infer<typeof sampleFeedbackSchema>;

/** One item as stored, for its giver and the authors (never shown whole to other organisations). */
export interface FeedbackItem {
  ref: string;
  guideId: string;
  version: string;
  sectionId: string | null;
  changeIdeaId: string | null;
  userId: number | null;
  orgCode: string | null;
  orgName: string | null;
  showOrg: boolean;
  useful: Useful;
  tried: Tried;
  worked: Worked | null;
  change: string;
  comment: string;
  status: FeedbackStatus;
  plannedFor: string | null;
  landedIn: string | null;
  reason: string | null;
  response: string;
  sample: boolean;
  createdAt: Date;
  updatedAt: Date;
  answeredAt: Date | null;
  seenByGiverAt: Date | null;
}

export interface FeedbackEvent {
  at: Date;
  actor: string;
  what: string;
}

/** What other organisations see: the organisation's name only if it chose so, never a giver. */
export interface CommunityItem {
  ref: string;
  version: string;
  sectionId: string | null;
  changeIdeaId: string | null;
  organisation: string | null;
  sample: boolean;
  useful: Useful;
  tried: Tried;
  worked: Worked | null;
  change: string;
  comment: string;
  status: FeedbackStatus;
  plannedFor: string | null;
  landedIn: string | null;
  reason: string | null;
  response: string;
  createdAt: Date;
}

/** The triage queue's filter (all optional). */
export interface FeedbackFilter {
  guideId?: string;
  version?: string;
  sectionId?: string;
  status?: FeedbackStatus;
}
