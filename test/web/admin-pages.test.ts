// The administration pages and sign-up by invitation, over the real database: who may open
// them, the forms (CSRF token from the page, 303 after a POST), and an invitation end to end.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantOf, type Grant } from "../../src/accounts/roles.js";
import { defaultAccountSettings } from "../../src/accounts/settings.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { icbs } from "../../src/metrics/geography.js";
import { networks } from "../../src/metrics/networks.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { recordingOutbox, type RecordingOutbox } from "../support/outbox.js";
import { sessionCookieFor } from "../support/sessions.js";
import { appWithSessions, cookieAfter, signedInPerson } from "../support/signed-in-app.js";
import { csrfOf } from "../support/web-client.js";

let t: TestDatabase;
let app: FastifyInstance;
let store: AccountStore;
let outbox: RecordingOutbox;
const networkId = networks[0]!.id;
const orgCode = icbs[0]!.icbCode;

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  store = createAccountStore(t.db);
  outbox = recordingOutbox();
  app = await appWithSessions(t, {
    outbox,
    accountSettings: { ...defaultAccountSettings, publicUrl: "http://hub.test" },
  });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

let n = 0;
async function signedIn(grants: Grant[] = [], email?: string) {
  n += 1;
  return signedInPerson(
    store,
    { email: email ?? `page${n}@example.nhs.uk`, displayName: `Person ${n}` },
    grants,
  );
}

/** Opens the page with the form (the person's page for its actions), then posts it. */
async function post(url: string, cookie: string, form: Record<string, string>, from?: string) {
  const formPage =
    from ??
    (url.startsWith("/admin/invitations")
      ? "/admin/invitations"
      : (url.match(/^\/admin\/users\/\d+/)?.[0] ?? url));
  const page = await app.inject({ url: formPage, headers: { cookie } });
  return app.inject({
    method: "POST",
    url,
    headers: {
      cookie: cookieAfter(page, cookie),
      "content-type": "application/x-www-form-urlencoded",
    },
    payload: new URLSearchParams({ ...form, _csrf: csrfOf(page.body) }).toString(),
  });
}

describe("administration pages", () => {
  it("send nobody to sign in (401 for JSON) and answer 403 to a network member, privately", async () => {
    const anonymous = await app.inject("/admin/users");
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe("/sign-in?returnTo=%2Fadmin%2Fusers");
    const json = await app.inject({ url: "/admin/users", headers: { accept: "application/json" } });
    expect(json.statusCode).toBe(401);
    const { cookie } = await signedIn([grantOf("network_member", networkId)]);
    for (const url of [
      "/admin",
      "/admin/users",
      "/admin/audit",
      "/admin/sessions",
      "/admin/invitations",
    ]) {
      const res = await app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(403);
      expect(res.headers["cache-control"]).toBe("private, no-store");
    }
  });

  it("an administrator lists, searches and opens people; grants and removes a role", async () => {
    const { cookie } = await signedIn([grantOf("national_admin", "")]);
    const { user } = await signedIn([], "grace.hopper@example.nhs.uk");
    const list = await app.inject({ url: "/admin/users?search=hopper", headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.headers["cache-control"]).toBe("private, no-store");
    expect(list.body).toContain("grace.hopper@example.nhs.uk");
    expect(list.body).not.toContain("page1@example.nhs.uk");

    const url = `/admin/users/${user.userId}`;
    const granted = await post(`${url}/grants`, cookie, { role: "network_member", networkId });
    expect(granted.statusCode).toBe(303);
    expect(granted.headers.location).toBe(`${url}?done=granted`);
    const page = await app.inject({ url: `${url}?done=granted`, headers: { cookie } });
    expect(page.body).toContain("Role granted.");
    expect(page.body).toContain(`Network member for ${networks[0]!.name}`);

    const bad = await post(`${url}/grants`, cookie, {
      role: "organisation_member",
      orgCode: "ZZZ99",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("There is no organisation with the ODS code ZZZ99");
    expect(bad.body).toContain("nhsuk-error-summary");

    const revoked = await post(`${url}/grants/revoke`, cookie, {
      role: "network_member",
      scope: networkId,
    });
    expect(revoked.statusCode).toBe(303);
    expect(await store.grantsOf(user.userId)).toEqual([]);
  });

  it("locks and unlocks; the audit page filters and exports", async () => {
    const { cookie } = await signedIn([grantOf("national_admin", "")]);
    const { user } = await signedIn();
    const url = `/admin/users/${user.userId}`;
    expect((await post(`${url}/lock`, cookie, {})).headers.location).toBe(`${url}?done=locked`);
    const locked = await app.inject({ url: "/admin/users?locked=1", headers: { cookie } });
    expect(locked.body).toContain(user.email);
    expect((await post(`${url}/unlock`, cookie, {})).statusCode).toBe(303);

    const audit = await app.inject({ url: "/admin/audit?action=user.", headers: { cookie } });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain("user.locked");
    expect(audit.body).toContain("Account locked");
    expect(audit.body).toContain('href="/admin/audit.csv?action=user."');
    const csv = await app.inject({ url: "/admin/audit.csv?action=user.", headers: { cookie } });
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("user.unlocked");
    const badFilter = await app.inject({ url: "/admin/audit?from=yesterday", headers: { cookie } });
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.body).toContain("Enter a date as YYYY-MM-DD");
  });

  it("ending a session or disabling an account signs the person out at once", async () => {
    const { cookie } = await signedIn([grantOf("national_admin", "")]);
    const { user, cookie: theirs } = await signedIn();
    const second = await sessionCookieFor(store, user.userId);
    const url = `/admin/users/${user.userId}`;
    const page = await app.inject({ url, headers: { cookie } });
    const sid = page.body.match(/name="sid" value="([0-9a-f]{64})"/)?.[1];
    expect(sid).toBeDefined();
    expect((await post(`${url}/sessions/end`, cookie, { sid: sid! })).statusCode).toBe(303);
    expect(await store.userSessions(user.userId, new Date())).toHaveLength(1);

    expect((await post(`${url}/disable`, cookie, {})).headers.location).toBe(
      `${url}?done=disabled`,
    );
    for (const c of [theirs, second]) {
      const res = await app.inject({ url: "/networks", headers: { cookie: c } });
      expect(res.body).toContain('href="/sign-in"');
    }
    expect(await store.userSessions(user.userId, new Date())).toEqual([]);
    expect((await post(`${url}/enable`, cookie, {})).statusCode).toBe(303);
    expect((await store.userById(user.userId))?.disabledAt).toBeNull();
  });

  it("a network lead's invitation form offers only membership of their network", async () => {
    const { cookie } = await signedIn([grantOf("network_lead", networkId)]);
    const overview = await app.inject({ url: "/admin", headers: { cookie } });
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('href="/admin/invitations"');
    expect(overview.body).not.toContain('href="/admin/users"');
    const res = await app.inject({ url: "/admin/invitations", headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="network_member"');
    expect(res.body).not.toContain('value="national_admin"');
    expect(res.body).not.toContain(`value="${networks[1]!.id}"`);
    const refused = await post("/admin/invitations", cookie, {
      email: "x@example.nhs.uk",
      role: "network_member",
      networkId: networks[1]!.id,
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe("sign-up by invitation", () => {
  it("invite → email link → create account → signed in with the grant", async () => {
    const { cookie } = await signedIn([grantOf("organisation_analyst", orgCode)]);
    const sent = await post("/admin/invitations", cookie, {
      email: "new.colleague@example.nhs.uk",
      role: "organisation_member",
      orgCode,
    });
    expect(sent.statusCode).toBe(303);
    const link = outbox.linkTo("new.colleague@example.nhs.uk");
    const path = new URL(link).pathname;

    const page = await app.inject(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers["referrer-policy"]).toBe("same-origin");
    expect(page.body).toContain("Organisation member for");
    expect(page.body).toMatch(/expires on \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}\./);
    const visitor = cookieAfter(page);
    const form = (fields: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: path,
        headers: { cookie: visitor, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ ...fields, _csrf: csrfOf(page.body) }).toString(),
      });
    const short = await form({ displayName: "New", password: "short", confirmPassword: "short" });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain("at least 12 characters");

    const done = await form({
      displayName: "New Colleague",
      password: "correct horse battery",
      confirmPassword: "correct horse battery",
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/invitations/accepted");
    const session = cookieAfter(done);
    expect(session).not.toBe(visitor);
    const welcome = await app.inject({
      url: "/invitations/accepted",
      headers: { cookie: session },
    });
    expect(welcome.body).toContain("Welcome, New Colleague");
    const user = await store.userByEmail("new.colleague@example.nhs.uk");
    expect((await store.grantsOf(user!.userId)).map((g) => g.role)).toEqual([
      "organisation_member",
    ]);

    const again = await app.inject(path);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain("already been used");
  });

  it("an existing account is sent to sign in, then accepts with one button; another account may not", async () => {
    const { user, cookie } = await signedIn();
    const { cookie: adminCookie } = await signedIn([grantOf("national_admin", "")]);
    await post("/admin/invitations", adminCookie, { email: user.email, role: "guide_author" });
    const path = new URL(outbox.linkTo(user.email)).pathname;
    const anonymous = await app.inject(path);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);

    const { cookie: other } = await signedIn();
    expect((await app.inject({ url: path, headers: { cookie: other } })).statusCode).toBe(403);

    const page = await app.inject({ url: path, headers: { cookie } });
    expect(page.body).toContain("Accept the invitation");
    const accepted = await app.inject({
      method: "POST",
      url: path,
      headers: {
        cookie: cookieAfter(page, cookie),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body) }).toString(),
    });
    expect(accepted.statusCode).toBe(303);
    expect(cookieAfter(accepted)).not.toBe(cookie);
    expect((await store.grantsOf(user.userId)).map((g) => g.role)).toEqual(["guide_author"]);
  });

  it("an unknown link is not found", async () => {
    expect((await app.inject(`/invitations/${"a".repeat(43)}`)).statusCode).toBe(404);
  });

  it("a network lead sees and removes the members of their own network only", async () => {
    const otherNetwork = networks[1]!.id;
    const lead = await signedIn([grantOf("network_lead", networkId)]);
    const mine = await signedIn([grantOf("network_member", networkId)], "mine@example.nhs.uk");
    const theirs = await signedIn(
      [grantOf("network_member", otherNetwork)],
      "theirs@example.nhs.uk",
    );
    const page = await app.inject({ url: "/admin", headers: { cookie: lead.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("People you manage");
    expect(page.body).toContain("mine@example.nhs.uk");
    expect(page.body).not.toContain("theirs@example.nhs.uk");

    const remove = (userId: number, scope: string) =>
      post(
        "/admin/members/revoke",
        lead.cookie,
        { userId: String(userId), role: "network_member", scope },
        "/admin",
      );
    const removed = await remove(mine.user.userId, networkId);
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe("/admin?done=revoked");
    expect(await store.grantsOf(mine.user.userId)).toEqual([]);
    const after = await app.inject({
      url: "/admin?done=revoked",
      headers: { cookie: lead.cookie },
    });
    expect(after.body).toContain("Role removed.");
    expect(after.body).not.toContain("mine@example.nhs.uk");

    expect((await remove(theirs.user.userId, otherNetwork)).statusCode).toBe(403);
    expect(await store.grantsOf(theirs.user.userId)).toHaveLength(1);
    // A member cannot remove anyone, not even a fellow member.
    const fellow = await signedIn([grantOf("network_member", otherNetwork)]);
    const byMember = await post(
      "/admin/members/revoke",
      fellow.cookie,
      { userId: String(theirs.user.userId), role: "network_member", scope: otherNetwork },
      "/account/name",
    );
    expect(byMember.statusCode).toBe(403);
  });

  it("are linked from the header for those who may use them, on cached public pages too", async () => {
    const admin = await signedIn([grantOf("national_admin", "")]);
    const lead = await signedIn([grantOf("network_lead", networkId)]);
    const member = await signedIn([grantOf("network_member", networkId)]);
    const link = /<a[^>]*href="\/admin"[^>]*>\s*Administration/;
    // The member first, so that a cache shared by every signed-in header would show its version.
    const asMember = await app.inject({ url: "/networks", headers: { cookie: member.cookie } });
    const asAdmin = await app.inject({ url: "/networks", headers: { cookie: admin.cookie } });
    const asNobody = await app.inject("/networks");
    expect([asMember.statusCode, asAdmin.statusCode, asNobody.statusCode]).toEqual([200, 200, 200]);
    expect(asAdmin.body).toMatch(link);
    const asLead = await app.inject({ url: "/networks", headers: { cookie: lead.cookie } });
    expect(asLead.body).toMatch(link);
    expect(asMember.body).not.toMatch(link);
    expect(asNobody.body).not.toMatch(link);
    expect(asMember.body).toContain("Your account");
  });
});
