/**
 * What the authoring service needs from storage (the PostgreSQL implementation is
 * src/storage/guide-drafts-store.ts). Each change of a draft is written with its event in one
 * transaction, and only when the draft is still in one of the expected statuses, so two authors
 * acting at once cannot both succeed.
 */
import type { GuideVersion } from "../types.js";
import type { Draft, DraftEvent, DraftStatus } from "./types.js";

export interface NewDraft {
  guideId: string;
  baseVersion: string | null;
  version: string;
  content: GuideVersion;
  authorUserId: number;
}

export interface DraftChange {
  content?: GuideVersion;
  status?: DraftStatus;
  reviewerUserId?: number | null;
}

export interface GuideDraftStore {
  insert(draft: NewDraft, event: Omit<DraftEvent, "at">): Promise<number>;
  draft(draftId: number): Promise<Draft | null>;
  /** Recent drafts, newest change first. */
  recent(limit: number): Promise<Draft[]>;
  /** Applies the change if the draft is in one of `from`; false (nothing changed) otherwise. */
  update(
    draftId: number,
    from: readonly DraftStatus[],
    change: DraftChange,
    event: Omit<DraftEvent, "at"> | null,
  ): Promise<boolean>;
  events(draftId: number): Promise<DraftEvent[]>;
}
