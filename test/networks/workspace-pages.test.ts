/**
 * The network workspace pages over a real database: what the public, a member and someone of
 * another network see, a request to join made and declined through the forms, and guessed ids.
 */
import { appWithSessions } from "../support/signed-in-app.js";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountStore } from "../../src/accounts/store.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { sessionCookieFor } from "../support/sessions.js";
import { asPeople } from "../support/web-client.js";

const ORG_A = "ZZ001";
const ORG_B = "ZZ002";
const NETWORK_N = "london-uec";
const NETWORK_M = "london-elective";

let t: TestDatabase;
let app: FastifyInstance;
let store: AccountStore;
const cookies = new Map<UserCase, string>();
let eventId = 0;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 4, months: 3, seed: 3 });
  await sql`DELETE FROM network_members WHERE network_id = ${NETWORK_N}`.execute(t.db);
  await t.db
    .insertInto("network_members")
    .values({ network_id: NETWORK_N, org_code: ORG_B, origin: "manual", updated_at: new Date() })
    .execute();
  store = createAccountStore(t.db);
  app = await appWithSessions(t);
  await app.ready();
  const grants = caseGrants({ orgA: ORG_A, orgB: ORG_B, networkN: NETWORK_N, networkM: NETWORK_M });
  for (const name of USER_CASES) {
    const user = await store.createUser({
      email: `${name}@example.nhs.uk`,
      displayName: `Person ${name}`,
    });
    for (const grant of grants[name]) await store.addGrant(user.userId, grant, null);
    cookies.set(name, await sessionCookieFor(store, user.userId));
    if (name === "network_lead_N")
      eventId = await composeServices({ db: t.db, pool: t.pool }).networkWorkspaces.createEvent(
        {
          kind: "user",
          userId: user.userId,
          email: user.email,
          displayName: user.displayName,
          grants: grants[name],
        },
        NETWORK_N,
        {
          title: "Secret planning",
          heldOn: "2099-01-01",
          startsAt: "",
          place: "",
          agenda: "<script>x</script> *plan*",
          notes: "",
        },
      );
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const { get, post } = asPeople(() => app, cookies);

describe("the workspace page", () => {
  it("shows the public the letter's leads, organisations and dashboard link, and no people or events", async () => {
    const res = await get(`/networks/${NETWORK_N}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toContain("no-store");
    expect(res.body).toContain("Matthew Trainer");
    expect(res.body).toContain(`href="/group/network:${NETWORK_N}"`);
    expect(res.body).toContain(`href="/org/${ORG_B}"`);
    expect(res.body).not.toContain("Person network_lead_N");
    expect(res.body).not.toContain("Secret planning");
    for (const who of ["network_member_M", "org_member_A"] as const) {
      const other = await get(`/networks/${NETWORK_N}`, who);
      expect(other.body).not.toContain("Person network_lead_N");
      expect(other.body).not.toContain("Secret planning");
    }
  });

  it("shows North East and Yorkshire's note on both its networks", async () => {
    for (const id of ["north-east-and-yorkshire-uec", "north-east-and-yorkshire-elective"]) {
      const res = await get(`/networks/${id}`);
      expect(res.body).toContain("Birju Bartoli");
      expect(res.body).toContain("Phil Wood");
      expect(res.body).toContain("will initially work together");
    }
  });

  it("shows members the people and events; agenda Markdown is sanitised", async () => {
    const res = await get(`/networks/${NETWORK_N}`, "network_member_N");
    expect(res.body).toContain("Person network_lead_N");
    expect(res.body).toContain("Secret planning");
    const event = await get(`/networks/${NETWORK_N}/events/${eventId}`, "network_member_N");
    expect(event.statusCode).toBe(200);
    expect(event.body).toContain("<em>plan</em>");
    expect(event.body).not.toContain("<script>x</script>");
  });

  it("answers 404 to guessed and misplaced event ids, and 400 to malformed ones", async () => {
    expect(
      (await get(`/networks/${NETWORK_N}/events/${eventId}`, "network_lead_M")).statusCode,
    ).toBe(404);
    expect(
      (await get(`/networks/${NETWORK_M}/events/${eventId}`, "network_lead_M")).statusCode,
    ).toBe(404);
    expect((await get(`/networks/${NETWORK_N}/events/999999`, "network_lead_N")).statusCode).toBe(
      404,
    );
    expect((await get(`/networks/${NETWORK_N}/events/abc`, "network_lead_N")).statusCode).toBe(400);
    expect((await get(`/networks/nowhere`)).statusCode).toBe(404);
    expect((await get(`/networks/${NETWORK_N}?feed=0`)).statusCode).toBe(400);
  });
});

describe("asking to join through the forms", () => {
  it("names the field of a bad request, then records a good one", async () => {
    const bad = await post(
      `/networks/${NETWORK_N}/join`,
      { orgCode: "" },
      "org_member_A",
      `/networks/${NETWORK_N}/join`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Choose to join yourself, your organisation, or both");
    // A message past the limit is refused by name, not cut short.
    const long = await post(
      `/networks/${NETWORK_N}/join`,
      { asPerson: "yes", message: "x".repeat(1001) },
      "org_member_A",
      `/networks/${NETWORK_N}/join`,
    );
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain("Your message must be 1000 characters or fewer");
    const good = await post(
      `/networks/${NETWORK_N}/join`,
      { asPerson: "yes", orgCode: ORG_A, message: "Please" },
      "org_member_A",
      `/networks/${NETWORK_N}/join`,
    );
    expect(good.statusCode).toBe(303);
    expect((await get(`/networks/${NETWORK_N}`, "org_member_A")).body).toContain(
      "You asked to join on",
    );
    const members = await get(`/networks/${NETWORK_N}/members`, "network_lead_N");
    expect(members.body).toContain("Person org_member_A");
    expect(members.body).toContain("Please");
    expect((await get(`/networks/${NETWORK_N}/members`, "network_member_N")).body).not.toContain(
      "Please",
    );
  });

  it("a lead declines only with a reason", async () => {
    const [request] = await t.db.selectFrom("network_join_requests").select("request_id").execute();
    const url = `/networks/${NETWORK_N}/requests/${request!.request_id}`;
    const from = `/networks/${NETWORK_N}/members`;
    const noReason = await post(url, { action: "decline", reason: "" }, "network_lead_N", from);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain("Enter the reason for declining");
    expect(
      (
        await post(
          url,
          { action: "decline", reason: "No" },
          "network_member_N",
          `/networks/${NETWORK_N}/events/new`,
        )
      ).statusCode,
    ).toBe(404);
    const declined = await post(
      url,
      { action: "decline", reason: "Ask your CEO first" },
      "network_lead_N",
      from,
    );
    expect(declined.statusCode).toBe(303);
    const row = await t.db
      .selectFrom("network_join_requests")
      .select(["status", "reason"])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "declined", reason: "Ask your CEO first" });
  });
});
