/**
 * The guide model (issue 16; docs/guides.md). A guide is a topic's best practice in our own
 * words; it has numbered versions, each immutable once published. A version is made of sections
 * (principles in Markdown) holding change ideas, plus the tracking measures (catalogue metrics)
 * that show whether the changes are working.
 *
 * `guideVersionSchema` is the one check of a version's shape: guide files, the authoring forms
 * and rows read back from the database all pass through it.
 */
import { z } from "zod";

export const careSettings = ["acute", "mental_health", "community", "primary_care"] as const;
export type CareSetting = (typeof careSettings)[number];
export const CARE_SETTING_LABELS: Record<CareSetting, string> = {
  acute: "Acute",
  mental_health: "Mental health",
  community: "Community",
  primary_care: "Primary care",
};

/** What a tracking measure tells: the result sought, a step on the way, or a harm to watch. */
export const measureRoles = ["outcome", "process", "balancing"] as const;
export type MeasureRole = (typeof measureRoles)[number];
export const MEASURE_ROLE_LABELS: Record<MeasureRole, string> = {
  outcome: "Outcome measure",
  process: "Process measure",
  balancing: "Balancing measure",
};

/** Interim versions invite changes from use; final ones are settled until the evidence moves. */
export const versionStatuses = ["interim", "final"] as const;
export type VersionStatus = (typeof versionStatuses)[number];

/** lower-kebab-case: a guide, section or change idea id is part of stable URLs. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-kebab-case (a–z, 0–9 and single hyphens)")
  .max(80);

/** "1.0", "1.1", "2.0": major.minor, no leading zeros. */
export const versionNumberSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})$/, "a version number such as 1.0 or 2.1");

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");
const markdown = z.string().max(40_000);
const metricIdSchema = z.string().regex(/^[a-z0-9]+(?:_[a-z0-9]+)*$/, "a catalogue metric id");
/** A feedback reference as shown to people and cited in changelogs, e.g. "FB-0042" or "UEC-FB-001". */
export const feedbackRefSchema = z
  .string()
  .regex(/^[A-Z]+(?:-[A-Z]+)*-\d+$/, "a feedback reference");

export const changeIdeaSchema = z.object({
  id: slugSchema,
  title: z.string().min(1).max(200),
  /** The action to test locally. */
  action: markdown.min(1),
  whyItWorks: markdown.min(1),
  howToStart: markdown.min(1),
  whatGoodLooksLike: markdown.min(1),
  /** Evidence and references, Markdown (links allowed). */
  evidence: markdown.min(1),
  /** Catalogue metric ids among the version's measures that show this change working. */
  measures: z.array(metricIdSchema).max(20),
});
export type ChangeIdea = z.infer<typeof changeIdeaSchema>;

export const guideSectionSchema = z.object({
  id: slugSchema,
  title: z.string().min(1).max(200),
  /** The section's principles, Markdown. */
  principles: markdown,
  changeIdeas: z.array(changeIdeaSchema).max(60),
});
export type GuideSection = z.infer<typeof guideSectionSchema>;

export const trackingMeasureSchema = z.object({
  metricId: metricIdSchema,
  role: z.enum(measureRoles),
  /** Why this measure, in a sentence (plain text). */
  rationale: z.string().max(500).optional(),
});
export type TrackingMeasure = z.infer<typeof trackingMeasureSchema>;

export const changelogEntrySchema = z.object({
  text: z.string().min(1).max(2000),
  /** The feedback this change answers, by reference. */
  answers: z.array(feedbackRefSchema).max(50).default([]),
});
export type ChangelogEntry = z.infer<typeof changelogEntrySchema>;

export const guideVersionSchema = z
  .object({
    guideId: slugSchema,
    version: versionNumberSchema,
    title: z.string().min(1).max(200),
    /** The catalogue topic the guide belongs to (src/metrics/catalogue/types.ts `topics`). */
    topic: z.string().min(1).max(40),
    summary: z.string().min(1).max(1000),
    /** The owning team, e.g. "UEC improvement team, NHS England". */
    owner: z.string().min(1).max(200),
    careSettings: z.array(z.enum(careSettings)).min(1),
    status: z.enum(versionStatuses),
    /** Publication date. */
    published: dateSchema,
    changelog: z.array(changelogEntrySchema).max(200),
    /** Who the guide is for and how to use it, Markdown. */
    introduction: markdown,
    measures: z.array(trackingMeasureSchema).max(80),
    sections: z.array(guideSectionSchema).min(1).max(40),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    for (const s of v.sections) {
      for (const id of [s.id, ...s.changeIdeas.map((c) => c.id)]) {
        if (seen.has(id))
          ctx.addIssue({
            code: "custom",
            message: `the id "${id}" is used twice`,
            path: ["sections"],
          });
        seen.add(id);
      }
    }
    const measured = new Set(v.measures.map((m) => m.metricId));
    if (measured.size !== v.measures.length)
      ctx.addIssue({ code: "custom", message: "a measure is listed twice", path: ["measures"] });
    for (const s of v.sections)
      for (const c of s.changeIdeas)
        for (const m of c.measures)
          if (!measured.has(m))
            ctx.addIssue({
              code: "custom",
              message: `change idea "${c.id}" cites "${m}", which is not among the version's measures`,
              path: ["sections"],
            });
  });
export type GuideVersion = z.infer<typeof guideVersionSchema>;

/** A version as listed: enough to link to it and say what it is. */
export interface GuideVersionSummary {
  guideId: string;
  version: string;
  title: string;
  status: VersionStatus;
  published: string;
  changelog: ChangelogEntry[];
}

/** A guide as listed: its current (newest published) version's details. */
export interface GuideSummary {
  guideId: string;
  title: string;
  topic: string;
  summary: string;
  owner: string;
  careSettings: CareSetting[];
  currentVersion: string;
  status: VersionStatus;
  published: string;
  versionCount: number;
  changeIdeaCount: number;
}
