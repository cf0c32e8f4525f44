/**
 * Rate limits for the API (issue 18; docs/accounts.md "Rate limits"): fixed-window counters held
 * in PostgreSQL (migration 027's `api_rate_limits`), so that every process and every instance
 * counts together. One call of `take` is one atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING
 * count` (the store's `increment`): 50 requests at once against a limit of 20 get exactly 20
 * allowed, whichever process serves them.
 *
 * Fixed window: time is cut into windows of `windowSeconds` from the Unix epoch, and each
 * window counts afresh. With limit 3 per 60 s, takes at 12:00:10, :20, :30 are allowed, one at
 * :40 is refused (`resetSeconds` 20), and one at 12:01:00 is allowed again. (A client may so get
 * up to twice the limit across a window's edge; the simplicity and one write per request are
 * worth it here.)
 *
 * The sign-in limits (./throttle.ts) are the same idea over migration 012's `rate_limits`,
 * throwing `RateLimitedError` with wording for people; this one answers the numbers an API sends
 * in its `RateLimit-*` headers.
 */
import { z } from "zod";
import { InputError } from "../errors.js";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Takes left in this window after this one (0 once refused). */
  remaining: number;
  /** Whole seconds until the window ends and the count starts again (at least 1). */
  resetSeconds: number;
}

export interface RateLimiter {
  /** Counts one request of `key` against `limit` per `windowSeconds`. */
  take(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision>;
}

/** The store port (src/storage/rate-limit-store.ts). */
export interface RateLimitStore {
  /** Adds one to the count of (`key`, `windowSeconds`, `windowStart`), atomically; the new count. */
  increment(key: string, windowSeconds: number, windowStart: Date): Promise<number>;
  /** Forgets every window that started before `before`; how many were forgotten. */
  prune(before: Date): Promise<number>;
}

/** The longest window a limit may use: windows older than this are pruned. */
export const MAX_WINDOW_SECONDS = 86_400;
/** Old windows are pruned at most this often per process (one cheap DELETE on an index). */
const PRUNE_EVERY_MS = 60_000;

const takeSchema = z.object({
  key: z.string().min(1).max(200),
  limit: z.number().int().min(1).max(1_000_000_000),
  windowSeconds: z.number().int().min(1).max(MAX_WINDOW_SECONDS),
});

export function createRateLimiter(deps: { store: RateLimitStore; now: () => Date }): RateLimiter {
  let lastPruneAt = -Infinity;
  return {
    async take(key, limit, windowSeconds) {
      const parsed = takeSchema.safeParse({ key, limit, windowSeconds });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = String(issue?.path[0] ?? "key");
        throw new InputError(`rate limit: ${field}: ${issue?.message ?? "invalid"}`, [
          {
            column: field,
            value: String({ key, limit, windowSeconds }[field]),
            reason: issue?.message ?? "invalid",
          },
        ]);
      }
      const at = deps.now().getTime();
      const windowMs = windowSeconds * 1000;
      const windowStart = Math.floor(at / windowMs) * windowMs;
      const count = await deps.store.increment(key, windowSeconds, new Date(windowStart));
      if (at - lastPruneAt >= PRUNE_EVERY_MS) {
        lastPruneAt = at;
        await deps.store.prune(new Date(at - MAX_WINDOW_SECONDS * 1000));
      }
      return {
        allowed: count <= limit,
        limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - at) / 1000)),
      };
    },
  };
}
