/**
 * Network workspaces over PostgreSQL (the port is src/networks/store.ts; the tables, migration
 * 020). The feed filters visibility in SQL, so a "network" item never leaves the database for a
 * reader who may not see it.
 */
import { sql } from "kysely";
import type { NetworkWorkspaceStore } from "../networks/store.js";
import type { EventAction, JoinRequest, NetworkEvent } from "../networks/types.js";
import type { Db } from "./schema.js";

const eventColumns = [
  "event_id",
  "network_id",
  "title",
  "held_on",
  "starts_at",
  "place",
  "agenda",
  "notes",
  "created_at",
  "updated_at",
] as const;

type EventRow = {
  event_id: number;
  network_id: string;
  title: string;
  held_on: string;
  starts_at: string | null;
  place: string;
  agenda: string;
  notes: string;
  created_at: Date;
  updated_at: Date;
};

const eventOf = (r: EventRow): NetworkEvent => ({
  eventId: Number(r.event_id),
  networkId: r.network_id,
  title: r.title,
  heldOn: r.held_on,
  startsAt: r.starts_at,
  place: r.place,
  agenda: r.agenda,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createNetworkWorkspaceStore(db: Db): NetworkWorkspaceStore {
  const requests = () =>
    db
      .selectFrom("network_join_requests as r")
      .innerJoin("users as u", "u.user_id", "r.user_id")
      .select([
        "r.request_id",
        "r.network_id",
        "r.user_id",
        "u.display_name",
        "u.email",
        "r.as_person",
        "r.org_code",
        "r.message",
        "r.status",
        "r.reason",
        "r.decided_at",
        "r.created_at",
      ]);
  type RequestRow = Awaited<ReturnType<ReturnType<typeof requests>["execute"]>>[number];
  const requestOf = (r: RequestRow): JoinRequest => ({
    requestId: Number(r.request_id),
    networkId: r.network_id,
    userId: Number(r.user_id),
    displayName: r.display_name,
    email: r.email,
    asPerson: r.as_person,
    orgCode: r.org_code,
    message: r.message,
    status: r.status,
    reason: r.reason,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  });
  const actionOf = (a: {
    action_id: number;
    event_id: number;
    text: string;
    owner_user_id: number | null;
    owner_name: string;
    due_on: string | null;
    done_at: Date | null;
  }): EventAction => ({
    actionId: Number(a.action_id),
    eventId: Number(a.event_id),
    text: a.text,
    ownerUserId: a.owner_user_id === null ? null : Number(a.owner_user_id),
    ownerName: a.owner_name,
    dueOn: a.due_on,
    doneAt: a.done_at,
  });
  const actionColumns = [
    "action_id",
    "event_id",
    "text",
    "owner_user_id",
    "owner_name",
    "due_on",
    "done_at",
  ] as const;

  return {
    async people(networkId) {
      const rows = await db
        .selectFrom("role_grants as g")
        .innerJoin("users as u", "u.user_id", "g.user_id")
        .leftJoin("network_deputies as d", (j) =>
          j.onRef("d.user_id", "=", "g.user_id").on("d.network_id", "=", networkId),
        )
        .select(["u.user_id", "u.display_name", "u.email", "g.role", "d.user_id as deputy"])
        .where("g.scope", "=", networkId)
        .where("g.role", "in", ["network_lead", "network_member"])
        .where("u.disabled_at", "is", null)
        .orderBy("u.display_name")
        .orderBy("u.user_id")
        .execute();
      // A person with both grants is listed once, as a lead.
      const byUser = new Map<number, (typeof rows)[number]>();
      for (const r of rows) {
        const seen = byUser.get(Number(r.user_id));
        if (!seen || r.role === "network_lead") byUser.set(Number(r.user_id), r);
      }
      return [...byUser.values()].map((r) => ({
        userId: Number(r.user_id),
        displayName: r.display_name,
        email: r.email,
        role: r.role === "network_lead" ? ("lead" as const) : ("member" as const),
        deputy: r.role === "network_lead" && r.deputy !== null,
      }));
    },
    async setDeputy(networkId, userId, deputy) {
      if (deputy)
        await db
          .insertInto("network_deputies")
          .values({ network_id: networkId, user_id: userId })
          .onConflict((c) => c.doNothing())
          .execute();
      else
        await db
          .deleteFrom("network_deputies")
          .where("network_id", "=", networkId)
          .where("user_id", "=", userId)
          .execute();
    },
    async addOrganisation(networkId, orgCode) {
      const row = await db
        .insertInto("network_members")
        .values({
          network_id: networkId,
          org_code: orgCode,
          origin: "manual",
          active: true,
          updated_at: new Date(),
        })
        .onConflict((c) =>
          c
            .columns(["network_id", "org_code"])
            .doUpdateSet({ active: true, updated_at: new Date() })
            .where("network_members.active", "=", false),
        )
        .returning("org_code")
        .executeTakeFirst();
      return row !== undefined;
    },
    async insertJoinRequest(r) {
      const { request_id } = await db
        .insertInto("network_join_requests")
        .values({
          network_id: r.networkId,
          user_id: r.userId,
          as_person: r.asPerson,
          org_code: r.orgCode,
          message: r.message,
        })
        .returning("request_id")
        .executeTakeFirstOrThrow();
      return Number(request_id);
    },
    async joinRequest(requestId) {
      const row = await requests().where("r.request_id", "=", requestId).executeTakeFirst();
      return row && requestOf(row);
    },
    async joinRequests(networkId, status) {
      let q = requests().where("r.network_id", "=", networkId).orderBy("r.request_id", "desc");
      if (status) q = q.where("r.status", "=", status);
      return (await q.execute()).map(requestOf);
    },
    async approveJoinRequest(requestId, decidedBy, at) {
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable("network_join_requests")
          .set({ status: "approved", decided_by: decidedBy, decided_at: at })
          .where("request_id", "=", requestId)
          .where("status", "=", "pending")
          .returning(["network_id", "user_id", "as_person", "org_code"])
          .executeTakeFirst();
        if (!r) return false;
        if (r.as_person) {
          const held = await trx
            .selectFrom("role_grants")
            .select("grant_id")
            .where("user_id", "=", r.user_id)
            .where("role", "=", "network_member")
            .where("scope", "=", r.network_id)
            .executeTakeFirst();
          if (!held)
            await trx
              .insertInto("role_grants")
              .values({
                user_id: r.user_id,
                role: "network_member",
                scope: r.network_id,
                granted_by: decidedBy,
                granted_at: at,
              })
              .execute();
        }
        if (r.org_code)
          await trx
            .insertInto("network_members")
            .values({
              network_id: r.network_id,
              org_code: r.org_code,
              origin: "manual",
              active: true,
              updated_at: at,
            })
            .onConflict((c) =>
              c.columns(["network_id", "org_code"]).doUpdateSet({ active: true, updated_at: at }),
            )
            .execute();
        return true;
      });
    },
    async declineJoinRequest(requestId, reason, decidedBy, at) {
      const r = await db
        .updateTable("network_join_requests")
        .set({ status: "declined", reason, decided_by: decidedBy, decided_at: at })
        .where("request_id", "=", requestId)
        .where("status", "=", "pending")
        .returning("request_id")
        .executeTakeFirst();
      return r !== undefined;
    },
    async events(networkId) {
      const rows = await db
        .selectFrom("network_events")
        .select(eventColumns)
        .where("network_id", "=", networkId)
        .orderBy("held_on")
        .orderBy("starts_at")
        .orderBy("event_id")
        .execute();
      return rows.map(eventOf);
    },
    async event(eventId) {
      const row = await db
        .selectFrom("network_events")
        .select(eventColumns)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      if (!row) return undefined;
      const actions = await db
        .selectFrom("network_event_actions")
        .select(actionColumns)
        .where("event_id", "=", eventId)
        .orderBy("action_id")
        .execute();
      return { ...eventOf(row), actions: actions.map(actionOf) };
    },
    async insertEvent(networkId, f, createdBy) {
      const { event_id } = await db
        .insertInto("network_events")
        .values({
          network_id: networkId,
          title: f.title,
          held_on: f.heldOn,
          starts_at: f.startsAt,
          place: f.place,
          agenda: f.agenda,
          notes: f.notes,
          created_by: createdBy,
        })
        .returning("event_id")
        .executeTakeFirstOrThrow();
      return Number(event_id);
    },
    async updateEvent(eventId, f, at) {
      await db
        .updateTable("network_events")
        .set({
          title: f.title,
          held_on: f.heldOn,
          starts_at: f.startsAt,
          place: f.place,
          agenda: f.agenda,
          notes: f.notes,
          updated_at: at,
        })
        .where("event_id", "=", eventId)
        .execute();
    },
    async insertAction(a) {
      const { action_id } = await db
        .insertInto("network_event_actions")
        .values({
          event_id: a.eventId,
          text: a.text,
          owner_user_id: a.ownerUserId,
          owner_name: a.ownerName,
          due_on: a.dueOn,
        })
        .returning("action_id")
        .executeTakeFirstOrThrow();
      return Number(action_id);
    },
    async action(actionId) {
      const row = await db
        .selectFrom("network_event_actions")
        .select(actionColumns)
        .where("action_id", "=", actionId)
        .executeTakeFirst();
      return row && actionOf(row);
    },
    async setActionDone(actionId, doneAt, doneBy) {
      await db
        .updateTable("network_event_actions")
        .set({ done_at: doneAt, done_by: doneBy })
        .where("action_id", "=", actionId)
        .execute();
    },
    async insertActivity(item) {
      await db
        .insertInto("network_activity")
        .values({
          network_id: item.networkId,
          at: item.at,
          kind: item.kind,
          summary: item.summary,
          href: item.href,
          actor_user_id: item.actorUserId,
          visibility: item.visibility,
        })
        .execute();
    },
    async activityPage(networkId, { includeNetwork, offset, limit }) {
      let q = db.selectFrom("network_activity").where("network_id", "=", networkId);
      if (!includeNetwork) q = q.where("visibility", "=", "public");
      const [rows, count] = await Promise.all([
        q
          .select([
            "activity_id",
            "network_id",
            "at",
            "kind",
            "summary",
            "href",
            "actor_user_id",
            "visibility",
          ])
          .orderBy("activity_id", "desc")
          .offset(offset)
          .limit(limit)
          .execute(),
        q.select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(count.n),
        items: rows.map((r) => ({
          activityId: Number(r.activity_id),
          networkId: r.network_id,
          at: r.at,
          kind: r.kind,
          summary: r.summary,
          href: r.href,
          actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
          visibility: r.visibility,
        })),
      };
    },
  };
}
