/**
 * The PostgreSQL side of the API's rate limits (src/accounts/rate-limits.ts) over migration
 * 027's `api_rate_limits`: one upsert per request, which PostgreSQL serialises per row, so
 * concurrent requests from any number of processes are each counted once.
 */
import { sql } from "kysely";
import type { RateLimitStore } from "../accounts/rate-limits.js";
import type { Db } from "./schema.js";

export function createRateLimitStore(db: Db): RateLimitStore {
  return {
    async increment(key, windowSeconds, windowStart) {
      const row = await db
        .insertInto("api_rate_limits")
        .values({ key, window_seconds: windowSeconds, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(["key", "window_seconds", "window_start"])
            .doUpdateSet({ count: sql<number>`api_rate_limits.count + 1` }),
        )
        .returning("count")
        .executeTakeFirstOrThrow();
      return row.count;
    },
    async prune(before) {
      const result = await db
        .deleteFrom("api_rate_limits")
        .where("window_start", "<", before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
