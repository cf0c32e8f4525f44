/**
 * Guide feedback pages over a real database: what another organisation's reader sees of hidden
 * feedback, the authors' CSV (and nobody else's), and the form's errors.
 */
import { appWithSessions } from "../support/signed-in-app.js";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import { caseGrants, USER_CASES, type UserCase } from "../support/actor-cases.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { guideFixture } from "../support/guide-fixture.js";
import { sessionCookieFor } from "../support/sessions.js";

const ORG_A = "ZZ001";
const ORG_B = "ZZ002";

describe("guide feedback pages", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let store: AccountStore;
  let nameA = "";
  const cookies = new Map<UserCase, string>();
  const get = (url: string, who: UserCase) =>
    app.inject({ url, headers: { cookie: cookies.get(who)! } });

  beforeAll(async () => {
    t = await demoDatabase({ orgs: 4, months: 3, seed: 3 });
    store = createAccountStore(t.db);
    app = await appWithSessions(t);
    await app.ready();
    const s = composeServices({ db: t.db, pool: t.pool });
    await s.guides.publish({ kind: "operator", label: "test" }, guideFixture());
    const grants = caseGrants({ orgA: ORG_A, orgB: ORG_B, networkN: "n", networkM: "m" });
    let memberA: Actor | null = null;
    for (const name of USER_CASES) {
      const user = await store.createUser({ email: `${name}@example.nhs.uk`, displayName: name });
      for (const grant of grants[name]) await store.addGrant(user.userId, grant, null);
      cookies.set(name, await sessionCookieFor(store, user.userId));
      if (name === "org_member_A")
        memberA = {
          kind: "user",
          userId: user.userId,
          email: user.email,
          displayName: name,
          grants: grants[name],
        };
    }
    await s.guideFeedback.give(memberA!, {
      guideId: "test-flow",
      version: "1.0",
      orgCode: ORG_A,
      useful: "no",
      tried: "no",
      comment: "@SUM(A1:A9) hidden organisation's comment",
    });
    nameA = (
      await t.db
        .selectFrom("organisations")
        .select("name")
        .where("org_code", "=", ORG_A)
        .executeTakeFirstOrThrow()
    ).name;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it("shows another organisation the feedback but neither the organisation nor the giver", async () => {
    const page = await get("/guides/test-flow/feedback", "org_member_B");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("hidden organisation&#39;s comment");
    expect(page.body).toContain("chose not to be named");
    expect(page.body).not.toContain(nameA);
    expect(page.body).not.toContain(ORG_A);
    expect(page.body).not.toContain("org_member_A");
  });

  it("gives the CSV to authors only, with formulas neutralised", async () => {
    expect((await get("/guides/triage.csv", "org_member_B")).statusCode).toBe(403);
    const csv = await get("/guides/triage.csv?guide=test-flow", "guide_author");
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(ORG_A);
    expect(csv.body).toContain("'@SUM(A1:A9)");
    expect((await get("/guides/triage", "org_member_A")).statusCode).toBe(403);
  });

  it("shows the triage link to authors only", async () => {
    expect((await get("/guides", "guide_author")).body).toContain('href="/guides/triage"');
    expect((await get("/guides", "org_member_A")).body).not.toContain('href="/guides/triage"');
    expect((await get("/guides", "org_member_A")).body).toContain('href="/guides/feedback"');
  });
});
