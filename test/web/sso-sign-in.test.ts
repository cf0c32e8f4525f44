/**
 * Single sign-on through the hub's own pages, against a real OpenID provider started here: the
 * sign-in button, the provider, the callback, the session. And every way the callback can be
 * wrong reaching the hub: a tampered state, a callback from another browser (no attempt in the
 * session), a replayed one, a person without an account.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import {
  hubClientOf,
  startTestOidcProvider,
  type TestOidcProvider,
} from "../support/oidc-provider.js";
import { appWithSessions } from "../support/signed-in-app.js";
import { csrfOf } from "../support/web-client.js";

const publicUrl = "http://hub.test";
const redirectUri = `${publicUrl}/sign-in/sso/callback`;
const clientId = "improvement-hub";
const clientSecret = "a-test-client-secret-that-is-long-enough";

let t: TestDatabase;
let op: TestOidcProvider;
let app: FastifyInstance;

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  op = await startTestOidcProvider({
    clientId,
    clientSecret,
    redirectUri,
    accounts: {
      ada: { email: "ada@example.nhs.uk", email_verified: true, name: "Ada Lovelace" },
      stranger: { email: "stranger@example.nhs.uk", email_verified: true, name: "A Stranger" },
    },
  });
  await createAccountStore(t.db).createUser({ email: "ada@example.nhs.uk", displayName: "Ada" });
  app = await appWithSessions(t, {
    sso: {
      provider: hubClientOf(op.issuer, {
        clientId,
        clientSecret,
        redirectUri,
        displayName: "Sign in with the test provider",
      }),
      publicUrl,
      createAccounts: false,
    },
  });
});

afterAll(async () => {
  await app?.close();
  await op?.stop();
  await t?.drop();
});

/** A browser's cookie jar, as far as this test needs one. */
function jar() {
  let cookie = "";
  return {
    get header() {
      return cookie;
    },
    take(setCookie: string | string[] | undefined) {
      for (const c of [setCookie ?? []].flat()) {
        const [pair] = c.split(";");
        if (pair) cookie = pair.endsWith("=") ? "" : pair;
      }
    },
  };
}

/** Opens the sign-in page, presses the single sign-on button: the provider's address. */
async function pressSsoButton(browser: ReturnType<typeof jar>, returnTo = "/networks") {
  const page = await app.inject({ url: `/sign-in?returnTo=${encodeURIComponent(returnTo)}` });
  expect(page.statusCode).toBe(200);
  browser.take(page.headers["set-cookie"]);
  expect(page.body).toContain("Sign in with the test provider");
  const csrf = csrfOf(page.body);
  const start = await app.inject({
    method: "POST",
    url: "/sign-in/sso",
    headers: { cookie: browser.header, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ _csrf: csrf, returnTo }).toString(),
  });
  expect(start.statusCode).toBe(303);
  browser.take(start.headers["set-cookie"]);
  return start.headers.location as string;
}

const callbackPath = (url: URL) => `${url.pathname}${url.search}`;

describe("single sign-on through the hub", () => {
  it("signs Ada in with a new session and returns her to where she was", async () => {
    const browser = jar();
    const providerUrl = await pressSsoButton(browser);
    const before = browser.header;
    const callback = await op.signIn(providerUrl, "ada");
    const done = await app.inject({
      url: callbackPath(callback),
      headers: { cookie: browser.header },
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/networks");
    browser.take(done.headers["set-cookie"]);
    expect(browser.header).not.toBe(before);
    const page = await app.inject({ url: "/networks", headers: { cookie: browser.header } });
    expect(page.body).toContain('href="/sign-out"');
    // The session from before the sign-in is not signed in.
    const old = await app.inject({ url: "/networks", headers: { cookie: before } });
    expect(old.body).toContain('href="/sign-in');
    // Replaying the callback in the new session finds no attempt.
    const replay = await app.inject({
      url: callbackPath(callback),
      headers: { cookie: browser.header },
    });
    expect(replay.statusCode).toBe(400);
  });

  it("refuses a tampered state and signs nobody in", async () => {
    const browser = jar();
    const callback = await op.signIn(await pressSsoButton(browser), "ada");
    callback.searchParams.set("state", "tampered");
    const res = await app.inject({
      url: callbackPath(callback),
      headers: { cookie: browser.header },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("The sign-in could not be completed");
    expect(res.body).not.toContain("tampered");
    browser.take(res.headers["set-cookie"]);
    const page = await app.inject({ url: "/networks", headers: { cookie: browser.header } });
    expect(page.body).toContain('href="/sign-in');
  });

  it("refuses an ID token whose nonce is not the one this sign-in sent", async () => {
    const browser = jar();
    const providerUrl = await pressSsoButton(browser);
    // The session's attempt now expects another nonce than the one the provider will sign.
    await sql`UPDATE sessions SET data = jsonb_set(data, '{sso,nonce}', '"not-the-nonce-sent"')
      WHERE sid_hash = (SELECT sid_hash FROM sessions WHERE data ? 'sso'
        ORDER BY last_seen_at DESC LIMIT 1)`.execute(t.db);
    const callback = await op.signIn(providerUrl, "ada");
    const res = await app.inject({
      url: callbackPath(callback),
      headers: { cookie: browser.header },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("The sign-in could not be completed");
  });

  it("refuses a callback that reaches another browser", async () => {
    const callback = await op.signIn(await pressSsoButton(jar()), "ada");
    const res = await app.inject({ url: callbackPath(callback) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("started in another browser");
  });

  it("tells a person without an account to ask for an invitation", async () => {
    const browser = jar();
    const callback = await op.signIn(await pressSsoButton(browser), "stranger");
    const res = await app.inject({
      url: callbackPath(callback),
      headers: { cookie: browser.header },
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain("You do not have an account");
    expect(res.body).toContain("stranger@example.nhs.uk");
  });
});
