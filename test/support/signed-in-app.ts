/**
 * The app over a test database with sessions on (the test secret, the usual lifetimes), and the
 * people signed in to it: what the tests of pages that need a session share, so each says only
 * what it adds (an outbox, a provider) and who signs in.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Grant } from "../../src/accounts/roles.js";
import type { AccountStore, UserRecord } from "../../src/accounts/store.js";
import { createAppFromDatabase, type DatabaseAppDeps } from "../../src/web/compose.js";
import type { TestDatabase } from "./db.js";
import { sessionCookieFor, TEST_SESSION_SECRET } from "./sessions.js";

/** `createAppFromDatabase` over `t`, signing sessions with `TEST_SESSION_SECRET`. */
export function appWithSessions(
  t: TestDatabase,
  deps: Partial<DatabaseAppDeps> = {},
): Promise<FastifyInstance> {
  return createAppFromDatabase({
    db: t.db,
    pool: t.pool,
    sessions: {
      secret: TEST_SESSION_SECRET,
      idleMs: 30 * 60_000,
      absoluteMs: 12 * 3_600_000,
      production: false,
    },
    ...deps,
  });
}

/** A new person holding `grants`, and the `Cookie` header of a session signed in as them. */
export async function signedInPerson(
  store: AccountStore,
  person: { email: string; displayName: string },
  grants: Grant[] = [],
): Promise<{ user: UserRecord; cookie: string }> {
  const user = await store.createUser(person);
  for (const g of grants) await store.addGrant(user.userId, g, null);
  return { user, cookie: await sessionCookieFor(store, user.userId) };
}

/** The session cookie a response sets (name=value), else `old`. */
export function cookieAfter(res: LightMyRequestResponse, old = ""): string {
  const set = res.headers["set-cookie"];
  const first = (Array.isArray(set) ? set[0] : set)?.split(";")[0];
  return first ?? old;
}
