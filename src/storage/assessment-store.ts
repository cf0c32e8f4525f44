/**
 * Self-assessment rounds over PostgreSQL (the port is src/assessments/store.ts; the tables,
 * migration 017). Reads that serve other organisations filter on visibility and status in SQL,
 * so a private round never leaves the database for them.
 */
import type { AssessmentStore } from "../assessments/store.js";
import type { Answer, Round } from "../assessments/types.js";
import type { Db } from "./schema.js";

type RoundRow = {
  round_id: number;
  matrix_id: string;
  org_code: string;
  assessed_on: string;
  status: "draft" | "submitted";
  visibility: "private" | "shared";
  guide_version: string | null;
  submitted_at: Date | null;
  updated_at: Date;
};

const roundColumns = [
  "round_id",
  "matrix_id",
  "org_code",
  "assessed_on",
  "status",
  "visibility",
  "guide_version",
  "submitted_at",
  "updated_at",
] as const;

export function createAssessmentStore(db: Db): AssessmentStore {
  /** The rows with their answers, in the rows' order. */
  async function withAnswers(rows: RoundRow[]): Promise<Round[]> {
    if (rows.length === 0) return [];
    const answers = await db
      .selectFrom("assessment_answers")
      .select(["round_id", "row_id", "score", "evidence"])
      .where(
        "round_id",
        "in",
        rows.map((r) => r.round_id),
      )
      .execute();
    const byRound = new Map<number, Answer[]>();
    for (const a of answers) {
      const list = byRound.get(Number(a.round_id)) ?? [];
      list.push({ rowId: a.row_id, score: a.score, evidence: a.evidence });
      byRound.set(Number(a.round_id), list);
    }
    return rows.map((r) => ({
      roundId: Number(r.round_id),
      matrixId: r.matrix_id,
      orgCode: r.org_code,
      assessedOn: r.assessed_on,
      status: r.status,
      visibility: r.visibility,
      guideVersion: r.guide_version,
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
      answers: byRound.get(Number(r.round_id)) ?? [],
    }));
  }

  return {
    async insertRound(round) {
      return db.transaction().execute(async (trx) => {
        const { round_id } = await trx
          .insertInto("assessment_rounds")
          .values({
            matrix_id: round.matrixId,
            org_code: round.orgCode,
            assessed_on: round.assessedOn,
            guide_version: round.guideVersion,
            started_by: round.startedBy,
          })
          .returning("round_id")
          .executeTakeFirstOrThrow();
        if (round.answers.length)
          await trx
            .insertInto("assessment_answers")
            .values(
              round.answers.map((a) => ({
                round_id: Number(round_id),
                row_id: a.rowId,
                score: a.score,
                evidence: a.evidence,
              })),
            )
            .execute();
        return Number(round_id);
      });
    },
    async round(roundId) {
      const rows = await db
        .selectFrom("assessment_rounds")
        .select(roundColumns)
        .where("round_id", "=", roundId)
        .execute();
      return (await withAnswers(rows))[0] ?? null;
    },
    async rounds(orgCode, matrixId) {
      let query = db
        .selectFrom("assessment_rounds")
        .select(roundColumns)
        .where("org_code", "=", orgCode)
        .orderBy("assessed_on")
        .orderBy("round_id");
      if (matrixId !== undefined) query = query.where("matrix_id", "=", matrixId);
      return withAnswers(await query.execute());
    },
    async saveDraft(roundId, assessedOn, answers, submittedAt) {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("assessment_rounds")
          .set({
            assessed_on: assessedOn,
            updated_at: new Date(),
            ...(submittedAt ? { status: "submitted" as const, submitted_at: submittedAt } : {}),
          })
          .where("round_id", "=", roundId)
          .where("status", "=", "draft")
          .returning("round_id")
          .executeTakeFirst();
        if (!updated) return false;
        await trx.deleteFrom("assessment_answers").where("round_id", "=", roundId).execute();
        if (answers.length)
          await trx
            .insertInto("assessment_answers")
            .values(
              answers.map((a) => ({
                round_id: roundId,
                row_id: a.rowId,
                score: a.score,
                evidence: a.evidence,
              })),
            )
            .execute();
        return true;
      });
    },
    async setVisibility(roundId, visibility) {
      await db
        .updateTable("assessment_rounds")
        .set({ visibility, updated_at: new Date() })
        .where("round_id", "=", roundId)
        .execute();
    },
    async latestShared(matrixId, orgCodes) {
      if (orgCodes.length === 0) return [];
      const rows = await db
        .selectFrom("assessment_rounds")
        .select(roundColumns)
        .distinctOn("org_code")
        .where("matrix_id", "=", matrixId)
        .where("visibility", "=", "shared")
        .where("status", "=", "submitted")
        .where("org_code", "in", [...orgCodes])
        .orderBy("org_code")
        .orderBy("assessed_on", "desc")
        .orderBy("round_id", "desc")
        .execute();
      return withAnswers(rows);
    },
  };
}
