/**
 * Rebase decisions over PostgreSQL (the port is src/rebases/store.ts; the table, migration 023).
 * Rows are checked as they are read back. Recording relies on the partial unique index (one
 * current decision per organisation, metric and period); withdrawing is one conditional update,
 * so two analysts withdrawing at once cannot both succeed.
 */
import { z } from "zod";
import type { NewDecision, RebaseStore } from "../rebases/store.js";
import type { RebaseDecision } from "../rebases/types.js";
import type { Db } from "./schema.js";

const columns = [
  "decision_id",
  "org_code",
  "metric_id",
  "period_start",
  "reason",
  "guide_id",
  "change_idea_id",
  "proposal_id",
  "recorded_by_name",
  "recorded_at",
  "withdrawn_at",
  "withdrawn_by_name",
  "withdrawal_reason",
] as const;

const rowSchema = z.object({
  decision_id: z.coerce.number().int().positive(),
  org_code: z.string(),
  metric_id: z.string(),
  period_start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reason: z.string(),
  guide_id: z.string().nullable(),
  change_idea_id: z.string().nullable(),
  proposal_id: z.coerce.number().int().positive().nullable(),
  recorded_by_name: z.string(),
  recorded_at: z.date(),
  withdrawn_at: z.date().nullable(),
  withdrawn_by_name: z.string().nullable(),
  withdrawal_reason: z.string().nullable(),
});

function decisionOf(row: unknown): RebaseDecision {
  const r = rowSchema.parse(row);
  return {
    decisionId: r.decision_id,
    orgCode: r.org_code,
    metricId: r.metric_id,
    period: r.period_start,
    reason: r.reason,
    changeIdea:
      r.guide_id !== null && r.change_idea_id !== null
        ? { guideId: r.guide_id, changeIdeaId: r.change_idea_id }
        : null,
    proposalId: r.proposal_id,
    recordedBy: r.recorded_by_name,
    recordedAt: r.recorded_at,
    withdrawal:
      r.withdrawn_at !== null
        ? {
            at: r.withdrawn_at,
            by: r.withdrawn_by_name ?? "",
            reason: r.withdrawal_reason ?? "",
          }
        : null,
  };
}

export function createRebaseStore(db: Db): RebaseStore {
  return {
    async insert(d: NewDecision) {
      const row = await db
        .insertInto("rebase_decisions")
        .values({
          org_code: d.orgCode,
          metric_id: d.metricId,
          period_start: d.period,
          reason: d.reason,
          guide_id: d.changeIdea?.guideId ?? null,
          change_idea_id: d.changeIdea?.changeIdeaId ?? null,
          proposal_id: d.proposalId,
          recorded_by_user_id: d.recordedByUserId,
          recorded_by_name: d.recordedBy,
        })
        .onConflict((oc) =>
          oc
            .columns(["org_code", "metric_id", "period_start"])
            .where("withdrawn_at", "is", null)
            .doNothing(),
        )
        .returning(columns)
        .executeTakeFirst();
      return row ? decisionOf(row) : null;
    },

    async decision(decisionId) {
      const row = await db
        .selectFrom("rebase_decisions")
        .select(columns)
        .where("decision_id", "=", decisionId)
        .executeTakeFirst();
      return row ? decisionOf(row) : null;
    },

    async list(orgCode, metricId) {
      let query = db
        .selectFrom("rebase_decisions")
        .select(columns)
        .where("org_code", "=", orgCode)
        .orderBy("recorded_at", "desc")
        .orderBy("decision_id", "desc");
      if (metricId !== undefined) query = query.where("metric_id", "=", metricId);
      return (await query.execute()).map(decisionOf);
    },

    async withdraw(decisionId, by, reason) {
      const row = await db
        .updateTable("rebase_decisions")
        .set({
          withdrawn_at: new Date(),
          withdrawn_by_user_id: by.userId,
          withdrawn_by_name: by.name,
          withdrawal_reason: reason,
        })
        .where("decision_id", "=", decisionId)
        .where("withdrawn_at", "is", null)
        .returning(columns)
        .executeTakeFirst();
      return row ? decisionOf(row) : null;
    },
  };
}
