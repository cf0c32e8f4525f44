/**
 * What the assessment service needs from storage (the PostgreSQL implementation is
 * src/storage/assessment-store.ts). The store does not decide who may see what: the service
 * asks the policy first and only then asks the store, and the store's queries that serve other
 * organisations (`latestShared`) return shared, submitted rounds only.
 */
import type { Answer, Round, RoundVisibility } from "./types.js";

export interface NewRound {
  matrixId: string;
  orgCode: string;
  assessedOn: string;
  guideVersion: string | null;
  startedBy: string;
  answers: Answer[];
}

export interface AssessmentStore {
  /** Adds a draft round (private) with its answers; returns its id. */
  insertRound(round: NewRound): Promise<number>;
  /** One round with its answers, or null. */
  round(roundId: number): Promise<Round | null>;
  /** An organisation's rounds (of one matrix, or all), oldest first by date then id. */
  rounds(orgCode: string, matrixId?: string): Promise<Round[]>;
  /**
   * Replaces a draft's date and answers; with `submittedAt`, submits it in the same statement.
   * False, changing nothing, when the round is not a draft.
   */
  saveDraft(
    roundId: number,
    assessedOn: string,
    answers: Answer[],
    submittedAt: Date | null,
  ): Promise<boolean>;
  setVisibility(roundId: number, visibility: RoundVisibility): Promise<void>;
  /** Each organisation's newest submitted SHARED round of the matrix (none for the others). */
  latestShared(matrixId: string, orgCodes: readonly string[]): Promise<Round[]>;
}
