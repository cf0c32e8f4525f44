/**
 * What the feedback service needs from storage (PostgreSQL: src/storage/guide-feedback-store.ts).
 * The store decides nothing about who may see what: the service asks the policy first.
 */
import type {
  FeedbackEvent,
  FeedbackFilter,
  FeedbackItem,
  FeedbackStatus,
  GiveFeedback,
  SampleFeedback,
} from "./types.js";

export interface FeedbackChange {
  status: FeedbackStatus;
  plannedFor: string | null;
  landedIn: string | null;
  reason: string | null;
  response: string;
}

export interface GuideFeedbackStore {
  /** Adds an item given by `userId` with its first event; returns its reference (FB-0001). */
  insert(item: GiveFeedback, userId: number, actor: string, at: Date): Promise<string>;
  /** Adds an illustrative sample unless its reference exists; true when added. */
  insertSample(guideId: string, item: SampleFeedback): Promise<boolean>;
  byRef(ref: string): Promise<FeedbackItem | null>;
  events(ref: string): Promise<FeedbackEvent[]>;
  /** Matching items, newest first. */
  list(
    filter: FeedbackFilter & { userId?: number },
    page?: { limit: number; offset: number },
  ): Promise<FeedbackItem[]>;
  count(filter: FeedbackFilter): Promise<number>;
  /** Sets the status and answer, marks it answered at `at` and records the event. */
  answer(ref: string, change: FeedbackChange, actor: string, what: string, at: Date): Promise<void>;
  /** Records that the giver has seen all their items' answers as of `at`. */
  markSeen(userId: number, at: Date): Promise<void>;
  /** The giver's email address, if the account still exists. */
  giverEmail(userId: number): Promise<string | null>;
}
