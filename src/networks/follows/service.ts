/**
 * Follows and notifications (issue 17 item 3; docs/networks.md "Following and notifications").
 *
 * Anyone signed in follows a network or a topic and chooses whether they want email too. The
 * learning and proposals services call `notify` (wired in src/web/compose.ts) after a change that
 * matters; each follower is read afresh (`actorFor`: grants as they stand now) and hears of the
 * item only if the owning domain's `mayRead` says they may read it, so a network-only post never
 * reaches a follower outside the network, not even as a title. Email goes through the outbox.
 */
import type { Actor } from "../../accounts/actor.js";
import type { Auditor } from "../../accounts/audit.js";
import type { Outbox } from "../../accounts/mail.js";
import { changingUser, requireUser } from "../../accounts/policy.js";
import { InputError, NotFoundError } from "../../errors.js";
import { networks } from "../../metrics/networks.js";
import type { FollowStore } from "./store.js";
import {
  followKinds,
  type Follow,
  type FollowKind,
  type FollowedItem,
  type Notification,
} from "./types.js";

export interface FollowServiceDeps {
  store: FollowStore;
  /** A person as they stand now (src/accounts/service.ts `actorFor`). */
  actorFor: (userId: number) => Promise<Actor>;
  outbox: Outbox;
  audit: Auditor;
  now: () => Date;
  /** The site's address for links in email, e.g. "https://improve.example.nhs.uk". */
  siteUrl: string;
}

export interface FollowService {
  follow(actor: Actor, kind: string, targetId: string, email: boolean): Promise<void>;
  unfollow(actor: Actor, kind: string, targetId: string): Promise<void>;
  follows(actor: Actor): Promise<Follow[]>;
  notifications(actor: Actor): Promise<Notification[]>;
  unreadCount(actor: Actor): Promise<number>;
  markRead(actor: Actor, notificationId: number | null): Promise<void>;
  /** Tells the followers of the item's network and topic who may read it. */
  notify(item: FollowedItem): Promise<void>;
}

const NOTIFICATIONS_SHOWN = 50;
const TOPIC_MAX = 200;

function checkTarget(kind: string, targetId: string): { kind: FollowKind; targetId: string } {
  if (!(followKinds as readonly string[]).includes(kind))
    throw new InputError("Choose what to follow.", [
      { column: "kind", value: kind, reason: "Choose a network or a topic" },
    ]);
  const id = targetId.trim();
  if (kind === "network" ? !networks.some((n) => n.id === id) : !id || id.length > TOPIC_MAX)
    throw new InputError(`There is no ${kind} "${id}" to follow.`, [
      { column: "targetId", value: id, reason: `Choose a ${kind}` },
    ]);
  return { kind: kind as FollowKind, targetId: id };
}

export function createFollowService(deps: FollowServiceDeps): FollowService {
  const { store } = deps;
  const target = (kind: string, targetId: string) => ({
    kind: "follow",
    ref: `${kind}:${targetId}`,
  });
  return {
    async follow(actor, kind, targetId, email) {
      const user = changingUser(actor);
      const t = checkTarget(kind, targetId);
      await store.follow(user.userId, { ...t, email });
      await deps.audit(actor, { action: "follow.added", target: target(t.kind, t.targetId) });
    },
    async unfollow(actor, kind, targetId) {
      const user = changingUser(actor);
      const t = checkTarget(kind, targetId);
      if (await store.unfollow(user.userId, t.kind, t.targetId))
        await deps.audit(actor, { action: "follow.removed", target: target(t.kind, t.targetId) });
    },
    async follows(actor) {
      return store.followsOf(requireUser(actor).userId);
    },
    async notifications(actor) {
      return store.notificationsOf(requireUser(actor).userId, NOTIFICATIONS_SHOWN);
    },
    async unreadCount(actor) {
      return actor.kind === "user" ? store.unreadCount(actor.userId) : 0;
    },
    async markRead(actor, notificationId) {
      const user = changingUser(actor);
      if (
        !(await store.markRead(user.userId, notificationId, deps.now())) &&
        notificationId !== null
      )
        throw new NotFoundError("There is no such notification.");
    },
    async notify(item) {
      const targets: { kind: FollowKind; targetId: string }[] = [
        { kind: "network", targetId: item.networkId },
      ];
      if (item.topic) targets.push({ kind: "topic", targetId: item.topic });
      for (const follower of await store.followersOf(targets)) {
        const reader = await deps.actorFor(follower.userId);
        if (reader.kind !== "user" || !item.mayRead(reader)) continue;
        await store.addNotification(
          { userId: follower.userId, kind: item.kind, summary: item.summary, href: item.href },
          deps.now(),
        );
        if (follower.wantsEmail)
          await deps.outbox.enqueue({
            kind: "notification",
            to: follower.email,
            subject: item.summary.slice(0, 150),
            text: `${item.summary}\n\n${deps.siteUrl}${item.href}\n\nYou get this because you follow it. Change what you follow at ${deps.siteUrl}/notifications.`,
          });
      }
    },
  };
}
