/**
 * The PostgreSQL side of personal API tokens: implements `ApiTokenStore`
 * (src/accounts/api-token-store.ts) over migration 027's `api_tokens`. Every statement is built
 * by Kysely (parameterised).
 */
import type { Selectable } from "kysely";
import type { ApiTokenRecord, ApiTokenStore } from "../accounts/api-token-store.js";
import { ConflictError } from "../errors.js";
import { withTransaction } from "./transaction.js";
import type { ApiTokensTable, Db } from "./schema.js";

const UNIQUE_VIOLATION = "23505";

function tokenFromRow(r: Selectable<ApiTokensTable>): ApiTokenRecord {
  return {
    tokenId: Number(r.token_id),
    userId: Number(r.user_id),
    name: r.name,
    scope: r.scope,
    prefix: r.prefix,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export function createApiTokenStore(db: Db): ApiTokenStore {
  return {
    async createApiToken(token, maxLive) {
      try {
        return await withTransaction(db, async (trx) => {
          // The person's row, locked: two creations at once are counted one after the other.
          await trx
            .selectFrom("users")
            .select("user_id")
            .where("user_id", "=", token.userId)
            .forUpdate()
            .executeTakeFirstOrThrow();
          const live = await trx
            .selectFrom("api_tokens")
            .select(["name"])
            .where("user_id", "=", token.userId)
            .where("revoked_at", "is", null)
            .execute();
          if (live.some((t) => t.name.toLowerCase() === token.name.toLowerCase()))
            return { refused: "name_taken" as const };
          const { count } = await trx
            .selectFrom("api_tokens")
            .select((eb) => eb.fn.countAll<string>().as("count"))
            .where("user_id", "=", token.userId)
            .where("revoked_at", "is", null)
            .where((eb) =>
              eb.or([eb("expires_at", "is", null), eb("expires_at", ">", token.createdAt)]),
            )
            .executeTakeFirstOrThrow();
          if (Number(count) >= maxLive) return { refused: "too_many" as const };
          const row = await trx
            .insertInto("api_tokens")
            .values({
              user_id: token.userId,
              name: token.name,
              scope: token.scope,
              prefix: token.prefix,
              token_hash: token.tokenHash,
              created_at: token.createdAt,
              expires_at: token.expiresAt,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return { created: tokenFromRow(row) };
        });
      } catch (e) {
        const error = e as { code?: string; constraint?: string };
        if (error.code === UNIQUE_VIOLATION && error.constraint === "api_tokens_live_name")
          return { refused: "name_taken" };
        if (error.code === UNIQUE_VIOLATION)
          throw new ConflictError("That token prefix is taken; draw another.");
        throw e;
      }
    },

    async apiTokensOf(userId) {
      const rows = await db
        .selectFrom("api_tokens")
        .selectAll()
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .orderBy("created_at", "desc")
        .orderBy("token_id", "desc")
        .execute();
      return rows.map(tokenFromRow);
    },

    async apiTokenByHash(tokenHash) {
      const row = await db
        .selectFrom("api_tokens")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .executeTakeFirst();
      return row ? { ...tokenFromRow(row), tokenHash: row.token_hash } : undefined;
    },

    async revokeApiToken(userId, tokenId, at) {
      const row = await db
        .updateTable("api_tokens")
        .set({ revoked_at: at })
        .where("token_id", "=", tokenId)
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .returningAll()
        .executeTakeFirst();
      return row ? tokenFromRow(row) : undefined;
    },

    async touchApiToken(tokenId, at, notBefore) {
      await db
        .updateTable("api_tokens")
        .set({ last_used_at: at })
        .where("token_id", "=", tokenId)
        .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", notBefore)]))
        .execute();
    },
  };
}
