/**
 * A test-at-scale proposal (issue 17 item 4; docs/proposals.md): what a network's leads write,
 * as the form gives it (`proposalInputSchema`, checked once here) and as it is kept.
 */
import { z } from "zod";
import type { EvaluationSnapshot } from "./evaluation.js";
import type { ProposalState } from "./states.js";

/** A month as the form gives it: YYYY-MM. */
const month = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month written YYYY-MM, e.g. 2025-04");

/** ODS codes separated by commas, spaces or new lines; upper-cased, each once. */
const orgCodes = z
  .string()
  .trim()
  .max(2000)
  .transform((s) => [
    ...new Set(
      s
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean),
    ),
  ])
  .refine((codes) => codes.every((c) => /^[A-Z0-9]{3,10}$/.test(c)), {
    message: "must be ODS codes (3 to 10 letters and digits) separated by commas or spaces",
  });

/** A list from a form: one value, several (a repeated field), or none. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .transform((v) => [...new Set(v.map((s) => s.trim()).filter(Boolean))]);

const markdown = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

/** The longest Markdown part (approach, timeline, resources, the evaluation). */
export const MARKDOWN_MAX = 20_000;

export const proposalInputSchema = z.object({
  title: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  aim: z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters"),
  approach: markdown(MARKDOWN_MAX),
  /** "guideId/changeIdeaId" each. */
  changeIdeas: list.refine((v) => v.every((s) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(s)), {
    message: "must each be a guide id and a change idea id, as guide/change-idea",
  }),
  participants: orgCodes.refine((v) => v.length >= 1, "must name at least one organisation"),
  comparators: orgCodes,
  primaryMetricId: z.string().trim().min(1, "must be chosen"),
  balancingMetricIds: list,
  baselineStart: month,
  baselineEnd: month,
  plannedStart: month,
  followUpEnd: month,
  expectedEffect: z
    .string()
    .trim()
    .regex(/^[0-9]+(\.[0-9]+)?$/, "must be a positive number, e.g. 2.5")
    .transform(Number)
    .refine((n) => n > 0, "must be more than 0"),
  expectedDirection: z.enum(["increase", "decrease"], "must be increase or decrease"),
  timeline: markdown(MARKDOWN_MAX),
  resources: markdown(MARKDOWN_MAX),
});

export type ProposalInput = z.input<typeof proposalInputSchema>;

/** The fields of a proposal, checked (months as YYYY-MM). */
export type ProposalFields = z.output<typeof proposalInputSchema>;

/** The smallest baseline: a year of months, so seasonal swings are in it. */
export const MIN_BASELINE_MONTHS = 12;

/** The minimum detectable effect as computed from the baseline when the proposal was saved. */
export interface MdeRecord {
  /** In the primary measure's units; null when it could not be computed (see `participants`). */
  mde: number | null;
  standardError: number | null;
  placebos: number | null;
  /** How many participants and comparators had baseline data. */
  participants: number;
  comparators: number;
  computedAt: Date;
}

export interface Proposal extends ProposalFields {
  proposalId: number;
  networkId: string;
  state: ProposalState;
  mde: MdeRecord | null;
  /** The evaluation record (Markdown), once evaluated. */
  evaluation: string;
  /** The numbers the evaluation was recorded on, once evaluated. */
  evaluationSnapshot: EvaluationSnapshot | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TransitionRecord {
  fromState: ProposalState | null;
  toState: ProposalState;
  actorLabel: string;
  reason: string;
  at: Date;
}

export interface CommentRecord {
  authorLabel: string;
  body: string;
  at: Date;
}

/** The months from `start` to `end` (YYYY-MM), both included. */
export function monthsBetween(start: string, end: string): string[] {
  const [y0, m0] = start.split("-").map(Number) as [number, number];
  const [y1, m1] = end.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, (m = 1)) : m++)
    out.push(`${y}-${String(m).padStart(2, "0")}`);
  return out;
}
