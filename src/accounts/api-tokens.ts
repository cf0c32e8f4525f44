/**
 * Personal API tokens (issue 18; docs/accounts.md "API tokens"): a person makes a named token
 * for a script or another tool, scoped `read` or `read_write`, optionally expiring; it is shown
 * to them once, as `ih_<prefix>_<secret>`, and the hub keeps only its SHA-256 (./secrets.ts: a
 * fast digest is right for 256 random bits, which nobody can guess). A token carries exactly
 * its owner's permissions as they stand at each request (`accounts.actorFor`), narrowed by its
 * scope through the same policy as the pages (./policy.ts, `ACTION_KINDS`): a `read` token is
 * refused every change, and no token may touch accounts (so none can make another token).
 *
 * @example
 *   const { secret } = await tokens.create(person, { name: "Board pack", scope: "read", expiresInDays: 90 });
 *   // secret: "ih_3f9a0c1e_Jq…" (shown once)
 *   await tokens.authenticate(secret); // { actor: { …person, via: { kind: "token", scope: "read", … } }, tokenId }
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConflictError, InputError, NotFoundError } from "../errors.js";
import type { Actor, TokenScope, UserActor } from "./actor.js";
import type { ApiTokenRecord, ApiTokenStore } from "./api-token-store.js";
import type { Auditor, RequestOrigin } from "./audit.js";
import { authorize, requireUser } from "./policy.js";
import { digest } from "./secrets.js";

/** A token's last-used time is written at most this often (not once per API call). */
export const LAST_USED_EVERY_MS = 60_000;

/** The shape of every token: `ih_`, 8 hex characters of prefix, `_`, 43 base64url characters. */
const TOKEN_PATTERN = /^ih_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

/** The choices of lifetime the account page offers (days); null: until revoked. */
export const EXPIRY_CHOICES = [30, 90, 365, null] as const;

/** A token as its owner (or an administrator) sees it: never the secret. */
export interface ApiTokenView extends ApiTokenRecord {
  /** Expired at the time of asking (an expired token authenticates nobody). */
  expired: boolean;
}

export interface NewTokenInput {
  name: string;
  scope: TokenScope;
  /** Days until it stops working; null: until revoked. */
  expiresInDays: number | null;
}

export interface ApiTokenService {
  /** A new token for the person: its record, and the token itself, to be shown once. */
  create(
    actor: Actor,
    input: NewTokenInput,
    origin?: RequestOrigin,
  ): Promise<{ token: ApiTokenView; secret: string }>;
  /** The person's own tokens, not revoked, newest first. */
  list(actor: Actor): Promise<ApiTokenView[]>;
  /** One of the person's own tokens (NotFoundError for anyone else's or a revoked one). */
  get(actor: Actor, tokenId: number): Promise<ApiTokenView>;
  /** Revokes one of the person's own tokens; NotFoundError when it is not theirs or not live. */
  revoke(actor: Actor, tokenId: number, origin?: RequestOrigin): Promise<ApiTokenView>;
  /** Another person's tokens (administrators: `users.manage`). */
  listFor(actor: Actor, userId: number): Promise<ApiTokenView[]>;
  /** Revokes another person's token (administrators: `users.manage`). */
  revokeFor(
    actor: Actor,
    userId: number,
    tokenId: number,
    origin?: RequestOrigin,
  ): Promise<ApiTokenView>;
  /**
   * The person a token acts for, with their grants as they stand now and the token's scope in
   * `actor.via`; null for a malformed, unknown, revoked or expired token, or when the account is
   * disabled or gone. Records the last-used time (at most once a minute per token).
   */
  authenticate(token: string): Promise<{ actor: UserActor; tokenId: number } | null>;
}

export interface ApiTokenDeps {
  store: ApiTokenStore;
  /** The person as they stand now: `AccountService.actorFor` (anonymous when disabled or gone). */
  actorFor: (userId: number) => Promise<Actor>;
  audit: Auditor;
  now: () => Date;
  /** Live tokens a person may hold at once (`AccountSettings.apiTokensPerPerson`). */
  maxPerPerson: number;
}

const inputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the token")
    .max(60, "Enter a name of at most 60 characters")
    .refine((v) => !/\p{Cc}/u.test(v), "Enter a name without control characters"),
  scope: z.enum(["read", "read_write"], {
    error: "Choose what the token may do",
  }),
  expiresInDays: z
    .number({ error: "Choose when the token expires" })
    .int("Choose when the token expires")
    .min(1, "Choose when the token expires")
    .max(366, "Choose an expiry of at most a year")
    .nullable(),
});

function parseInput(input: NewTokenInput): NewTokenInput {
  const parsed = inputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "name");
    const value = (input as unknown as Record<string, unknown>)[field];
    return {
      column: field,
      value: value === null || value === undefined ? "" : String(value),
      reason: issue.message,
    };
  });
  throw new InputError(problems[0]?.reason ?? "The token's details are not valid", problems);
}

function viewOf(record: ApiTokenRecord, now: Date): ApiTokenView {
  return { ...record, expired: record.expiresAt !== null && record.expiresAt <= now };
}

/** A new token: a non-secret prefix to recognise it by, and 256 random bits. */
function newApiToken(): { prefix: string; secret: string } {
  const prefix = randomBytes(4).toString("hex");
  return { prefix, secret: `ih_${prefix}_${randomBytes(32).toString("base64url")}` };
}

export function createApiTokenService(deps: ApiTokenDeps): ApiTokenService {
  const { store, audit, now } = deps;

  const auditEvent = (action: string, token: ApiTokenRecord) => ({
    action,
    target: { kind: "api_token", ref: String(token.tokenId) },
    details: {
      owner: token.userId,
      name: token.name,
      scope: token.scope,
      prefix: token.prefix,
      ...(token.expiresAt ? { expiresAt: token.expiresAt.toISOString() } : {}),
    },
  });

  async function revokeOf(
    actor: Actor,
    userId: number,
    tokenId: number,
    origin: RequestOrigin | undefined,
  ): Promise<ApiTokenView> {
    const at = now();
    const revoked = Number.isSafeInteger(tokenId)
      ? await store.revokeApiToken(userId, tokenId, at)
      : undefined;
    if (!revoked) throw new NotFoundError("There is no such token.");
    await audit(actor, auditEvent("api_token.revoked", revoked), origin);
    return viewOf(revoked, at);
  }

  return {
    async create(actor, input, origin) {
      authorize(actor, "account.use");
      const person = requireUser(actor);
      const fields = parseInput(input);
      const createdAt = now();
      const expiresAt =
        fields.expiresInDays === null
          ? null
          : new Date(createdAt.getTime() + fields.expiresInDays * 86_400_000);
      // A clash of the 32-bit prefix is rare; the store refuses it (unique) and we draw again.
      for (let attempt = 0; ; attempt++) {
        const { prefix, secret } = newApiToken();
        try {
          const result = await store.createApiToken(
            {
              userId: person.userId,
              name: fields.name,
              scope: fields.scope,
              prefix,
              tokenHash: digest(secret),
              createdAt,
              expiresAt,
            },
            deps.maxPerPerson,
          );
          if ("refused" in result) {
            const reason =
              result.refused === "name_taken"
                ? "You already have a token with this name: choose another"
                : `You already have ${deps.maxPerPerson} tokens, the most one person may hold: revoke one you no longer use first`;
            throw new InputError(reason, [{ column: "name", value: fields.name, reason }]);
          }
          await audit(actor, auditEvent("api_token.created", result.created), origin);
          return { token: viewOf(result.created, createdAt), secret };
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= 2) throw error;
        }
      }
    },

    async list(actor) {
      authorize(actor, "account.use");
      const person = requireUser(actor);
      const at = now();
      return (await store.apiTokensOf(person.userId)).map((t) => viewOf(t, at));
    },

    async get(actor, tokenId) {
      authorize(actor, "account.use");
      const person = requireUser(actor);
      const token = (await store.apiTokensOf(person.userId)).find((t) => t.tokenId === tokenId);
      if (!token) throw new NotFoundError("There is no such token.");
      return viewOf(token, now());
    },

    async revoke(actor, tokenId, origin) {
      authorize(actor, "account.use");
      const person = requireUser(actor);
      return revokeOf(actor, person.userId, tokenId, origin);
    },

    async listFor(actor, userId) {
      authorize(actor, "users.manage", { kind: "user", userId });
      const at = now();
      return (await store.apiTokensOf(userId)).map((t) => viewOf(t, at));
    },

    async revokeFor(actor, userId, tokenId, origin) {
      authorize(actor, "users.manage", { kind: "user", userId });
      return revokeOf(actor, userId, tokenId, origin);
    },

    async authenticate(token) {
      if (token.length > 100 || !TOKEN_PATTERN.test(token)) return null;
      const record = await store.apiTokenByHash(digest(token));
      const at = now();
      if (!record || record.revokedAt !== null) return null;
      if (record.expiresAt !== null && record.expiresAt <= at) return null;
      const owner = await deps.actorFor(record.userId);
      if (owner.kind !== "user") return null;
      const notBefore = new Date(at.getTime() - LAST_USED_EVERY_MS);
      if (record.lastUsedAt === null || record.lastUsedAt <= notBefore)
        await store.touchApiToken(record.tokenId, at, notBefore);
      return {
        actor: { ...owner, via: { kind: "token", tokenId: record.tokenId, scope: record.scope } },
        tokenId: record.tokenId,
      };
    },
  };
}
