/**
 * The app the API tests call: over a demo database, with a token authenticator that knows one
 * token ("good-token", a user with no roles; "revoked-token" is refused like any unknown one),
 * the real rate limiter (counts held in PostgreSQL), every response checked against its schema.
 * test/web/api/tokens.test.ts calls it with real personal tokens.
 */
import type { FastifyInstance } from "fastify";
import type { UserActor } from "../../../src/accounts/actor.js";
import type { ApiAuthenticator } from "../../../src/web/api/caller.js";
import { createAppFromDatabase } from "../../../src/web/compose.js";
import type { TestDatabase } from "../../support/db.js";

export const GOOD_TOKEN = "good-token";
export const TOKEN_USER: UserActor = {
  kind: "user",
  userId: 4242,
  email: "api@example.nhs.uk",
  displayName: "API caller",
  grants: [],
};

export const testAuthenticator: ApiAuthenticator = {
  authenticate: async (token) => (token === GOOD_TOKEN ? { actor: TOKEN_USER, tokenId: 7 } : null),
};

export function apiTestApp(
  t: TestDatabase,
  options: { anonymousLimit?: number; windowSeconds?: number } = {},
): Promise<FastifyInstance> {
  return createAppFromDatabase({
    db: t.db,
    pool: t.pool,
    api: {
      authenticator: testAuthenticator,
      limits: {
        anonymous: options.anonymousLimit ?? 100_000,
        token: 100_000,
        windowSeconds: options.windowSeconds ?? 60,
      },
      validateResponses: true,
    },
  });
}
