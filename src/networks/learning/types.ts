/**
 * Shared learning (issue 17 items 2 and 3; docs/networks.md "Shared learning"). A learning post
 * is a network member's account of a change made at one of their organisations, linked to the
 * change ideas it tested (from the published guides) and to the measures that show the effect.
 * The platform judges each measure itself, by the Making Data Count rules on the points since the
 * change date (./evidence.ts), so the claim and the evidence are read together.
 */

export const postKinds = ["what_worked", "case_study"] as const;
export type PostKind = (typeof postKinds)[number];
export const POST_KIND_LABELS: Record<PostKind, string> = {
  what_worked: "What worked",
  case_study: "Case study",
};

/** "network": members and leads of the post's network only; "public": anyone. */
export const postVisibilities = ["network", "public"] as const;
export type PostVisibility = (typeof postVisibilities)[number];

export type PostStatus = "draft" | "published";

/**
 * The verdict on one measure since the change (the statistics' `ChangeVerdict`, src/stats/evaluation
 * /verdict.ts). "changed": special cause on a measure with no better direction.
 */
export const evidenceVerdicts = [
  "improvement",
  "no_change",
  "deterioration",
  "mixed",
  "changed",
  "not_enough_data",
] as const;
export type EvidenceVerdict = (typeof evidenceVerdicts)[number];

/** The verdict as stored: with the data version it was computed on. */
export interface StoredVerdict {
  verdict: EvidenceVerdict;
  /** One plain sentence saying why (from the statistics). */
  reason: string;
  pointsSince: number;
  baselinePoints: number;
  provisional: boolean;
  dataVersion: string;
  computedAt: Date;
}

/** A change in a measure's verdict after an import. */
export interface VerdictChange {
  metricId: string;
  from: EvidenceVerdict;
  to: EvidenceVerdict;
  changedAt: Date;
}

export interface PostMeasure {
  metricId: string;
  /** Null until first computed (a draft, or before the first refresh). */
  verdict: StoredVerdict | null;
}

export interface PostIdea {
  guideId: string;
  changeIdeaId: string;
}

/** What an author writes (and edits while it is a draft). */
export interface PostContent {
  kind: PostKind;
  title: string;
  body: string;
  orgCode: string;
  /** YYYY-MM-DD. */
  changeDate: string;
  ideas: PostIdea[];
  metricIds: string[];
  topic: string | null;
  careSetting: string | null;
  visibility: PostVisibility;
}

export interface PostUpdate {
  updateId: number;
  body: string;
  createdAt: Date;
}

export interface PostComment {
  commentId: number;
  authorUserId: number;
  authorName: string;
  body: string;
  createdAt: Date;
}

export interface Post extends Omit<PostContent, "metricIds"> {
  postId: number;
  networkId: string;
  authorUserId: number;
  authorName: string;
  status: PostStatus;
  measures: PostMeasure[];
  publishedAt: Date | null;
  /** "Share with NHS England": when a network lead nominated it, and when an administrator featured it. */
  nominatedAt: Date | null;
  featuredAt: Date | null;
  updatedAt: Date;
}

/** A post with what its page shows besides: updates, comments and verdict changes, newest last. */
export interface PostInFull extends Post {
  updates: PostUpdate[];
  comments: PostComment[];
  verdictChanges: VerdictChange[];
}

/** The national feed's filters (every one optional); `verdict` "none" means no evidence linked. */
export interface FeedFilter {
  networkId?: string | undefined;
  topic?: string | undefined;
  guideId?: string | undefined;
  changeIdeaId?: string | undefined;
  careSetting?: string | undefined;
  verdict?: EvidenceVerdict | "none" | undefined;
  /** Only posts a network lead shared with NHS England (what administrators choose from). */
  shared?: boolean | undefined;
  /**
   * Words the post's title or text holds, as a web search takes them (PostgreSQL's
   * `websearch_to_tsquery`, English: "discharges" finds "discharge"; `"…"` a phrase; `-word` not).
   */
  text?: string | undefined;
}

export const FEED_PAGE_SIZE = 20;

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;
export const COMMENT_MAX = 4000;
