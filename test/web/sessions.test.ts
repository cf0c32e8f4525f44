// Sessions over the real store: who a request's person is, and what the header shows them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { sessionCookieFor, TEST_SESSION_SECRET } from "../support/sessions.js";

let t: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  app = await createAppFromDatabase({
    db: t.db,
    pool: t.pool,
    sessions: {
      secret: TEST_SESSION_SECRET,
      idleMs: 30 * 60_000,
      absoluteMs: 12 * 3_600_000,
      production: false,
    },
  });
});

afterAll(async () => {
  await app?.close();
  await t?.drop();
});

describe("sessions", () => {
  it("a reader without a session sees Sign in, and gets no session", async () => {
    const res = await app.inject("/networks");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/sign-in"');
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("a signed-in person sees their account links on a cached page", async () => {
    const store = createAccountStore(t.db);
    const user = await store.createUser({ email: "ada@example.nhs.uk", displayName: "Ada" });
    const cookie = await sessionCookieFor(store, user.userId);
    const res = await app.inject({ url: "/networks", headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/account"');
    expect(res.body).toContain('href="/sign-out"');
    expect(res.headers["cache-control"]).toBe("private, no-cache");
    // The anonymous version is unchanged.
    const anon = await app.inject("/networks");
    expect(anon.body).toContain('href="/sign-in"');
  });

  it("a disabled account's session counts as nobody", async () => {
    const store = createAccountStore(t.db);
    const user = await store.createUser({ email: "bob@example.nhs.uk", displayName: "Bob" });
    const cookie = await sessionCookieFor(store, user.userId);
    await store.updateUser(user.userId, { disabledAt: new Date() });
    const res = await app.inject({ url: "/networks", headers: { cookie } });
    expect(res.body).toContain('href="/sign-in"');
  });

  it("a forged cookie counts as nobody", async () => {
    const res = await app.inject({
      url: "/networks",
      headers: { cookie: "hub_session=forged.sig" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/sign-in"');
  });

  it("a POST without a CSRF token is refused", async () => {
    const res = await app.inject({ method: "POST", url: "/networks", payload: {} });
    expect([403, 404]).toContain(res.statusCode);
  });
});
