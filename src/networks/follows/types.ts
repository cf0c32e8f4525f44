/**
 * Follows and notifications (issue 17 item 3; docs/networks.md "Following and notifications").
 * A person follows a network (its workspace) or a learning topic (as the learning feed's topic
 * filter names it); when something they follow happens, they get a notification in their list,
 * and an email too if they chose it for that follow.
 */
import type { Actor } from "../../accounts/actor.js";

export const followKinds = ["network", "topic"] as const;
export type FollowKind = (typeof followKinds)[number];

export interface Follow {
  kind: FollowKind;
  /** A networkId, or a topic. */
  targetId: string;
  email: boolean;
}

export interface Notification {
  notificationId: number;
  kind: string;
  summary: string;
  href: string;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * Something that happened that followers may hear of. `mayRead` is the owning domain's own
 * reading rule (learning post, proposal): a follower who may not read the item hears nothing.
 */
export interface FollowedItem {
  /** e.g. "learning.published", "proposal.approved". */
  kind: string;
  networkId: string;
  topic: string | null;
  /** One plain sentence. */
  summary: string;
  /** Site-relative link to the item. */
  href: string;
  mayRead: (reader: Actor) => boolean;
}

/** What the learning and proposals services call after a change (default: nothing). */
export type Notify = (item: FollowedItem) => Promise<void>;
