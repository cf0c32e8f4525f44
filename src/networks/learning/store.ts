/**
 * What the learning service needs from storage (PostgreSQL: src/storage/learning-store.ts). The
 * store does not decide who may see what: the service passes the reader's reach (`Reach`) and
 * the store's queries filter on it in SQL, so a network post never leaves the database for a
 * reader outside the network.
 */
import type {
  EvidenceVerdict,
  FeedFilter,
  Post,
  PostContent,
  PostInFull,
  StoredVerdict,
} from "./types.js";

/** Which published posts a reader may see: every one (administrators), or public + these networks'. */
export type Reach = { all: true } | { all: false; networkIds: readonly string[] };

export interface NewPost extends PostContent {
  networkId: string;
  authorUserId: number;
}

/** A published post's measure, for the verdict refresh. */
export interface MeasureToJudge {
  postId: number;
  orgCode: string;
  metricId: string;
  changeDate: string;
  current: EvidenceVerdict | null;
  dataVersion: string | null;
}

export interface LearningStore {
  insertPost(post: NewPost): Promise<number>;
  /** Replaces a draft's content; false, changing nothing, when it is not a draft. */
  updateDraft(postId: number, content: PostContent): Promise<boolean>;
  /** Publishes a draft; false when it is not a draft. */
  publish(postId: number, at: Date): Promise<boolean>;
  /** One post with its updates, comments and verdict changes (any status), or null. */
  post(postId: number): Promise<PostInFull | null>;
  /** A user's drafts in a network (newest first). */
  drafts(networkId: string, authorUserId: number): Promise<Post[]>;
  /** Published posts the reach allows, matching the filter: featured first, then newest. */
  feed(
    reach: Reach,
    filter: FeedFilter,
    page: { limit: number; offset: number },
  ): Promise<{ posts: Post[]; total: number }>;
  /**
   * Published posts the reach allows, matching the filter, newest id first, those with an id
   * below `beforePostId` (keyset paging: a post published between two pages never shifts another).
   */
  published(
    reach: Reach,
    filter: FeedFilter,
    page: { beforePostId?: number | undefined; limit: number },
  ): Promise<Post[]>;
  /** Every published post's measures (the verdict refresh). */
  measuresToJudge(): Promise<MeasureToJudge[]>;
  /**
   * Stores a measure's verdict unless it is already stored for that data version; with
   * `changedFrom`, also records the change (once).
   */
  saveVerdict(
    postId: number,
    metricId: string,
    verdict: StoredVerdict,
    changedFrom: EvidenceVerdict | null,
  ): Promise<void>;
  addUpdate(postId: number, body: string, at: Date): Promise<void>;
  addComment(postId: number, authorUserId: number, body: string, at: Date): Promise<number>;
  /** Deletes a comment of that post; false when there is none. */
  deleteComment(postId: number, commentId: number): Promise<boolean>;
  nominate(postId: number, byUserId: number | null, at: Date): Promise<void>;
  feature(postId: number, byUserId: number | null, at: Date | null): Promise<void>;
}
