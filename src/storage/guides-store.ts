/**
 * Guides over PostgreSQL (the port is src/guides/store.ts; the tables, migration 015). Content
 * read back is checked by the same schema that checked it going in, so a row edited by hand
 * fails loudly rather than rendering half a guide.
 */
import { guideVersionSchema, type GuideVersion } from "../guides/types.js";
import type { GuideStore } from "../guides/store.js";
import { parseVersion } from "../guides/versions.js";
import type { Db } from "./schema.js";

const parse = (content: unknown): GuideVersion => guideVersionSchema.parse(content);

export function createGuideStore(db: Db): GuideStore {
  return {
    async versions(guideId) {
      let query = db
        .selectFrom("guide_versions")
        .select("content")
        .orderBy("guide_id")
        .orderBy("major")
        .orderBy("minor");
      if (guideId !== undefined) query = query.where("guide_id", "=", guideId);
      return (await query.execute()).map((r) => parse(r.content));
    },
    async revision() {
      const row = await db
        .selectFrom("guide_versions")
        .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.max("created_at").as("newest")])
        .executeTakeFirstOrThrow();
      return `${row.n}:${row.newest ? new Date(row.newest).toISOString() : ""}`;
    },
    async version(guideId, version) {
      const row = await db
        .selectFrom("guide_versions")
        .select("content")
        .where("guide_id", "=", guideId)
        .where("version", "=", version)
        .executeTakeFirst();
      return row ? parse(row.content) : null;
    },
    async insertVersion(v, publishedBy) {
      const [major, minor] = parseVersion(v.version);
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto("guides")
          .values({ guide_id: v.guideId })
          .onConflict((oc) => oc.column("guide_id").doNothing())
          .execute();
        const inserted = await trx
          .insertInto("guide_versions")
          .values({
            guide_id: v.guideId,
            version: v.version,
            major,
            minor,
            title: v.title,
            status: v.status,
            published_on: v.published,
            content: JSON.stringify(v),
            published_by: publishedBy,
          })
          .onConflict((oc) => oc.columns(["guide_id", "version"]).doNothing())
          .returning("version")
          .executeTakeFirst();
        return inserted !== undefined;
      });
    },
  };
}
