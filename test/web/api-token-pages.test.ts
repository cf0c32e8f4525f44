// The API tokens pages (src/web/pages/account/api-tokens.ts) over the real database: signed in
// only, a token made, shown once, listed (never its secret), used, revoked after a confirmation;
// field errors shown on the form; CSRF required; another person's token is not found.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Grant } from "../../src/accounts/roles.js";
import type { AccountStore } from "../../src/accounts/store.js";
import type { Services } from "../../src/web/context.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { composeServices } from "../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { sessionCookieFor } from "../support/sessions.js";
import { appWithSessions } from "../support/signed-in-app.js";
import { webClient, type WebClient } from "../support/web-client.js";

let t: TestDatabase;
let app: FastifyInstance;
let store: AccountStore;
let services: Services;

beforeAll(async () => {
  t = await testDatabase();
  app = await appWithSessions(t);
  store = createAccountStore(t.db);
  services = composeServices({ db: t.db });
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

let n = 0;
async function signedInClient(grants: Grant[] = []): Promise<WebClient & { userId: number }> {
  n += 1;
  const user = await store.createUser({ email: `pages${n}@example.nhs.uk`, displayName: `P${n}` });
  for (const g of grants) await store.addGrant(user.userId, g, null);
  const cookie = await sessionCookieFor(store, user.userId);
  const client = webClient(app);
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  client.cookies.set(name, decodeURIComponent(value));
  return Object.assign(client, { userId: user.userId });
}

const SECRET = /ih_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/;

describe("API tokens pages", () => {
  it("ask a reader who is not signed in to sign in", async () => {
    const res = await webClient(app).get("/account/api-tokens");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/sign-in?returnTo=%2Faccount%2Fapi-tokens");
  });

  it("make a token, show it once, list it without its secret, then revoke it", async () => {
    const me = await signedInClient();
    const account = await me.get("/account");
    expect(account.body).toContain('href="/account/api-tokens"');
    const empty = await me.get("/account/api-tokens");
    expect(empty.statusCode).toBe(200);
    expect(empty.headers["cache-control"]).toBe("private, no-store");
    expect(empty.body).toContain("You have no API tokens.");

    const made = await me.submit("/account/api-tokens", {
      name: "Board pack",
      scope: "read",
      expiresInDays: "90",
    });
    expect(made.statusCode).toBe(200);
    expect(made.headers["cache-control"]).toBe("private, no-store");
    const secret = SECRET.exec(made.body)?.[0];
    expect(secret).toBeDefined();
    expect(made.body).toContain("We show it only once");
    expect(made.body).toContain(`curl -H "Authorization: Bearer ${secret}"`);
    expect(made.body).toContain("/api/v1/organisations");
    expect(made.body).toContain("may only read what you may, until ");

    const listed = await me.get("/account/api-tokens");
    expect(listed.body).toContain("Board pack");
    expect(listed.body).toContain(`${secret!.slice(0, 12)}…`);
    expect(listed.body).not.toContain(secret!.slice(12));
    expect(listed.body).not.toMatch(SECRET);
    expect(listed.body).toContain("Read only");
    expect(listed.body).toMatch(/<td class="nhsuk-table__cell">Never<\/td>/); // last used

    const used = await services.apiTokens.authenticate(secret!);
    expect(used).not.toBeNull();
    const afterUse = await me.get("/account/api-tokens");
    expect(afterUse.body).not.toMatch(/<td class="nhsuk-table__cell">Never<\/td>/);

    const tokenId = used!.tokenId;
    const confirm = await me.get(`/account/api-tokens/${tokenId}/revoke`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("Revoke the token “Board pack”");
    const revoked = await me.submit(`/account/api-tokens/${tokenId}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe("/account/api-tokens");
    const after = await me.get("/account/api-tokens");
    expect(after.body).toContain("The token “Board pack” has been revoked");
    expect(after.body).toContain("You have no API tokens.");
    expect(await services.apiTokens.authenticate(secret!)).toBeNull();
  });

  it("show field errors on the form, keeping what was typed, and make nothing", async () => {
    const me = await signedInClient();
    const res = await me.submit("/account/api-tokens", {
      name: "",
      scope: "read_write",
      expiresInDays: "forever",
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<title>Error: API tokens/);
    expect(res.body).toContain("Enter a name for the token");
    expect(res.body).toContain('href="#name"');
    expect(res.body).toMatch(/value="read_write" checked/);
    expect(res.body).not.toMatch(SECRET);
    const long = await me.submit("/account/api-tokens", {
      name: "Fine",
      scope: "read",
      expiresInDays: "forever",
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain("Choose when the token expires");
    expect(long.body).toContain('value="Fine"');
    expect((await me.get("/account/api-tokens")).body).toContain("You have no API tokens.");
  });

  it("refuse a form without its CSRF token", async () => {
    const me = await signedInClient();
    await me.get("/account/api-tokens");
    const res = await me.post("/account/api-tokens", {
      name: "Forged",
      scope: "read_write",
      expiresInDays: "never",
    });
    expect(res.statusCode).toBe(403);
    expect((await me.get("/account/api-tokens")).body).not.toContain("Forged");
  });

  it("say another person's token, or a malformed id, is not found", async () => {
    const owner = await signedInClient();
    const made = await owner.submit("/account/api-tokens", {
      name: "Mine",
      scope: "read",
      expiresInDays: "never",
    });
    const used = await services.apiTokens.authenticate(SECRET.exec(made.body)![0]);
    const other = await signedInClient();
    expect((await other.get(`/account/api-tokens/${used!.tokenId}/revoke`)).statusCode).toBe(404);
    expect((await other.get("/account/api-tokens/abc/revoke")).statusCode).toBe(404);
    expect((await other.get("/account/api-tokens/0/revoke")).statusCode).toBe(404);
    const page = await other.get("/account/api-tokens");
    expect(page.body).not.toContain("Mine");
  });

  it("list a person's tokens on their administration page, where an administrator revokes one", async () => {
    const owner = await signedInClient();
    const made = await owner.submit("/account/api-tokens", {
      name: "Nightly export",
      scope: "read_write",
      expiresInDays: "30",
    });
    const secret = SECRET.exec(made.body)![0];
    const admin = await signedInClient([{ role: "national_admin", scope: { kind: "national" } }]);
    const page = await admin.get(`/admin/users/${owner.userId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Nightly export");
    expect(page.body).toContain("Read and change");
    expect(page.body).not.toContain(secret.slice(12));
    const tokenId = (await services.apiTokens.authenticate(secret))!.tokenId;
    const done = await admin.submit(
      `/admin/users/${owner.userId}`,
      {},
      `/admin/users/${owner.userId}/api-tokens/${tokenId}/revoke`,
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/admin/users/${owner.userId}?done=token-revoked`);
    expect(await services.apiTokens.authenticate(secret)).toBeNull();
    const after = await admin.get(done.headers.location!);
    expect(after.body).toContain("API token revoked");
    expect(after.body).toContain("No API tokens.");
    // Somebody who is not an administrator may not revoke it (nor see the page).
    const again = await owner.submit("/account/api-tokens", {
      name: "Second",
      scope: "read",
      expiresInDays: "never",
    });
    const second = (await services.apiTokens.authenticate(SECRET.exec(again.body)![0]))!.tokenId;
    const stranger = await signedInClient();
    const refused = await stranger.submit(
      "/account/api-tokens",
      {},
      `/admin/users/${owner.userId}/api-tokens/${second}/revoke`,
    );
    expect(refused.statusCode).toBe(403);
    expect((await owner.get("/account/api-tokens")).body).toContain("Second");
  });
});
