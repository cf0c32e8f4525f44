/**
 * Who is calling the API, and how often they may: two small interfaces the API plugin takes as
 * arguments. Personal API tokens (src/accounts) implement `ApiAuthenticator`; the real rate
 * limiter keeps its counts in PostgreSQL so that every web process shares them. Tests pass small
 * implementations of their own.
 */
import { anonymous, type Actor, type UserActor } from "../../accounts/actor.js";

/** `Authorization: Bearer <token>`: the token's owner, or null for a malformed, unknown or revoked token. */
export interface ApiAuthenticator {
  authenticate(token: string): Promise<{ actor: UserActor; tokenId: number } | null>;
}

/** Takes one request from `key`'s allowance of `limit` per `windowSeconds`. */
export interface ApiRateLimiter {
  take(
    key: string,
    limit: number,
    windowSeconds: number,
  ): Promise<{ allowed: boolean; limit: number; remaining: number; resetSeconds: number }>;
}

/** Requests allowed per window: per address for anonymous callers, per token otherwise. */
export interface ApiRateLimits {
  anonymous: number;
  token: number;
  windowSeconds: number;
}

/** src/config.ts's defaults: 120 a minute per address, 1,200 a minute per token. */
export const defaultApiRateLimits: ApiRateLimits = {
  anonymous: 120,
  token: 1200,
  windowSeconds: 60,
};

/**
 * The bearer token of an Authorization header (RFC 6750's token68): null when there is no
 * header, false when it is not a well-formed bearer token (a 401, never anonymous).
 */
export function bearerToken(header: string | undefined): string | null | false {
  if (header === undefined) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/-]{1,512}=*)$/.exec(header.trim());
  return match?.[1] ?? false;
}

/** Who is calling: a reader with no token (public data only), or a token's owner. */
export type ApiCaller =
  { kind: "anonymous"; address: string } | { kind: "token"; actor: UserActor; tokenId: number };

/** Whose read rules apply: the token owner's, or an anonymous reader's (public data only). */
export function actorOf(caller: ApiCaller): Actor {
  return caller.kind === "token" ? caller.actor : anonymous;
}
