/**
 * Self-assessment against maturity matrices (issue 16; docs/guides.md "Self-assessment").
 *
 * A matrix is a file in the repository (content/assessments/<matrixId>.yaml), checked by
 * `matrixSchema` when the app is composed or the CLI starts, and kept in memory. A round is one
 * organisation's answers to one matrix on one date: a level per row and an evidence note per
 * row. Rounds are private to the organisation unless it shares them with its networks.
 */
import { z } from "zod";

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-kebab-case (a-z, 0-9 and single hyphens)");

const levelSchema = z.object({
  score: z.number().int().min(0).max(10),
  label: z.string().trim().min(1).max(60),
});

const rowSchema = z.object({
  id: kebab,
  title: z.string().trim().min(1).max(120),
  guideSection: kebab.optional(),
  statements: z.array(z.string().trim().min(1).max(1000)),
});

export const matrixSchema = z
  .object({
    id: kebab,
    title: z.string().trim().min(1).max(160),
    guide: kebab.optional(),
    summary: z.string().trim().min(1).max(600),
    levels: z.array(levelSchema).min(2).max(10),
    rows: z.array(rowSchema).min(1).max(40),
  })
  .strict()
  .superRefine((m, ctx) => {
    m.levels.forEach((l, i) => {
      const before = m.levels[i - 1];
      if (before && l.score <= before.score)
        ctx.addIssue({
          code: "custom",
          path: ["levels", i, "score"],
          message: `scores must rise from the lowest level to the highest (${before.score} then ${l.score})`,
        });
    });
    const seen = new Set<string>();
    m.rows.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({
          code: "custom",
          path: ["rows", i, "id"],
          message: `row id "${r.id}" appears twice`,
        });
      seen.add(r.id);
      if (r.statements.length !== m.levels.length)
        ctx.addIssue({
          code: "custom",
          path: ["rows", i, "statements"],
          message: `needs one statement per level (${m.levels.length}), has ${r.statements.length}`,
        });
    });
  });

/** A maturity matrix as its file describes it (front matter `guide` → `guide`, a guideId). */
export type Matrix = z.infer<typeof matrixSchema>;

export type RoundStatus = "draft" | "submitted";
export type RoundVisibility = "private" | "shared";

/** One row's answer: the level's score (null while a draft leaves it blank) and the evidence. */
export interface Answer {
  rowId: string;
  score: number | null;
  evidence: string;
}

/** One organisation's round of a matrix. */
export interface Round {
  roundId: number;
  matrixId: string;
  orgCode: string;
  /** The day the round assesses (YYYY-MM-DD); rounds of a matrix are ordered by it. */
  assessedOn: string;
  status: RoundStatus;
  visibility: RoundVisibility;
  /** The guide's current version when the round was started (null for a matrix with no guide). */
  guideVersion: string | null;
  submittedAt: Date | null;
  updatedAt: Date;
  answers: Answer[];
}

/** The longest evidence note kept per row. */
export const EVIDENCE_MAX = 2000;
