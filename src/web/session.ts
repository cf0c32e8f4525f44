/**
 * Sessions, CSRF protection and the acting person for every page route.
 *
 * - Sessions are @fastify/session's, kept in PostgreSQL through the accounts store (so several
 *   app instances share them); the cookie holds a signed random id, the database only its
 *   SHA-256. HttpOnly, SameSite=Lax, Secure in production (`__Host-` prefixed there).
 * - A session ends after `sessionIdleMs` without a request and `sessionAbsoluteMs` after sign-in,
 *   whatever the cookie says; the idle clock is moved on at most once a minute per session.
 * - Anonymous readers get no session (and no database read) until a form needs one: public pages
 *   stay one cache lookup.
 * - Every POST, PUT, PATCH and DELETE must carry the session's CSRF token (`_csrf` field or
 *   `csrf-token` header; @fastify/csrf-protection) and, when the browser says where it comes
 *   from, come from this site.
 * - `request.actor` is the person signed in to the session as they stand now (grants re-read per
 *   request), or anonymous.
 */
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import fastifySession from "@fastify/session";
import type { FastifyInstance, FastifyRequest, Session } from "fastify";
import { anonymous, type Actor } from "../accounts/actor.js";
import { digest } from "../accounts/secrets.js";
import type { AccountService } from "../accounts/service.js";
import type { SessionStore } from "../accounts/store.js";
import { ForbiddenError } from "../errors.js";

declare module "fastify" {
  interface Session {
    /** The person signed in, once both factors are done. */
    userId?: number;
    /** When they signed in (ms since the epoch): the absolute expiry counts from here. */
    signedInAt?: number;
    /** Where the session was started, for the account's list of sessions. */
    ip?: string;
    userAgent?: string;
    /**
     * Between the password and the second factor: who passed the first step, and when (ms since
     * the epoch). Never `userId` until both are done.
     */
    pendingUserId?: number;
    pendingAt?: number;
    /** Where to go once signed in (a path on this site). */
    returnTo?: string;
    /** A one-time message for the next page ("Your name has been changed"). */
    notice?: string;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export interface SessionSettings {
  /** At least 32 characters; signs the session cookie. */
  secret: string;
  idleMs: number;
  absoluteMs: number;
  /** Production: Secure cookies with the `__Host-` prefix. */
  production: boolean;
}

export interface SessionDeps {
  store: SessionStore;
  accounts: Pick<AccountService, "actorFor">;
  settings: SessionSettings;
  now: () => Date;
}

/** The idle clock moves on at most this often per session (one UPDATE a minute, not per request). */
const TOUCH_EVERY_MS = 60_000;

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function pgSessionStore(deps: SessionDeps): fastifySession.SessionStore {
  const { store, settings, now } = deps;
  const expiryOf = (signedInAt: number | undefined, at: Date) =>
    new Date(
      Math.min(at.getTime() + settings.idleMs, (signedInAt ?? at.getTime()) + settings.absoluteMs),
    );
  return {
    get(sessionId, callback) {
      const at = now();
      const sidHash = digest(sessionId);
      store
        .session(sidHash, at)
        .then(async (record) => {
          if (!record) return null;
          const data = record.data as unknown as Session;
          const idleEnd = record.lastSeenAt.getTime() + settings.idleMs;
          const absoluteEnd = (data.signedInAt ?? record.createdAt.getTime()) + settings.absoluteMs;
          if (at.getTime() >= idleEnd || at.getTime() >= absoluteEnd) {
            await store.destroySession(sidHash);
            return null;
          }
          if (at.getTime() - record.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
            await store.touchSession(sidHash, at, expiryOf(data.signedInAt, at));
          return data;
        })
        .then(
          (data) => callback(null, data),
          (error: unknown) => callback(error as Error),
        );
    },
    set(sessionId, session, callback) {
      const at = now();
      const data = JSON.parse(JSON.stringify(session)) as Session;
      store
        .saveSession({
          sidHash: digest(sessionId),
          userId: session.userId ?? null,
          data: data as unknown as Record<string, unknown>,
          createdAt: at,
          lastSeenAt: at,
          expiresAt: expiryOf(session.signedInAt, at),
          ip: session.ip ?? null,
          userAgent: session.userAgent ?? null,
        })
        .then(
          () => callback(),
          (error: unknown) => callback(error as Error),
        );
    },
    destroy(sessionId, callback) {
      store.destroySession(digest(sessionId)).then(
        () => callback(),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}

/** The session cookie's name: `__Host-` binds it to this exact origin over HTTPS. */
export function sessionCookieName(production: boolean): string {
  return production ? "__Host-hub_session" : "hub_session";
}

/**
 * Whether a state-changing request comes from this site, by the browser's own word
 * (`Sec-Fetch-Site`, else `Origin`); requests without either (curl, tests) rely on the token.
 */
function fromThisSite(request: FastifyRequest): boolean {
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined) return site === "same-origin" || site === "none";
  const origin = request.headers.origin;
  if (origin === undefined || origin === "null") return origin === undefined;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export async function registerSessions(app: FastifyInstance, deps: SessionDeps): Promise<void> {
  const { settings } = deps;
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: settings.secret,
    cookieName: sessionCookieName(settings.production),
    store: pgSessionStore(deps),
    saveUninitialized: false,
    // The idle expiry is kept by the store, so a request need not rewrite the session.
    rolling: false,
    cookie: {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: settings.production ? true : "auto",
      maxAge: settings.absoluteMs,
    },
  });
  await app.register(fastifyFormbody, { bodyLimit: 65_536 });
  await app.register(fastifyCsrf, { sessionPlugin: "@fastify/session" });

  // After the session plugin's own onSend (which sets the cookie): a response made for a
  // signed-in person, or one that hands out a session, is kept by no cache, not even the
  // browser's. Pages cached for every signed-in reader say `private, no-cache` (they show
  // nothing personal, and are revalidated), which stays.
  const cookieName = sessionCookieName(settings.production);
  app.addHook("onSend", async (request, reply) => {
    const set = reply.getHeader("set-cookie");
    const setsSession = [set ?? []].flat().some((c) => String(c).startsWith(`${cookieName}=`));
    // No session when an earlier onRequest hook refused the request (an overlong address).
    const session = request.session as Session | null | undefined;
    const personal = session?.userId !== undefined || setsSession;
    if (personal && !String(reply.getHeader("cache-control") ?? "").startsWith("private"))
      reply.header("Cache-Control", "private, no-store");
  });

  app.decorateRequest<Actor | null>("actor", null);
  app.addHook("preHandler", async (request) => {
    const userId = request.session.userId;
    request.actor = userId === undefined ? anonymous : await deps.accounts.actorFor(userId);
  });
  app.addHook("preHandler", (request, reply, done) => {
    if (!UNSAFE_METHODS.has(request.method)) return done();
    if (!fromThisSite(request))
      return done(new ForbiddenError("This form was not sent from this site."));
    app.csrfProtection(request, reply, done);
  });
}
