/**
 * What the rebase service needs from storage (src/storage/rebase-store.ts implements it). The
 * store keeps every decision ever recorded, with its withdrawal; it does not decide who may see the
 * recorders' names (the service strips them).
 */
import type { ChangeIdeaRef, RebaseDecision } from "./types.js";

export interface NewDecision {
  orgCode: string;
  metricId: string;
  period: string;
  reason: string;
  changeIdea: ChangeIdeaRef | null;
  proposalId: number | null;
  recordedByUserId: number | null;
  recordedBy: string;
}

export interface RebaseStore {
  /** Adds a decision; null, adding nothing, when a current one already starts at that period. */
  insert(decision: NewDecision): Promise<RebaseDecision | null>;
  /** One decision, current or withdrawn, or null. */
  decision(decisionId: number): Promise<RebaseDecision | null>;
  /** An organisation's decisions (all metrics, or one), current and withdrawn, newest first. */
  list(orgCode: string, metricId?: string): Promise<RebaseDecision[]>;
  /** Withdraws a current decision; null, changing nothing, when it is not current. */
  withdraw(
    decisionId: number,
    by: { userId: number | null; name: string },
    reason: string,
  ): Promise<RebaseDecision | null>;
}
