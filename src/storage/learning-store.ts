/**
 * Shared learning over PostgreSQL (the port is src/networks/learning/store.ts; the tables,
 * migration 021). The feed's reach (public posts, plus the reader's networks' posts) is a WHERE
 * clause, so a network post never leaves the database for a reader outside the network.
 */
import { sql, type RawBuilder } from "kysely";
import type { LearningStore, Reach } from "../networks/learning/store.js";
import {
  evidenceVerdicts,
  type EvidenceVerdict,
  type FeedFilter,
  type Post,
  type PostInFull,
} from "../networks/learning/types.js";
import type { Db } from "./schema.js";

const postColumns = [
  "p.post_id",
  "p.network_id",
  "p.author_user_id",
  "u.display_name",
  "p.org_code",
  "p.kind",
  "p.title",
  "p.body",
  "p.change_date",
  "p.topic",
  "p.care_setting",
  "p.visibility",
  "p.status",
  "p.published_at",
  "p.nominated_at",
  "p.featured_at",
  "p.updated_at",
] as const;

const verdictOf = (text: string | null): EvidenceVerdict | null =>
  (evidenceVerdicts as readonly string[]).includes(text ?? "") ? (text as EvidenceVerdict) : null;

/** The feed's conditions on `p` (learning_posts), as one SQL fragment. */
function feedWhere(reach: Reach, filter: FeedFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`p.status = 'published'`];
  if (!reach.all)
    parts.push(
      reach.networkIds.length
        ? sql`(p.visibility = 'public' OR p.network_id IN (${sql.join([...reach.networkIds])}))`
        : sql`p.visibility = 'public'`,
    );
  if (filter.networkId) parts.push(sql`p.network_id = ${filter.networkId}`);
  if (filter.topic) parts.push(sql`p.topic = ${filter.topic}`);
  if (filter.careSetting) parts.push(sql`p.care_setting = ${filter.careSetting}`);
  if (filter.shared) parts.push(sql`p.nominated_at IS NOT NULL`);
  // The expression of the index learning_posts_words (migration 026), character for character.
  if (filter.text)
    parts.push(
      sql`to_tsvector('english', p.title || ' ' || p.body) @@ websearch_to_tsquery('english', ${filter.text})`,
    );
  if (filter.guideId || filter.changeIdeaId)
    parts.push(sql`EXISTS (SELECT 1 FROM learning_post_ideas i WHERE i.post_id = p.post_id
      ${filter.guideId ? sql`AND i.guide_id = ${filter.guideId}` : sql``}
      ${filter.changeIdeaId ? sql`AND i.change_idea_id = ${filter.changeIdeaId}` : sql``})`);
  if (filter.verdict === "none")
    parts.push(
      sql`NOT EXISTS (SELECT 1 FROM learning_post_measures m WHERE m.post_id = p.post_id)`,
    );
  else if (filter.verdict)
    parts.push(
      sql`EXISTS (SELECT 1 FROM learning_post_measures m WHERE m.post_id = p.post_id AND m.verdict = ${filter.verdict})`,
    );
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

export function createLearningStore(db: Db): LearningStore {
  /** The posts of these ids with their change ideas and measures, in the ids' order. */
  async function load(postIds: number[]): Promise<Post[]> {
    if (postIds.length === 0) return [];
    const [rows, ideas, measures] = await Promise.all([
      db
        .selectFrom("learning_posts as p")
        .innerJoin("users as u", "u.user_id", "p.author_user_id")
        .select(postColumns)
        .where("p.post_id", "in", postIds)
        .execute(),
      db
        .selectFrom("learning_post_ideas")
        .selectAll()
        .where("post_id", "in", postIds)
        .orderBy("position")
        .execute(),
      db
        .selectFrom("learning_post_measures")
        .selectAll()
        .where("post_id", "in", postIds)
        .orderBy("position")
        .execute(),
    ]);
    const byId = new Map(
      rows.map((r): [number, Post] => [
        Number(r.post_id),
        {
          postId: Number(r.post_id),
          networkId: r.network_id,
          authorUserId: Number(r.author_user_id),
          authorName: r.display_name,
          orgCode: r.org_code,
          kind: r.kind,
          title: r.title,
          body: r.body,
          changeDate: r.change_date,
          topic: r.topic,
          careSetting: r.care_setting,
          visibility: r.visibility,
          status: r.status,
          publishedAt: r.published_at,
          nominatedAt: r.nominated_at,
          featuredAt: r.featured_at,
          updatedAt: r.updated_at,
          ideas: ideas
            .filter((i) => Number(i.post_id) === Number(r.post_id))
            .map((i) => ({ guideId: i.guide_id, changeIdeaId: i.change_idea_id })),
          measures: measures
            .filter((m) => Number(m.post_id) === Number(r.post_id))
            .map((m) => {
              const verdict = verdictOf(m.verdict);
              return {
                metricId: m.metric_id,
                verdict:
                  verdict && m.computed_at
                    ? {
                        verdict,
                        reason: m.reason ?? "",
                        pointsSince: m.points_since ?? 0,
                        baselinePoints: m.baseline_points ?? 0,
                        provisional: m.provisional ?? false,
                        dataVersion: m.data_version ?? "",
                        computedAt: m.computed_at,
                      }
                    : null,
              };
            }),
        },
      ]),
    );
    return postIds.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    async insertPost(post) {
      return db.transaction().execute(async (trx) => {
        const { post_id } = await trx
          .insertInto("learning_posts")
          .values({
            network_id: post.networkId,
            author_user_id: post.authorUserId,
            org_code: post.orgCode,
            kind: post.kind,
            title: post.title,
            body: post.body,
            change_date: post.changeDate,
            topic: post.topic,
            care_setting: post.careSetting,
            visibility: post.visibility,
          })
          .returning("post_id")
          .executeTakeFirstOrThrow();
        const postId = Number(post_id);
        if (post.ideas.length)
          await trx
            .insertInto("learning_post_ideas")
            .values(
              post.ideas.map((i, position) => ({
                post_id: postId,
                guide_id: i.guideId,
                change_idea_id: i.changeIdeaId,
                position,
              })),
            )
            .execute();
        if (post.metricIds.length)
          await trx
            .insertInto("learning_post_measures")
            .values(
              post.metricIds.map((metric_id, position) => ({
                post_id: postId,
                metric_id,
                position,
              })),
            )
            .execute();
        return postId;
      });
    },
    async updateDraft(postId, c) {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("learning_posts")
          .set({
            org_code: c.orgCode,
            kind: c.kind,
            title: c.title,
            body: c.body,
            change_date: c.changeDate,
            topic: c.topic,
            care_setting: c.careSetting,
            visibility: c.visibility,
            updated_at: new Date(),
          })
          .where("post_id", "=", postId)
          .where("status", "=", "draft")
          .returning("post_id")
          .executeTakeFirst();
        if (!updated) return false;
        await trx.deleteFrom("learning_post_ideas").where("post_id", "=", postId).execute();
        await trx.deleteFrom("learning_post_measures").where("post_id", "=", postId).execute();
        if (c.ideas.length)
          await trx
            .insertInto("learning_post_ideas")
            .values(
              c.ideas.map((i, position) => ({
                post_id: postId,
                guide_id: i.guideId,
                change_idea_id: i.changeIdeaId,
                position,
              })),
            )
            .execute();
        if (c.metricIds.length)
          await trx
            .insertInto("learning_post_measures")
            .values(
              c.metricIds.map((metric_id, position) => ({ post_id: postId, metric_id, position })),
            )
            .execute();
        return true;
      });
    },
    async publish(postId, at) {
      const row = await db
        .updateTable("learning_posts")
        .set({ status: "published", published_at: at, updated_at: at })
        .where("post_id", "=", postId)
        .where("status", "=", "draft")
        .returning("post_id")
        .executeTakeFirst();
      return row !== undefined;
    },
    async post(postId) {
      const [post] = await load([postId]);
      if (!post) return null;
      const [updates, comments, changes] = await Promise.all([
        db
          .selectFrom("learning_updates")
          .selectAll()
          .where("post_id", "=", postId)
          .orderBy("created_at")
          .orderBy("update_id")
          .execute(),
        db
          .selectFrom("learning_comments as c")
          .innerJoin("users as u", "u.user_id", "c.author_user_id")
          .select(["c.comment_id", "c.author_user_id", "u.display_name", "c.body", "c.created_at"])
          .where("c.post_id", "=", postId)
          .orderBy("c.created_at")
          .orderBy("c.comment_id")
          .execute(),
        db
          .selectFrom("learning_verdict_changes")
          .selectAll()
          .where("post_id", "=", postId)
          .orderBy("changed_at")
          .orderBy("change_id")
          .execute(),
      ]);
      const full: PostInFull = {
        ...post,
        updates: updates.map((u) => ({
          updateId: Number(u.update_id),
          body: u.body,
          createdAt: u.created_at,
        })),
        comments: comments.map((c) => ({
          commentId: Number(c.comment_id),
          authorUserId: Number(c.author_user_id),
          authorName: c.display_name,
          body: c.body,
          createdAt: c.created_at,
        })),
        verdictChanges: changes.flatMap((c) => {
          const from = verdictOf(c.from_verdict);
          const to = verdictOf(c.to_verdict);
          return from && to ? [{ metricId: c.metric_id, from, to, changedAt: c.changed_at }] : [];
        }),
      };
      return full;
    },
    async drafts(networkId, authorUserId) {
      const rows = await db
        .selectFrom("learning_posts")
        .select("post_id")
        .where("network_id", "=", networkId)
        .where("author_user_id", "=", authorUserId)
        .where("status", "=", "draft")
        .orderBy("updated_at", "desc")
        .execute();
      return load(rows.map((r) => Number(r.post_id)));
    },
    async feed(reach, filter, page) {
      const where = feedWhere(reach, filter);
      const [{ rows }, { rows: count }] = await Promise.all([
        sql<{ post_id: string }>`
          SELECT p.post_id::text FROM learning_posts p WHERE ${where}
          ORDER BY p.featured_at DESC NULLS LAST, p.published_at DESC, p.post_id DESC
          LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
        sql<{
          total: string;
        }>`SELECT count(*)::text AS total FROM learning_posts p WHERE ${where}`.execute(db),
      ]);
      return {
        posts: await load(rows.map((r) => Number(r.post_id))),
        total: Number(count[0]?.total ?? 0),
      };
    },
    async published(reach, filter, page) {
      const before =
        page.beforePostId === undefined ? sql`TRUE` : sql`p.post_id < ${page.beforePostId}`;
      const { rows } = await sql<{ post_id: string }>`
        SELECT p.post_id::text FROM learning_posts p WHERE ${feedWhere(reach, filter)} AND ${before}
        ORDER BY p.post_id DESC LIMIT ${page.limit}`.execute(db);
      return load(rows.map((r) => Number(r.post_id)));
    },
    async measuresToJudge() {
      const rows = await db
        .selectFrom("learning_post_measures as m")
        .innerJoin("learning_posts as p", "p.post_id", "m.post_id")
        .select([
          "m.post_id",
          "p.org_code",
          "m.metric_id",
          "p.change_date",
          "m.verdict",
          "m.data_version",
        ])
        .where("p.status", "=", "published")
        .orderBy("m.post_id")
        .orderBy("m.position")
        .execute();
      return rows.map((r) => ({
        postId: Number(r.post_id),
        orgCode: r.org_code,
        metricId: r.metric_id,
        changeDate: r.change_date,
        current: verdictOf(r.verdict),
        dataVersion: r.data_version,
      }));
    },
    async saveVerdict(postId, metricId, v, changedFrom) {
      await db.transaction().execute(async (trx) => {
        // Only over an older data version: two processes refreshing after the same import
        // store (and record a change) once.
        const updated = await trx
          .updateTable("learning_post_measures")
          .set({
            verdict: v.verdict,
            reason: v.reason,
            points_since: v.pointsSince,
            baseline_points: v.baselinePoints,
            provisional: v.provisional,
            data_version: v.dataVersion,
            computed_at: v.computedAt,
          })
          .where("post_id", "=", postId)
          .where("metric_id", "=", metricId)
          .where((eb) =>
            eb.or([eb("data_version", "is", null), eb("data_version", "!=", v.dataVersion)]),
          )
          .returning("post_id")
          .executeTakeFirst();
        if (updated && changedFrom !== null)
          await trx
            .insertInto("learning_verdict_changes")
            .values({
              post_id: postId,
              metric_id: metricId,
              from_verdict: changedFrom,
              to_verdict: v.verdict,
              changed_at: v.computedAt,
            })
            .execute();
      });
    },
    async addUpdate(postId, body, at) {
      await db
        .insertInto("learning_updates")
        .values({ post_id: postId, body, created_at: at })
        .execute();
    },
    async addComment(postId, authorUserId, body, at) {
      const { comment_id } = await db
        .insertInto("learning_comments")
        .values({ post_id: postId, author_user_id: authorUserId, body, created_at: at })
        .returning("comment_id")
        .executeTakeFirstOrThrow();
      return Number(comment_id);
    },
    async deleteComment(postId, commentId) {
      const r = await db
        .deleteFrom("learning_comments")
        .where("post_id", "=", postId)
        .where("comment_id", "=", commentId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async nominate(postId, byUserId, at) {
      await db
        .updateTable("learning_posts")
        .set({ nominated_at: at, nominated_by: byUserId })
        .where("post_id", "=", postId)
        .where("nominated_at", "is", null)
        .execute();
    },
    async feature(postId, byUserId, at) {
      await db
        .updateTable("learning_posts")
        .set({ featured_at: at, featured_by: at ? byUserId : null })
        .where("post_id", "=", postId)
        .execute();
    },
  };
}
