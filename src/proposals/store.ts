/**
 * What the proposal service needs from storage (src/storage/proposals-store.ts implements it
 * over PostgreSQL). The store does not decide who sees what: the service asks first.
 */
import type { EvaluationSnapshot } from "./evaluation.js";
import type { ProposalState } from "./states.js";
import type {
  CommentRecord,
  MdeRecord,
  Proposal,
  ProposalFields,
  TransitionRecord,
} from "./types.js";

/** Who did something, as the history records them. */
export interface StoreActor {
  userId: number | null;
  label: string;
}

export interface ProposalStore {
  /** Adds a draft and its first history row (created); returns its id. */
  insert(
    networkId: string,
    fields: ProposalFields,
    mde: MdeRecord | null,
    by: StoreActor,
    now: Date,
  ): Promise<number>;
  /** Replaces a draft's fields; false, changing nothing, when it is no longer a draft. */
  update(
    proposalId: number,
    fields: ProposalFields,
    mde: MdeRecord | null,
    now: Date,
  ): Promise<boolean>;
  byId(proposalId: number): Promise<Proposal | null>;
  /**
   * Proposals of one network, in the given states, or whose title or aim hold `text` (a web
   * search's words, as the learning feed takes them); newest change first.
   */
  list(filter: {
    networkId?: string;
    states?: readonly ProposalState[];
    text?: string;
  }): Promise<Proposal[]>;
  /**
   * Moves a proposal from `from` to `to` and records the history row, in one transaction; false,
   * changing nothing, when it is no longer in `from` (someone else moved it first).
   */
  transition(
    proposalId: number,
    from: ProposalState,
    to: ProposalState,
    by: StoreActor,
    reason: string,
    now: Date,
    /** On "evaluate": the record's text and the numbers it was concluded on. */
    evaluation?: { text: string; snapshot: EvaluationSnapshot },
  ): Promise<boolean>;
  transitions(proposalId: number): Promise<TransitionRecord[]>;
  addComment(proposalId: number, by: StoreActor, body: string, now: Date): Promise<void>;
  comments(proposalId: number): Promise<CommentRecord[]>;
  /** Email addresses of the network's leads and of every proposal reviewer (enabled accounts). */
  recipients(networkId: string): Promise<string[]>;
}
