/**
 * A guide draft (issue 16; docs/guides.md "Authoring and review"): a version being written by a
 * guide author, reviewed by a second one, then published through the guide service, which makes
 * it immutable. `content` is a whole `GuideVersion` that need not pass the guide checks until it
 * is submitted.
 */
import type { GuideVersion } from "../types.js";

export const draftStatuses = [
  "draft",
  "in_review",
  "changes_requested",
  "approved",
  "published",
  "withdrawn",
] as const;
export type DraftStatus = (typeof draftStatuses)[number];
export const DRAFT_STATUS_LABELS: Record<DraftStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  changes_requested: "Changes requested",
  approved: "Approved",
  published: "Published",
  withdrawn: "Withdrawn",
};

export interface Draft {
  draftId: number;
  guideId: string;
  /** The published version it started from; null for a new guide. */
  baseVersion: string | null;
  version: string;
  content: GuideVersion;
  status: DraftStatus;
  authorUserId: number;
  reviewerUserId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One status change or review comment. */
export interface DraftEvent {
  at: Date;
  actor: string;
  action: string;
  comment: string;
}
