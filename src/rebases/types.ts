/**
 * Rebase decisions (issue 17 item 6; docs/spc.md "Rebase decisions"): an organisation analyst's
 * record that one metric's process changed at a period for a known reason, so its SPC limits start
 * again there. The analytics apply the current ones as phase breaks (src/metrics/analytics
 * baseline.ts); this domain records them, withdraws them and lists them.
 */

/** The longest reason (for recording or withdrawing) a decision keeps. */
export const REASON_MAX = 500;

/** A change idea of a published guide, by its ids (the guides' glossary names). */
export interface ChangeIdeaRef {
  guideId: string;
  changeIdeaId: string;
}

export interface RebaseDecision {
  decisionId: number;
  orgCode: string;
  metricId: string;
  /** The first period of the new limits (YYYY-MM-DD). */
  period: string;
  reason: string;
  changeIdea: ChangeIdeaRef | null;
  /** The test-at-scale proposal that caused the shift (no foreign key yet). */
  proposalId: number | null;
  /** The recorder's name: null for readers who may not see the organisation's private pages. */
  recordedBy: string | null;
  recordedAt: Date;
  withdrawal: {
    at: Date;
    /** The withdrawer's name, null as for `recordedBy`. */
    by: string | null;
    reason: string;
  } | null;
}

/** What the form gives, as text (checked by the service). */
export interface RecordInput {
  orgCode: string;
  metricId: string;
  period: string;
  reason: string;
  /** "guideId/changeIdeaId", or empty. */
  changeIdea?: string;
  /** A proposal's id as digits, or empty. */
  proposalId?: string;
}
