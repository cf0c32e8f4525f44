/**
 * Two app instances against one PostgreSQL (decision 0014): each with its own connection pool and
 * stores, listening on its own port, as two servers behind a load balancer would. A session
 * made through one is signed in on the other, and ended through one is ended on both; rate-limit
 * counts and failed sign-ins from both add up exactly; one session's idle clock moved by both
 * at once does not fail either request.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digest } from "../../src/accounts/secrets.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { connect } from "../../src/storage/database.js";
import type { Db } from "../../src/storage/schema.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { sessionCookieFor, TEST_SESSION_SECRET } from "../support/sessions.js";

interface Instance {
  db: Db;
  store: AccountStore;
  app: FastifyInstance;
  base: string;
}

let t: TestDatabase;
const instances: Instance[] = [];

beforeAll(async () => {
  t = await demoDatabase({ orgs: 8, months: 12, seed: 9 });
  for (let i = 0; i < 2; i++) {
    const { db, pool } = connect(t.url, 5);
    const app = await createAppFromDatabase({
      db,
      pool,
      sessions: {
        secret: TEST_SESSION_SECRET,
        idleMs: 30 * 60_000,
        absoluteMs: 12 * 3_600_000,
        production: false,
      },
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    instances.push({ db, store: createAccountStore(db), app, base: `http://127.0.0.1:${port}` });
  }
}, 180_000);

afterAll(async () => {
  for (const i of instances) {
    await i.app.close();
    await i.db.destroy();
  }
  await t?.drop();
});

const one = () => instances[0]!;
const other = () => instances[1]!;

async function signedIn(instance: Instance, cookie: string): Promise<boolean> {
  const res = await fetch(`${instance.base}/networks`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const body = await res.text();
  if (body.includes('href="/sign-out"')) return true;
  expect(body).toContain('href="/sign-in"');
  return false;
}

/** The session id a test cookie carries (`hub_session=<id>.<signature>`). */
function sessionIdOf(cookie: string): string {
  const signed = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  return signed.slice(0, signed.lastIndexOf("."));
}

describe("two app instances on one database", () => {
  it("share sessions: made through one, signed in on both; ended through one, ended on both", async () => {
    const user = await one().store.createUser({
      email: "ada@example.nhs.uk",
      displayName: "Ada",
    });
    const cookie = await sessionCookieFor(one().store, user.userId);
    expect(await signedIn(one(), cookie)).toBe(true);
    expect(await signedIn(other(), cookie)).toBe(true);
    await one().store.destroySession(digest(sessionIdOf(cookie)));
    expect(await signedIn(other(), cookie)).toBe(false);
    expect(await signedIn(one(), cookie)).toBe(false);
  });

  it("see an account disabled through the other at the next request", async () => {
    const user = await one().store.createUser({
      email: "bob@example.nhs.uk",
      displayName: "Bob",
    });
    const cookie = await sessionCookieFor(other().store, user.userId);
    expect(await signedIn(one(), cookie)).toBe(true);
    await other().store.updateUser(user.userId, { disabledAt: new Date() });
    expect(await signedIn(one(), cookie)).toBe(false);
  });

  it("count rate limits together, exactly, when both count at once", async () => {
    const window = new Date("2026-12-04T12:00:00Z");
    const perInstance = 60;
    const counts = await Promise.all(
      instances.flatMap((i) =>
        Array.from({ length: perInstance }, () => i.store.hit("sign_in.ip", "192.0.2.1", window)),
      ),
    );
    // Every hit saw a different count, and together they are 1 … 120: none lost, none doubled.
    expect(counts.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 2 * perInstance }, (_, k) => k + 1),
    );
    expect(await other().store.hit("sign_in.ip", "192.0.2.1", window)).toBe(2 * perInstance + 1);
    // Another key and another window count on their own.
    expect(await one().store.hit("sign_in.ip", "192.0.2.2", window)).toBe(1);
    expect(await one().store.hit("sign_in.ip", "192.0.2.1", new Date("2026-12-04T12:15:00Z"))).toBe(
      1,
    );
  });

  it("count failed sign-ins together, and lock the account once", async () => {
    const user = await one().store.createUser({
      email: "cy@example.nhs.uk",
      displayName: "Cy",
    });
    const now = new Date();
    const results = await Promise.all(
      instances.flatMap((i) =>
        Array.from({ length: 10 }, () => i.store.recordFailedSignIn(user.userId, now, 5, 900_000)),
      ),
    );
    expect(results.map((r) => r.failedSignIns).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, k) => k + 1),
    );
    expect(results.filter((r) => r.lockedUntil !== null)).toHaveLength(16);
    const stored = await other().store.userById(user.userId);
    expect(stored?.failedSignIns).toBe(20);
    expect(stored?.lockedUntil?.getTime()).toBe(now.getTime() + 900_000);
  });

  it("move one session's idle clock from both at once without failing either request", async () => {
    const user = await one().store.createUser({
      email: "dee@example.nhs.uk",
      displayName: "Dee",
    });
    for (let round = 0; round < 5; round++) {
      // Last seen two minutes ago: each request moves the idle clock on (at most once a minute).
      const cookie = await sessionCookieFor(one().store, user.userId, {
        now: new Date(Date.now() - 120_000),
      });
      const answers = await Promise.all(
        [...instances, ...instances].map((i) => signedIn(i, cookie)),
      );
      expect(answers).toEqual([true, true, true, true]);
      const [session] = await one().store.userSessions(user.userId, new Date());
      expect(Date.now() - session!.lastSeenAt.getTime()).toBeLessThan(60_000);
      await one().store.destroyUserSessions(user.userId);
    }
  });
});
