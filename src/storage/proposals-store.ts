/**
 * The proposal store over PostgreSQL (the port is src/proposals/store.ts; migration 022).
 * Months are kept as the first day of the month (`date`) and given back as YYYY-MM. Rows read
 * back are checked with zod (`STATES`), so a state the code does not know is an error, not a
 * page.
 */
import { sql, type Kysely, type Selectable } from "kysely";
import { z } from "zod";
import { evaluationSnapshotSchema } from "../proposals/evaluation.js";
import { STATES } from "../proposals/states.js";
import type { ProposalStore } from "../proposals/store.js";
import type { MdeRecord, Proposal, ProposalFields } from "../proposals/types.js";
import type { ProposalsTable, Tables } from "./schema.js";

const stateSchema = z.enum(STATES);
const toDate = (month: string) => `${month}-01`;
const toMonth = (date: string) => date.slice(0, 7);

function columns(fields: ProposalFields, mde: MdeRecord | null) {
  return {
    title: fields.title,
    aim: fields.aim,
    approach: fields.approach,
    change_ideas: fields.changeIdeas,
    primary_metric_id: fields.primaryMetricId,
    balancing_metric_ids: fields.balancingMetricIds,
    baseline_start: toDate(fields.baselineStart),
    baseline_end: toDate(fields.baselineEnd),
    planned_start: toDate(fields.plannedStart),
    follow_up_end: toDate(fields.followUpEnd),
    expected_effect: fields.expectedEffect,
    expected_direction: fields.expectedDirection,
    timeline: fields.timeline,
    resources: fields.resources,
    mde: mde?.mde ?? null,
    mde_standard_error: mde?.standardError ?? null,
    mde_placebos: mde?.placebos ?? null,
    mde_participants: mde?.participants ?? null,
    mde_comparators: mde?.comparators ?? null,
    mde_computed_at: mde?.computedAt ?? null,
  };
}

function fromRow(
  r: Selectable<ProposalsTable>,
  orgs: { org_code: string; part: string }[],
): Proposal {
  return {
    proposalId: r.proposal_id,
    networkId: r.network_id,
    state: stateSchema.parse(r.state),
    title: r.title,
    aim: r.aim,
    approach: r.approach,
    changeIdeas: r.change_ideas,
    participants: orgs.filter((o) => o.part === "participant").map((o) => o.org_code),
    comparators: orgs.filter((o) => o.part === "comparator").map((o) => o.org_code),
    primaryMetricId: r.primary_metric_id,
    balancingMetricIds: r.balancing_metric_ids,
    baselineStart: toMonth(r.baseline_start),
    baselineEnd: toMonth(r.baseline_end),
    plannedStart: toMonth(r.planned_start),
    followUpEnd: toMonth(r.follow_up_end),
    expectedEffect: r.expected_effect,
    expectedDirection: r.expected_direction,
    timeline: r.timeline,
    resources: r.resources,
    evaluation: r.evaluation,
    // Kept as the service computed it; read back through the same schema (a record written by
    // a later method that this version cannot read shows as none rather than wrongly).
    evaluationSnapshot:
      r.evaluation_snapshot === null
        ? null
        : (evaluationSnapshotSchema.safeParse(r.evaluation_snapshot).data ?? null),
    mde:
      r.mde_computed_at === null
        ? null
        : {
            mde: r.mde,
            standardError: r.mde_standard_error,
            placebos: r.mde_placebos,
            participants: r.mde_participants ?? 0,
            comparators: r.mde_comparators ?? 0,
            computedAt: r.mde_computed_at,
          },
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createProposalStore(db: Kysely<Tables>): ProposalStore {
  async function organisations(ids: readonly number[]) {
    if (ids.length === 0) return new Map<number, { org_code: string; part: string }[]>();
    const rows = await db
      .selectFrom("proposal_organisations")
      .select(["proposal_id", "org_code", "part"])
      .where("proposal_id", "in", ids)
      .orderBy("org_code")
      .execute();
    const out = new Map<number, { org_code: string; part: string }[]>();
    for (const r of rows) out.set(r.proposal_id, [...(out.get(r.proposal_id) ?? []), r]);
    return out;
  }

  async function setOrganisations(
    trx: Kysely<Tables>,
    proposalId: number,
    fields: ProposalFields,
  ): Promise<void> {
    await trx.deleteFrom("proposal_organisations").where("proposal_id", "=", proposalId).execute();
    const rows = [
      ...fields.participants.map((org_code) => ({
        proposal_id: proposalId,
        org_code,
        part: "participant" as const,
      })),
      ...fields.comparators.map((org_code) => ({
        proposal_id: proposalId,
        org_code,
        part: "comparator" as const,
      })),
    ];
    if (rows.length > 0) await trx.insertInto("proposal_organisations").values(rows).execute();
  }

  return {
    insert(networkId, fields, mde, by, now) {
      return db.transaction().execute(async (trx) => {
        const { proposal_id } = await trx
          .insertInto("proposals")
          .values({
            network_id: networkId,
            state: "draft",
            ...columns(fields, mde),
            created_by: by.userId,
            created_at: now,
            updated_at: now,
          })
          .returning("proposal_id")
          .executeTakeFirstOrThrow();
        await setOrganisations(trx, proposal_id, fields);
        await trx
          .insertInto("proposal_transitions")
          .values({
            proposal_id,
            from_state: null,
            to_state: "draft",
            actor_user_id: by.userId,
            actor_label: by.label,
            at: now,
          })
          .execute();
        return proposal_id;
      });
    },

    update(proposalId, fields, mde, now) {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("proposals")
          .set({ ...columns(fields, mde), updated_at: now })
          .where("proposal_id", "=", proposalId)
          .where("state", "=", "draft")
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) return false;
        await setOrganisations(trx, proposalId, fields);
        return true;
      });
    },

    async byId(proposalId) {
      const row = await db
        .selectFrom("proposals")
        .selectAll()
        .where("proposal_id", "=", proposalId)
        .executeTakeFirst();
      if (!row) return null;
      return fromRow(row, (await organisations([proposalId])).get(proposalId) ?? []);
    },

    async list(filter) {
      let q = db.selectFrom("proposals").selectAll();
      if (filter.networkId !== undefined) q = q.where("network_id", "=", filter.networkId);
      if (filter.states !== undefined) {
        if (filter.states.length === 0) return [];
        q = q.where("state", "in", filter.states);
      }
      // The expression of the index proposals_words (migration 026), character for character.
      if (filter.text)
        q = q.where(
          sql<boolean>`to_tsvector('english', title || ' ' || aim) @@ websearch_to_tsquery('english', ${filter.text})`,
        );
      const rows = await q.orderBy("updated_at", "desc").orderBy("proposal_id", "desc").execute();
      const orgs = await organisations(rows.map((r) => r.proposal_id));
      return rows.map((r) => fromRow(r, orgs.get(r.proposal_id) ?? []));
    },

    transition(proposalId, from, to, by, reason, now, evaluation) {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("proposals")
          .set({
            state: to,
            updated_at: now,
            ...(evaluation !== undefined
              ? {
                  evaluation: evaluation.text,
                  evaluation_snapshot: JSON.stringify(evaluation.snapshot),
                }
              : {}),
          })
          .where("proposal_id", "=", proposalId)
          .where("state", "=", from)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) return false;
        await trx
          .insertInto("proposal_transitions")
          .values({
            proposal_id: proposalId,
            from_state: from,
            to_state: to,
            actor_user_id: by.userId,
            actor_label: by.label,
            reason,
            at: now,
          })
          .execute();
        return true;
      });
    },

    async transitions(proposalId) {
      const rows = await db
        .selectFrom("proposal_transitions")
        .select(["from_state", "to_state", "actor_label", "reason", "at"])
        .where("proposal_id", "=", proposalId)
        .orderBy("at")
        .orderBy("transition_id")
        .execute();
      return rows.map((r) => ({
        fromState: r.from_state === null ? null : stateSchema.parse(r.from_state),
        toState: stateSchema.parse(r.to_state),
        actorLabel: r.actor_label,
        reason: r.reason,
        at: r.at,
      }));
    },

    async addComment(proposalId, by, body, now) {
      await db
        .insertInto("proposal_comments")
        .values({
          proposal_id: proposalId,
          author_user_id: by.userId,
          author_label: by.label,
          body,
          at: now,
        })
        .execute();
    },

    async comments(proposalId) {
      const rows = await db
        .selectFrom("proposal_comments")
        .select(["author_label", "body", "at"])
        .where("proposal_id", "=", proposalId)
        .orderBy("at")
        .orderBy("comment_id")
        .execute();
      return rows.map((r) => ({ authorLabel: r.author_label, body: r.body, at: r.at }));
    },

    async recipients(networkId) {
      const rows = await db
        .selectFrom("role_grants")
        .innerJoin("users", "users.user_id", "role_grants.user_id")
        .select(sql<string>`lower(users.email)`.as("email"))
        .where("users.disabled_at", "is", null)
        .where((eb) =>
          eb.or([
            eb.and([
              eb("role_grants.role", "=", "network_lead"),
              eb("role_grants.scope", "=", networkId),
            ]),
            eb("role_grants.role", "=", "proposal_reviewer"),
          ]),
        )
        .distinct()
        .orderBy("email")
        .execute();
      return rows.map((r) => r.email);
    },
  };
}
