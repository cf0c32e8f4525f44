/** Follows and notifications in PostgreSQL (migration 025; port: src/networks/follows/store.ts). */
import { sql } from "kysely";
import { z } from "zod";
import type { FollowStore } from "../networks/follows/store.js";
import { followKinds } from "../networks/follows/types.js";
import type { Db } from "./schema.js";

const followRow = z.object({
  target_kind: z.enum(followKinds),
  target_id: z.string(),
  email: z.boolean(),
});
const followerRow = z.object({
  user_id: z.coerce.number().int(),
  email: z.string(),
  wants_email: z.boolean(),
});
const notificationRow = z.object({
  notification_id: z.coerce.number().int(),
  kind: z.string(),
  summary: z.string(),
  href: z.string(),
  created_at: z.coerce.date(),
  read_at: z.coerce.date().nullable(),
});

export function createFollowStore(db: Db): FollowStore {
  return {
    async follow(userId, f) {
      await sql`
        INSERT INTO follows (user_id, target_kind, target_id, email)
        VALUES (${userId}, ${f.kind}, ${f.targetId}, ${f.email})
        ON CONFLICT (user_id, target_kind, target_id) DO UPDATE SET email = EXCLUDED.email
      `.execute(db);
    },
    async unfollow(userId, kind, targetId) {
      const r = await sql`
        DELETE FROM follows WHERE user_id = ${userId} AND target_kind = ${kind} AND target_id = ${targetId}
      `.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
    async followsOf(userId) {
      const r = await sql`
        SELECT target_kind, target_id, email FROM follows WHERE user_id = ${userId}
        ORDER BY target_kind, target_id
      `.execute(db);
      return r.rows.map((row) => {
        const f = followRow.parse(row);
        return { kind: f.target_kind, targetId: f.target_id, email: f.email };
      });
    },
    async followersOf(targets) {
      if (!targets.length) return [];
      const conditions = targets.map(
        (t) => sql`(f.target_kind = ${t.kind} AND f.target_id = ${t.targetId})`,
      );
      const r = await sql`
        SELECT f.user_id, u.email, bool_or(f.email) AS wants_email
        FROM follows f JOIN users u ON u.user_id = f.user_id
        WHERE ${sql.join(conditions, sql` OR `)}
        GROUP BY f.user_id, u.email ORDER BY f.user_id
      `.execute(db);
      return r.rows.map((row) => {
        const f = followerRow.parse(row);
        return { userId: f.user_id, email: f.email, wantsEmail: f.wants_email };
      });
    },
    async addNotification(n, now) {
      await sql`
        INSERT INTO notifications (user_id, kind, summary, href, created_at)
        VALUES (${n.userId}, ${n.kind}, ${n.summary}, ${n.href}, ${now})
      `.execute(db);
    },
    async notificationsOf(userId, limit) {
      const r = await sql`
        SELECT notification_id, kind, summary, href, created_at, read_at FROM notifications
        WHERE user_id = ${userId} ORDER BY created_at DESC, notification_id DESC LIMIT ${limit}
      `.execute(db);
      return r.rows.map((row) => {
        const n = notificationRow.parse(row);
        return {
          notificationId: n.notification_id,
          kind: n.kind,
          summary: n.summary,
          href: n.href,
          createdAt: n.created_at,
          readAt: n.read_at,
        };
      });
    },
    async unreadCount(userId) {
      const r = await sql<{ n: string }>`
        SELECT count(*) AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL
      `.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    },
    async markRead(userId, notificationId, now) {
      const r = await sql`
        UPDATE notifications SET read_at = coalesce(read_at, ${now})
        WHERE user_id = ${userId}
          AND (${notificationId}::bigint IS NULL OR notification_id = ${notificationId})
      `.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
  };
}
