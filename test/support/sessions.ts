/**
 * A signed-in session without going through the sign-in pages: for tests of pages that need a
 * person with given roles. The session is written to the real store, the cookie signed with the
 * app's secret, exactly as the session plugin would.
 */
import { Signer } from "@fastify/cookie";
import { randomBytes } from "node:crypto";
import { digest } from "../../src/accounts/secrets.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { sessionCookieName } from "../../src/web/session.js";

export const TEST_SESSION_SECRET = "a-test-session-secret-of-forty-characters!";

/** The `Cookie` header value of a new session for `userId`. */
export async function sessionCookieFor(
  store: AccountStore,
  userId: number,
  options: { secret?: string; now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date();
  const sid = randomBytes(24).toString("base64url");
  await store.saveSession({
    sidHash: digest(sid),
    userId,
    data: {
      cookie: { originalMaxAge: 43_200_000, path: "/", httpOnly: true, sameSite: "lax" },
      userId,
      signedInAt: now.getTime(),
    },
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 30 * 60_000),
    ip: null,
    userAgent: null,
  });
  const signed = new Signer(options.secret ?? TEST_SESSION_SECRET).sign(sid);
  return `${sessionCookieName(false)}=${encodeURIComponent(signed)}`;
}
