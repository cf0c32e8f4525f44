/**
 * The network activity feed as this domain calls it. The workspace's src/networks/activity.ts
 * exports the same `ActivityRecorder` (shared brief of issue 17); it was not on this branch when
 * learning was written, so the shape is repeated here and the real recorder fits it as is. Once
 * both are merged, this file can become `export type { ActivityRecorder } from "../activity.js"`.
 */
export interface NetworkActivityInput {
  networkId: string;
  /** e.g. "learning.posted". */
  kind: string;
  /** One plain sentence. */
  summary: string;
  /** Site-relative link, e.g. "/learning/12". */
  href: string;
  actorUserId: number | null;
  visibility: "network" | "public";
}

export interface ActivityRecorder {
  record(input: NetworkActivityInput): Promise<void>;
}
