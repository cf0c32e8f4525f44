/**
 * Report definitions and commentary over PostgreSQL (the port is src/reports/store.ts; the
 * tables, migration 028). Rows are checked as they are read back. Commentary is only ever
 * inserted: the next version is `max + 1` in the INSERT itself, and two saves at once for the
 * same subject, metric and period meet the unique constraint; the loser tries again with the
 * next number, so both versions are kept, in order.
 */
import { sql } from "kysely";
import { z } from "zod";
import { ConflictError } from "../errors.js";
import type { Author, ReportStore, StoredDefinition } from "../reports/store.js";
import type { Commentary } from "../reports/types.js";
import type { Db } from "./schema.js";

const UNIQUE_VIOLATION = "23505";
/** Saves at once for the same metric and period that one save waits through before giving up. */
const APPEND_ATTEMPTS = 10;

const sectionsSchema = z.array(
  z.object({ title: z.string(), metricIds: z.array(z.string()) }).strict(),
);

const definitionRow = z.object({
  id: z.coerce.number().int().positive(),
  subject_key: z.string(),
  title: z.string(),
  description: z.string(),
  sections: sectionsSchema,
  saved_by: z.string().nullable(),
  updated_at: z.date(),
});

const commentaryRow = z.object({
  metric_id: z.string(),
  period: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  version: z.coerce.number().int().positive(),
  text: z.string(),
  author_name: z.string(),
  saved_at: z.date(),
});

function definitionOf(row: unknown): StoredDefinition {
  const r = definitionRow.parse(row);
  return {
    id: r.id,
    subjectKey: r.subject_key,
    title: r.title,
    description: r.description,
    sections: r.sections,
    savedBy: r.saved_by,
    savedAt: r.updated_at,
  };
}

function commentaryOf(row: unknown): Commentary {
  const r = commentaryRow.parse(row);
  return {
    metricId: r.metric_id,
    period: r.period,
    text: r.text,
    version: r.version,
    authorName: r.author_name,
    savedAt: r.saved_at,
  };
}

export function createReportStore(db: Db): ReportStore {
  const definitions = () =>
    db
      .selectFrom("report_definitions as d")
      .leftJoin("users as u", "u.user_id", "d.updated_by")
      .select([
        "d.id",
        "d.subject_key",
        "d.title",
        "d.description",
        "d.sections",
        "d.updated_at",
        "u.display_name as saved_by",
      ])
      .where("d.deleted_at", "is", null);

  const commentary = () =>
    db
      .selectFrom("report_commentary as c")
      .leftJoin("users as u", "u.user_id", "c.author_user_id")
      .select([
        "c.metric_id",
        "c.period",
        "c.version",
        "c.text",
        "c.saved_at",
        sql<string>`coalesce(u.display_name, c.author_label)`.as("author_name"),
      ]);

  return {
    async definitions(subjectKey) {
      const rows = await definitions()
        .where("d.subject_key", "=", subjectKey)
        .orderBy("d.id")
        .execute();
      return rows.map(definitionOf);
    },

    async definition(subjectKey, id) {
      if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
      const row = await definitions()
        .where("d.subject_key", "=", subjectKey)
        .where("d.id", "=", id)
        .executeTakeFirst();
      return row ? definitionOf(row) : null;
    },

    async insertDefinition(subjectKey, input, by: Author, at) {
      const row = await db
        .insertInto("report_definitions")
        .values({
          subject_key: subjectKey,
          title: input.title,
          description: input.description,
          sections: JSON.stringify(input.sections),
          created_by: by.userId,
          updated_by: by.userId,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async updateDefinition(subjectKey, id, input, by, at) {
      const result = await db
        .updateTable("report_definitions")
        .set({
          title: input.title,
          description: input.description,
          sections: JSON.stringify(input.sections),
          updated_by: by.userId,
          updated_at: at,
        })
        .where("subject_key", "=", subjectKey)
        .where("id", "=", id)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteDefinition(subjectKey, id, at) {
      const result = await db
        .updateTable("report_definitions")
        .set({ deleted_at: at })
        .where("subject_key", "=", subjectKey)
        .where("id", "=", id)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async latestByPeriod(subjectKey, metricIds) {
      if (metricIds.length === 0) return [];
      const { rows } = await sql<Record<string, unknown>>`
        SELECT DISTINCT ON (c.metric_id, c.period)
          c.metric_id, c.period::text AS period, c.version, c.text, c.saved_at,
          coalesce(u.display_name, c.author_label) AS author_name
        FROM report_commentary c LEFT JOIN users u ON u.user_id = c.author_user_id
        WHERE c.subject_key = ${subjectKey}
          AND c.metric_id IN (${sql.join(metricIds.map((id) => sql`${id}`))})
        ORDER BY c.metric_id, c.period DESC, c.version DESC`.execute(db);
      return rows.map(commentaryOf);
    },

    async history(subjectKey, metricId) {
      const rows = await commentary()
        .where("c.subject_key", "=", subjectKey)
        .where("c.metric_id", "=", metricId)
        .orderBy("c.period", "desc")
        .orderBy("c.version", "desc")
        .execute();
      return rows.map(commentaryOf);
    },

    async appendCommentary(subjectKey, entry, by, at) {
      for (let attempt = 1; ; attempt++) {
        try {
          const { rows } = await sql<Record<string, unknown>>`
            INSERT INTO report_commentary
              (subject_key, metric_id, period, version, text, author_user_id, author_label, saved_at)
            SELECT ${subjectKey}, ${entry.metricId}, ${entry.period}::date,
              coalesce(max(version), 0) + 1, ${entry.text}, ${by.userId}, ${by.label}, ${at}
            FROM report_commentary
            WHERE subject_key = ${subjectKey} AND metric_id = ${entry.metricId}
              AND period = ${entry.period}::date
            RETURNING metric_id, period::text AS period, version, text, saved_at,
              coalesce((SELECT display_name FROM users WHERE user_id = author_user_id), author_label)
                AS author_name`.execute(db);
          return commentaryOf(rows[0]);
        } catch (e) {
          if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
          if (attempt >= APPEND_ATTEMPTS)
            throw new ConflictError(
              "Others are saving commentary on this metric and period at the same time: try again.",
            );
        }
      }
    },
  };
}
