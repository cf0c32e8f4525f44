/**
 * Network workspaces (issue 17 item 1): joining by request (who may ask, who may decide), events
 * and their actions, and the activity feed's visibility, over a real database. The privacy rule
 * is the point: a network's private items (events, "network" feed items, people) never reach
 * someone outside the network, and a guessed id answers "not found".
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import { anonymous } from "../../src/accounts/actor.js";
import type { MailMessage } from "../../src/accounts/mail.js";
import {
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  SignInRequiredError,
} from "../../src/errors.js";
import { createActivityRecorder } from "../../src/networks/activity.js";
import type { NetworkWorkspaceService } from "../../src/networks/service.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";

const ORG_A = "ZZ001";
const ORG_B = "ZZ002";
const ORG_C = "ZZ003";
const NETWORK_N = "london-uec";
const NETWORK_M = "london-elective";

let t: TestDatabase;
let service: NetworkWorkspaceService;
const sent: MailMessage[] = [];
const actors = new Map<UserCase, Actor>();
const as = (name: UserCase) => actors.get(name)!;
let today = new Date("2026-03-10T12:00:00Z");

beforeAll(async () => {
  t = await demoDatabase({ orgs: 4, months: 3, seed: 3 });
  // Network N starts with organisation B only; A and C are outside it.
  await sql`DELETE FROM network_members WHERE network_id IN (${NETWORK_N}, ${NETWORK_M})`.execute(
    t.db,
  );
  await t.db
    .insertInto("network_members")
    .values({ network_id: NETWORK_N, org_code: ORG_B, origin: "manual", updated_at: new Date() })
    .execute();
  service = composeServices({
    db: t.db,
    pool: t.pool,
    outbox: { enqueue: async (m) => void sent.push(m) },
    now: () => today,
  }).networkWorkspaces;
  const store = createAccountStore(t.db);
  const grants = caseGrants({ orgA: ORG_A, orgB: ORG_B, networkN: NETWORK_N, networkM: NETWORK_M });
  for (const name of USER_CASES) {
    const user = await store.createUser({ email: `${name}@example.nhs.uk`, displayName: name });
    for (const grant of grants[name]) await store.addGrant(user.userId, grant, null);
    actors.set(name, {
      kind: "user",
      userId: user.userId,
      email: user.email,
      displayName: name,
      grants: grants[name],
    });
  }
}, 180_000);

afterAll(async () => {
  await t?.drop();
});

const audited = async (action: string) =>
  await t.db
    .selectFrom("audit_log")
    .select(["action", "outcome", "network_id"])
    .where("action", "=", action)
    .execute();

const join = (asPerson: boolean, orgCode = "", message = "") => ({
  asPerson: asPerson ? "yes" : "",
  orgCode,
  message,
});

describe("joining a network", () => {
  let requestA = 0;

  it("asks a reader who is not signed in to sign in, and refuses someone with no organisation", async () => {
    await expect(service.requestToJoin(anonymous, NETWORK_N, join(true))).rejects.toThrow(
      SignInRequiredError,
    );
    await expect(service.requestToJoin(as("no_roles"), NETWORK_N, join(true))).rejects.toThrow(
      /Only people who belong to an organisation/,
    );
    await expect(
      service.requestToJoin(as("org_member_A"), "no-such-network", join(true)),
    ).rejects.toThrow(NotFoundError);
  });

  it("refuses another organisation, an empty request and an organisation already a member, naming the field", async () => {
    const other = service.requestToJoin(as("org_member_A"), NETWORK_N, join(false, ORG_C));
    await expect(other).rejects.toThrow(InputError);
    await other.catch((e: InputError) =>
      expect(e.problems).toEqual([expect.objectContaining({ column: "orgCode", value: ORG_C })]),
    );
    const empty = service.requestToJoin(as("org_member_A"), NETWORK_N, join(false));
    await empty.catch((e: InputError) => expect(e.problems[0]?.column).toBe("asPerson"));
    await expect(
      service.requestToJoin(as("org_member_B"), NETWORK_N, join(false, ORG_B)),
    ).rejects.toThrow(/already a member/);
    expect(await t.db.selectFrom("network_join_requests").selectAll().execute()).toEqual([]);
  });

  it("records a request once, audited and in the members' feed", async () => {
    requestA = await service.requestToJoin(
      as("org_member_A"),
      NETWORK_N,
      join(true, ORG_A, "Hello"),
    );
    expect(requestA).toBeGreaterThan(0);
    await expect(
      service.requestToJoin(as("org_member_A"), NETWORK_N, join(true, ORG_A)),
    ).rejects.toThrow(ConflictError);
    expect(await audited("network.join_requested")).toHaveLength(1);
    // The network's lead is told; nobody else is.
    expect(sent.map((m) => m.to)).toEqual(["network_lead_N@example.nhs.uk"]);
    expect(sent[0]!.subject).toBe(
      "org_member_A asked to join London urgent and emergency care LIN",
    );
    expect((await service.myPendingRequest(as("org_member_A"), NETWORK_N))?.requestId).toBe(
      requestA,
    );
  });

  it("lets only a lead of that network (or an administrator) see and decide requests", async () => {
    for (const who of [
      "org_member_A",
      "network_member_N",
      "network_lead_M",
      "org_analyst_B",
    ] as const) {
      expect(await service.pendingRequests(as(who), NETWORK_N)).toEqual([]);
      await expect(service.approve(as(who), NETWORK_N, requestA)).rejects.toThrow(NotFoundError);
      await expect(service.decline(as(who), NETWORK_N, requestA, "No")).rejects.toThrow(
        NotFoundError,
      );
    }
    await expect(service.approve(anonymous, NETWORK_N, requestA)).rejects.toThrow(NotFoundError);
    // A lead of network M cannot reach N's request through M's address either.
    await expect(service.approve(as("network_lead_M"), NETWORK_M, requestA)).rejects.toThrow(
      NotFoundError,
    );
    expect(
      (await service.pendingRequests(as("network_lead_N"), NETWORK_N)).map((r) => r.requestId),
    ).toEqual([requestA]);
    expect((await service.pendingRequests(as("national_admin"), NETWORK_N)).length).toBe(1);
  });

  it("approves: the person's grant and the organisation's membership, audited, notified, in the feed", async () => {
    sent.length = 0;
    await service.approve(as("network_lead_N"), NETWORK_N, requestA);
    const grants = await createAccountStore(t.db).grantsOf(
      as("org_member_A").kind === "user" ? (as("org_member_A") as { userId: number }).userId : 0,
    );
    expect(grants.map((g) => g.role)).toContain("network_member");
    const members = await t.db
      .selectFrom("network_members")
      .select(["org_code", "origin", "active"])
      .where("network_id", "=", NETWORK_N)
      .orderBy("org_code")
      .execute();
    expect(members).toEqual([
      { org_code: ORG_A, origin: "manual", active: true },
      { org_code: ORG_B, origin: "manual", active: true },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: "notification", to: "org_member_A@example.nhs.uk" });
    expect(sent[0]!.subject).toMatch(/approved/);
    expect(await audited("network.join_approved")).toEqual([
      { action: "network.join_approved", outcome: "success", network_id: NETWORK_N },
    ]);
    await expect(service.approve(as("network_lead_N"), NETWORK_N, requestA)).rejects.toThrow(
      ConflictError,
    );
    const people = await t.db.selectFrom("network_join_requests").select("status").execute();
    expect(people).toEqual([{ status: "approved" }]);
  });

  it("declines only with a reason, which the requester is sent", async () => {
    const requestB = await service.requestToJoin(
      as("org_analyst_B"),
      NETWORK_N,
      join(true, "", ""),
    );
    await expect(service.decline(as("network_lead_N"), NETWORK_N, requestB, "  ")).rejects.toThrow(
      InputError,
    );
    sent.length = 0;
    await service.decline(
      as("national_admin"),
      NETWORK_N,
      requestB,
      "This network is for operational leads.",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe("org_analyst_B@example.nhs.uk");
    expect(sent[0]!.text).toContain("This network is for operational leads.");
    expect(await audited("network.join_declined")).toHaveLength(1);
    await expect(service.approve(as("network_lead_N"), NETWORK_N, requestB)).rejects.toThrow(
      ConflictError,
    );
    const grants = await t.db
      .selectFrom("role_grants")
      .select("role")
      .where("user_id", "=", (as("org_analyst_B") as { userId: number }).userId)
      .execute();
    expect(grants.map((g) => g.role)).toEqual(["organisation_analyst"]);
  });

  it("lets a lead add an organisation directly, and nobody else", async () => {
    await expect(service.addOrganisation(as("network_member_N"), NETWORK_N, ORG_C)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(service.addOrganisation(as("network_lead_M"), NETWORK_N, ORG_C)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(service.addOrganisation(as("network_lead_N"), NETWORK_N, "ZZ999")).rejects.toThrow(
      /no organisation with the ODS code ZZ999/,
    );
    await service.addOrganisation(as("network_lead_N"), NETWORK_N, ORG_C.toLowerCase());
    await expect(service.addOrganisation(as("network_lead_N"), NETWORK_N, ORG_C)).rejects.toThrow(
      /already a member/,
    );
    expect(await audited("network.organisation_added")).toHaveLength(1);
  });
});

describe("events and actions", () => {
  let eventId = 0;
  const meeting = {
    title: "Discharge before noon",
    heldOn: "2026-03-20",
    startsAt: "09:30",
    place: "Online",
    agenda: "1. Welcome\n2. Data",
    notes: "",
  };

  it("lets members and leads add events, naming each bad field", async () => {
    const bad = service.createEvent(as("network_member_N"), NETWORK_N, {
      ...meeting,
      title: " ",
      heldOn: "2026-02-30",
      startsAt: "25:00",
    });
    await expect(bad).rejects.toThrow(InputError);
    await bad.catch((e: InputError) =>
      expect(e.problems.map((p) => p.column)).toEqual(["title", "heldOn", "startsAt"]),
    );
    eventId = await service.createEvent(as("network_member_N"), NETWORK_N, meeting);
    await service.createEvent(as("network_lead_N"), NETWORK_N, {
      ...meeting,
      title: "Kick-off",
      heldOn: "2026-01-15",
      startsAt: "",
    });
    const { upcoming, past } = await service.events(as("network_lead_N"), NETWORK_N);
    expect(upcoming.map((e) => e.title)).toEqual(["Discharge before noon"]);
    expect(past.map((e) => e.title)).toEqual(["Kick-off"]);
    expect(await audited("network.event_created")).toHaveLength(2);
  });

  it("answers 404 to everyone outside the network, and to a guessed id of another network", async () => {
    await expect(service.events(anonymous, NETWORK_N)).rejects.toThrow(SignInRequiredError);
    for (const who of [
      "no_roles",
      "org_member_B",
      "network_member_M",
      "network_lead_M",
      "guide_author",
    ] as const) {
      await expect(service.events(as(who), NETWORK_N)).rejects.toThrow(NotFoundError);
      await expect(service.event(as(who), NETWORK_N, eventId)).rejects.toThrow(NotFoundError);
      await expect(service.createEvent(as(who), NETWORK_N, meeting)).rejects.toThrow(NotFoundError);
    }
    await expect(service.event(as("network_lead_M"), NETWORK_M, eventId)).rejects.toThrow(
      NotFoundError,
    );
    await expect(service.event(as("network_lead_N"), NETWORK_N, 999_999)).rejects.toThrow(
      NotFoundError,
    );
    expect((await service.event(as("national_admin"), NETWORK_N, eventId)).title).toBe(
      meeting.title,
    );
  });

  it("edits an event and adds notes after it", async () => {
    await service.updateEvent(as("network_lead_N"), NETWORK_N, eventId, {
      ...meeting,
      notes: "We agreed **three** tests.",
    });
    expect((await service.event(as("network_member_N"), NETWORK_N, eventId)).notes).toBe(
      "We agreed **three** tests.",
    );
    await expect(
      service.updateEvent(as("network_member_M"), NETWORK_N, eventId, meeting),
    ).rejects.toThrow(NotFoundError);
  });

  it("adds actions owned by a member person or a named person, and members mark them done", async () => {
    const member = as("network_member_N") as { userId: number };
    const outsider = as("network_member_M") as { userId: number };
    const bad = service.addAction(as("network_member_N"), NETWORK_N, eventId, {
      text: "",
      ownerUserId: String(outsider.userId),
      ownerName: "",
      dueOn: "soon",
    });
    await bad.catch((e: InputError) =>
      expect(e.problems.map((p) => p.column)).toEqual(["text", "ownerUserId", "dueOn"]),
    );
    await expect(bad).rejects.toThrow(InputError);
    const a1 = await service.addAction(as("network_member_N"), NETWORK_N, eventId, {
      text: "Share the discharge data",
      ownerUserId: String(member.userId),
      ownerName: "",
      dueOn: "2026-04-01",
    });
    await service.addAction(as("network_lead_N"), NETWORK_N, eventId, {
      text: "Book the room",
      ownerUserId: "",
      ownerName: "Pat Jones (not on the hub)",
      dueOn: "",
    });
    let event = await service.event(as("network_lead_N"), NETWORK_N, eventId);
    expect(event.actions.map((a) => [a.ownerName, a.ownerUserId, a.dueOn, a.doneAt])).toEqual([
      ["network_member_N", member.userId, "2026-04-01", null],
      ["Pat Jones (not on the hub)", null, null, null],
    ]);
    await expect(
      service.setActionDone(as("network_lead_M"), NETWORK_N, eventId, a1, true),
    ).rejects.toThrow(NotFoundError);
    await service.setActionDone(as("network_member_N"), NETWORK_N, eventId, a1, true);
    event = await service.event(as("network_lead_N"), NETWORK_N, eventId);
    expect(event.actions[0]!.doneAt).toEqual(today);
    await service.setActionDone(as("network_lead_N"), NETWORK_N, eventId, a1, false);
    expect(
      (await service.event(as("network_lead_N"), NETWORK_N, eventId)).actions[0]!.doneAt,
    ).toBeNull();
    expect(await audited("network.action_done")).toHaveLength(1);
    expect(await audited("network.action_reopened")).toHaveLength(1);
    await expect(
      service.setActionDone(as("network_lead_N"), NETWORK_N, eventId, 999_999, true),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("the activity feed", () => {
  it("shows 'network' items only to the network's members, leads and administrators", async () => {
    const kinds = async (who: Actor) =>
      (await service.feed(who, NETWORK_N)).items.map((i) => i.kind);
    const forPublic = await kinds(anonymous);
    expect(forPublic).toEqual(["organisation.joined", "organisation.joined"]);
    for (const who of ["no_roles", "org_member_B", "network_member_M", "network_lead_M"] as const)
      expect(await kinds(as(who))).toEqual(forPublic);
    const forMember = await kinds(as("network_member_N"));
    expect(forMember).toContain("event.created");
    expect(forMember).toContain("member.joined");
    expect(forMember).toContain("action.done");
    expect(await kinds(as("national_admin"))).toEqual(forMember);
    // Newest first.
    const items = (await service.feed(as("network_lead_N"), NETWORK_N)).items;
    expect(items.map((i) => i.activityId)).toEqual(
      [...items.map((i) => i.activityId)].sort((a, b) => b - a),
    );
  });

  it("pages the feed, newest first", async () => {
    const recorder = createActivityRecorder({
      store: {
        insertActivity: (i) =>
          t.db
            .insertInto("network_activity")
            .values({
              network_id: i.networkId,
              at: i.at,
              kind: i.kind,
              summary: i.summary,
              href: i.href,
              actor_user_id: i.actorUserId,
              visibility: i.visibility,
            })
            .execute()
            .then(() => undefined),
      },
      now: () => today,
    });
    for (let i = 1; i <= 25; i++)
      await recorder.record({
        networkId: NETWORK_N,
        kind: "test.posted",
        summary: `Post ${i}`,
        href: `/x/${i}`,
        actorUserId: null,
        visibility: "public",
      });
    const first = await service.feed(anonymous, NETWORK_N, 1);
    expect(first.total).toBe(27);
    expect(first.pages).toBe(2);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.summary).toBe("Post 25");
    const second = await service.feed(anonymous, NETWORK_N, 2);
    expect(second.items.map((i) => i.kind)).toEqual([
      "test.posted",
      "test.posted",
      "test.posted",
      "test.posted",
      "test.posted",
      "organisation.joined",
      "organisation.joined",
    ]);
    expect((await service.feed(anonymous, NETWORK_M)).items).toEqual([]);
  });

  it("refuses a malformed kind or a link off the site", async () => {
    const recorder = createActivityRecorder({
      store: { insertActivity: async () => {} },
      now: () => today,
    });
    const item = {
      networkId: NETWORK_N,
      kind: "event.created",
      summary: "S",
      href: "/a",
      actorUserId: null,
      visibility: "public" as const,
    };
    await expect(recorder.record({ ...item, kind: "Event" })).rejects.toThrow(/malformed/);
    await expect(recorder.record({ ...item, href: "https://example.com" })).rejects.toThrow(
      /site-relative/,
    );
    await expect(recorder.record({ ...item, href: "//example.com" })).rejects.toThrow(
      /site-relative/,
    );
  });
});

describe("the workspace", () => {
  it("shows the public its public parts only", async () => {
    today = new Date("2026-03-10T12:00:00Z");
    const w = await service.workspace(anonymous, NETWORK_N);
    expect(w.isMember).toBe(false);
    expect(w.people).toEqual([]);
    expect(w.leads).toEqual([]);
    expect(w.upcoming).toEqual([]);
    expect(w.organisations.map((o) => o.orgCode).sort()).toEqual([ORG_A, ORG_B, ORG_C]);
    expect(w.network.leads.map((l) => l.name)).toEqual(["Matthew Trainer"]);
    const outsider = await service.workspace(as("network_lead_M"), NETWORK_N);
    expect(outsider.people).toEqual([]);
    expect(outsider.pendingRequests).toEqual([]);
    await expect(service.workspace(anonymous, "nowhere")).rejects.toThrow(NotFoundError);
  });

  it("shows members the people and events, leads with deputies flagged", async () => {
    const lead = as("network_lead_N") as { userId: number };
    await expect(
      service.setDeputy(as("network_member_N"), NETWORK_N, lead.userId, true),
    ).rejects.toThrow(ForbiddenError);
    await service.setDeputy(as("national_admin"), NETWORK_N, lead.userId, true);
    const w = await service.workspace(as("network_member_N"), NETWORK_N);
    expect(w.isMember).toBe(true);
    expect(w.leads.map((p) => [p.displayName, p.deputy])).toEqual([["network_lead_N", true]]);
    expect(w.people.map((p) => p.displayName)).toEqual(["network_member_N", "org_member_A"]);
    expect(w.upcoming.map((e) => e.title)).toEqual(["Discharge before noon"]);
  });
});
