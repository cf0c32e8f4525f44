/**
 * Guide drafts over PostgreSQL (the port is src/guides/authoring/store.ts; the tables, migration
 * 019). A change and its event are one transaction, guarded by the draft's status.
 */
import type { GuideDraftStore } from "../guides/authoring/store.js";
import type { Draft } from "../guides/authoring/types.js";
import type { GuideVersion } from "../guides/types.js";
import type { Db, Tables } from "./schema.js";
import type { Selectable } from "kysely";

type Row = Selectable<Tables["guide_drafts"]>;

const toDraft = (r: Row): Draft => ({
  draftId: Number(r.draft_id),
  guideId: r.guide_id,
  baseVersion: r.base_version,
  version: r.version,
  // Written only by this store from a GuideVersion; checked in full on submit and publish.
  content: r.content as GuideVersion,
  status: r.status,
  authorUserId: Number(r.author_user_id),
  reviewerUserId: r.reviewer_user_id === null ? null : Number(r.reviewer_user_id),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createGuideDraftStore(db: Db): GuideDraftStore {
  return {
    async insert(draft, event) {
      return db.transaction().execute(async (trx) => {
        const { draft_id } = await trx
          .insertInto("guide_drafts")
          .values({
            guide_id: draft.guideId,
            base_version: draft.baseVersion,
            version: draft.version,
            content: JSON.stringify(draft.content),
            author_user_id: draft.authorUserId,
          })
          .returning("draft_id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("guide_draft_events")
          .values({ draft_id: Number(draft_id), ...event })
          .execute();
        return Number(draft_id);
      });
    },
    async draft(draftId) {
      const row = await db
        .selectFrom("guide_drafts")
        .selectAll()
        .where("draft_id", "=", draftId)
        .executeTakeFirst();
      return row ? toDraft(row) : null;
    },
    async recent(limit) {
      const rows = await db
        .selectFrom("guide_drafts")
        .selectAll()
        .orderBy("updated_at", "desc")
        .orderBy("draft_id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toDraft);
    },
    async update(draftId, from, change, event) {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("guide_drafts")
          .set({
            updated_at: new Date(),
            ...(change.content ? { content: JSON.stringify(change.content) } : {}),
            ...(change.status ? { status: change.status } : {}),
            ...(change.reviewerUserId !== undefined
              ? { reviewer_user_id: change.reviewerUserId }
              : {}),
          })
          .where("draft_id", "=", draftId)
          .where("status", "in", [...from])
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        if (event)
          await trx
            .insertInto("guide_draft_events")
            .values({ draft_id: draftId, ...event })
            .execute();
        return true;
      });
    },
    async events(draftId) {
      return db
        .selectFrom("guide_draft_events")
        .select(["at", "actor", "action", "comment"])
        .where("draft_id", "=", draftId)
        .orderBy("event_id")
        .execute();
    },
  };
}
