/** The port the follows service needs; src/storage/follows-store.ts implements it. */
import type { Follow, FollowKind, Notification } from "./types.js";

export interface Follower {
  userId: number;
  email: string;
  wantsEmail: boolean;
}

export interface NewNotification {
  userId: number;
  kind: string;
  summary: string;
  href: string;
}

export interface FollowStore {
  follow(userId: number, follow: Follow): Promise<void>;
  unfollow(userId: number, kind: FollowKind, targetId: string): Promise<boolean>;
  followsOf(userId: number): Promise<Follow[]>;
  /** Everyone following any of the targets, once each (email if any of their follows wants it). */
  followersOf(targets: readonly { kind: FollowKind; targetId: string }[]): Promise<Follower[]>;
  addNotification(n: NewNotification, now: Date): Promise<void>;
  notificationsOf(userId: number, limit: number): Promise<Notification[]>;
  unreadCount(userId: number): Promise<number>;
  /** Marks one (or, with null, every) notification of the user read; false if none matched. */
  markRead(userId: number, notificationId: number | null, now: Date): Promise<boolean>;
}
