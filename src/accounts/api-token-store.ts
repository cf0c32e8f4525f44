/**
 * The store port of personal API tokens (./api-tokens.ts); src/storage/api-token-store.ts
 * implements it over migration 027's `api_tokens`. Tokens arrive here already hashed: the store
 * never sees a token.
 */
import type { TokenScope } from "./actor.js";

export interface ApiTokenRecord {
  tokenId: number;
  userId: number;
  name: string;
  scope: TokenScope;
  /** 8 hex characters, not secret: `ih_<prefix>_…` tells people which token is which. */
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiToken {
  userId: number;
  name: string;
  scope: TokenScope;
  prefix: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** Why a token was not created. */
export type CreateRefusal = "too_many" | "name_taken";

export interface ApiTokenStore {
  /**
   * Creates the token unless the person already holds `maxLive` live tokens (not revoked, not
   * expired at `token.createdAt`) or a live token of the same name (case-insensitively). Decided
   * atomically: two requests at once cannot both pass the limit.
   */
  createApiToken(
    token: NewApiToken,
    maxLive: number,
  ): Promise<{ created: ApiTokenRecord } | { refused: CreateRefusal }>;
  /** The person's tokens that are not revoked (expired ones included), newest first. */
  apiTokensOf(userId: number): Promise<ApiTokenRecord[]>;
  /** The token with this digest, revoked or not. */
  apiTokenByHash(tokenHash: string): Promise<(ApiTokenRecord & { tokenHash: string }) | undefined>;
  /** Revokes the person's token; undefined when they have no such live token. */
  revokeApiToken(userId: number, tokenId: number, at: Date): Promise<ApiTokenRecord | undefined>;
  /**
   * Sets the last-used time to `at` unless it is already later than `notBefore` (so at most one
   * write per interval, however many processes use the token at once).
   */
  touchApiToken(tokenId: number, at: Date, notBefore: Date): Promise<void>;
}
