/**
 * Guide feedback over PostgreSQL (the port is src/guides/feedback/store.ts; the tables,
 * migration 018). References of given items come from their id (FB-0001); samples keep theirs.
 */
import { sql } from "kysely";
import type { GuideFeedbackStore } from "../guides/feedback/store.js";
import type { FeedbackFilter, FeedbackItem } from "../guides/feedback/types.js";
import type { Db } from "./schema.js";

export function createGuideFeedbackStore(db: Db): GuideFeedbackStore {
  function base() {
    return db
      .selectFrom("guide_feedback as f")
      .leftJoin("organisations as o", "o.org_code", "f.org_code")
      .selectAll("f")
      .select("o.name as org_name");
  }
  type Row = Awaited<ReturnType<ReturnType<typeof base>["executeTakeFirstOrThrow"]>>;
  const toItem = (r: Row): FeedbackItem => ({
    ref: r.ref,
    guideId: r.guide_id,
    version: r.version,
    sectionId: r.section_id,
    changeIdeaId: r.change_idea_id,
    userId: r.user_id === null ? null : Number(r.user_id),
    orgCode: r.org_code,
    orgName: r.org_name ?? null,
    showOrg: r.show_org,
    useful: r.useful,
    tried: r.tried,
    worked: r.worked,
    change: r.change_text,
    comment: r.comment,
    status: r.status,
    plannedFor: r.planned_for,
    landedIn: r.landed_in,
    reason: r.reason,
    response: r.response,
    sample: r.sample,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    answeredAt: r.answered_at,
    seenByGiverAt: r.seen_by_giver_at,
  });
  function filtered(f: FeedbackFilter & { userId?: number }) {
    let q = base();
    if (f.guideId) q = q.where("f.guide_id", "=", f.guideId);
    if (f.version) q = q.where("f.version", "=", f.version);
    if (f.sectionId) q = q.where("f.section_id", "=", f.sectionId);
    if (f.status) q = q.where("f.status", "=", f.status);
    if (f.userId !== undefined) q = q.where("f.user_id", "=", f.userId);
    return q;
  }

  return {
    async insert(item, userId, actor, at) {
      return db.transaction().execute(async (trx) => {
        const { feedback_id } = await trx
          .insertInto("guide_feedback")
          .values({
            ref: `PENDING-${Date.now()}${Math.floor(Math.random() * 1e6)}`,
            guide_id: item.guideId,
            version: item.version,
            section_id: item.sectionId,
            change_idea_id: item.sectionId ? item.changeIdeaId : null,
            user_id: userId,
            org_code: item.orgCode,
            show_org: item.showOrg,
            useful: item.useful,
            tried: item.tried,
            worked: item.tried === "yes" ? item.worked : null,
            change_text: item.change,
            comment: item.comment,
            response: "",
            reason: null,
            planned_for: null,
            landed_in: null,
            status: "new",
            sample: false,
            created_at: at,
            updated_at: at,
          })
          .returning("feedback_id")
          .executeTakeFirstOrThrow();
        const ref = `FB-${String(feedback_id).padStart(4, "0")}`;
        await trx
          .updateTable("guide_feedback")
          .set({ ref })
          .where("feedback_id", "=", feedback_id)
          .execute();
        await trx
          .insertInto("guide_feedback_events")
          .values({ feedback_id, at, actor, what: "Given" })
          .execute();
        return ref;
      });
    },
    async insertSample(guideId, s) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("guide_feedback")
          .values({
            ref: s.ref,
            guide_id: guideId,
            version: s.version,
            section_id: s.section ?? null,
            change_idea_id: s.changeIdea ?? null,
            user_id: null,
            org_code: null,
            show_org: false,
            useful: s.useful,
            tried: s.tried,
            worked: s.worked ?? null,
            change_text: s.change,
            comment: s.comment,
            status: s.status,
            planned_for: s.status === "planned" ? (s.plannedFor ?? null) : null,
            landed_in: s.status === "done" ? (s.landedIn ?? null) : null,
            reason: s.status === "declined" ? (s.reason ?? null) : null,
            response: s.response,
            sample: true,
            created_at: s.given,
            updated_at: s.given,
            answered_at: s.status === "new" && !s.response ? null : s.given,
          })
          .onConflict((oc) => oc.column("ref").doNothing())
          .returning("feedback_id")
          .executeTakeFirst();
        if (!row) return false;
        await trx
          .insertInto("guide_feedback_events")
          .values({
            feedback_id: row.feedback_id,
            at: s.given,
            actor: "import",
            what: "Illustrative sample loaded",
          })
          .execute();
        return true;
      });
    },
    async byRef(ref) {
      const r = await base().where("f.ref", "=", ref).executeTakeFirst();
      return r ? toItem(r) : null;
    },
    async events(ref) {
      const rows = await db
        .selectFrom("guide_feedback_events as e")
        .innerJoin("guide_feedback as f", "f.feedback_id", "e.feedback_id")
        .select(["e.at", "e.actor", "e.what"])
        .where("f.ref", "=", ref)
        .orderBy("e.at")
        .orderBy("e.event_id")
        .execute();
      return rows.map((r) => ({ at: r.at, actor: r.actor, what: r.what }));
    },
    async list(filter, page) {
      let q = filtered(filter).orderBy("f.created_at", "desc").orderBy("f.feedback_id", "desc");
      if (page) q = q.limit(page.limit).offset(page.offset);
      return (await q.execute()).map(toItem);
    },
    async count(filter) {
      let q = db.selectFrom("guide_feedback as f").select(sql<number>`count(*)::int`.as("n"));
      if (filter.guideId) q = q.where("f.guide_id", "=", filter.guideId);
      if (filter.version) q = q.where("f.version", "=", filter.version);
      if (filter.sectionId) q = q.where("f.section_id", "=", filter.sectionId);
      if (filter.status) q = q.where("f.status", "=", filter.status);
      return (await q.executeTakeFirstOrThrow()).n;
    },
    async answer(ref, c, actor, what, at) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable("guide_feedback")
          .set({
            status: c.status,
            planned_for: c.plannedFor,
            landed_in: c.landedIn,
            reason: c.reason,
            response: c.response,
            updated_at: at,
            answered_at: at,
          })
          .where("ref", "=", ref)
          .returning("feedback_id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("guide_feedback_events")
          .values({ feedback_id: row.feedback_id, at, actor, what })
          .execute();
      });
    },
    async markSeen(userId, at) {
      await db
        .updateTable("guide_feedback")
        .set({ seen_by_giver_at: at })
        .where("user_id", "=", userId)
        .execute();
    },
    async giverEmail(userId) {
      const r = await db
        .selectFrom("users")
        .select("email")
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return r?.email ?? null;
    },
  };
}
