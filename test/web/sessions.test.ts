// Sessions over the real store: who a request's person is, and what the header shows them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { appWithSessions, signedInPerson } from "../support/signed-in-app.js";

let t: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  app = await appWithSessions(t);
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
    const { cookie } = await signedInPerson(store, {
      email: "ada@example.nhs.uk",
      displayName: "Ada",
    });
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
    const { user, cookie } = await signedInPerson(store, {
      email: "bob@example.nhs.uk",
      displayName: "Bob",
    });
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
