// The API's rate limits (src/accounts/rate-limits.ts) over PostgreSQL
// (src/storage/rate-limit-store.ts): exact under concurrency from two connection pools (two
// processes, as far as the database can tell), windows that start afresh by the clock, keys
// and window lengths counted apart, and old windows pruned.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiter, type RateLimiter } from "../../src/accounts/rate-limits.js";
import { InputError } from "../../src/errors.js";
import { connect } from "../../src/storage/database.js";
import { createRateLimitStore } from "../../src/storage/rate-limit-store.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let second: ReturnType<typeof connect>;
let clock = new Date("2026-12-05T10:00:10Z");
const now = () => clock;
let limiter: RateLimiter;

beforeAll(async () => {
  t = await testDatabase();
  second = connect(t.url, 10);
  limiter = createRateLimiter({ store: createRateLimitStore(t.db), now });
});
afterAll(async () => {
  await second?.db.destroy();
  await t?.drop();
});

describe("rate limits", () => {
  it("allow exactly the limit when 50 takes arrive at once from two processes", async () => {
    const other = createRateLimiter({ store: createRateLimitStore(second.db), now });
    const takes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? limiter : other).take("token:concurrent", 20, 60),
      ),
    );
    expect(takes.filter((d) => d.allowed)).toHaveLength(20);
    expect(takes.filter((d) => !d.allowed)).toHaveLength(30);
    // Each allowed take saw a distinct count: remaining 19 down to 0, once each.
    expect(
      takes
        .filter((d) => d.allowed)
        .map((d) => d.remaining)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(takes.every((d) => d.limit === 20)).toBe(true);
  });

  it("count in fixed windows that start again on the clock", async () => {
    clock = new Date("2026-12-05T12:00:10Z");
    const take = () => limiter.take("address:10.1.1.1", 3, 60);
    expect(await take()).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 50 });
    clock = new Date("2026-12-05T12:00:20Z");
    expect(await take()).toMatchObject({ allowed: true, remaining: 1 });
    expect(await take()).toMatchObject({ allowed: true, remaining: 0 });
    clock = new Date("2026-12-05T12:00:40Z");
    expect(await take()).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 20 });
    clock = new Date("2026-12-05T12:00:59.500Z");
    expect(await take()).toMatchObject({ allowed: false, resetSeconds: 1 });
    clock = new Date("2026-12-05T12:01:00Z");
    expect(await take()).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 });
  });

  it("count each key and each window length apart", async () => {
    clock = new Date("2026-12-05T13:00:00Z");
    expect(await limiter.take("token:a", 1, 60)).toMatchObject({ allowed: true });
    expect(await limiter.take("token:a", 1, 60)).toMatchObject({ allowed: false });
    expect(await limiter.take("token:b", 1, 60)).toMatchObject({ allowed: true });
    expect(await limiter.take("token:a", 1, 3600)).toMatchObject({ allowed: true });
  });

  it("prune windows older than a day", async () => {
    const store = createRateLimitStore(t.db);
    clock = new Date("2026-12-01T00:00:00Z");
    const fresh = createRateLimiter({ store, now });
    await fresh.take("token:old", 5, 60);
    const rows = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT count(*) AS n FROM api_rate_limits WHERE key = 'token:old'`.execute(t.db)
        ).rows[0]?.n,
      );
    expect(await rows()).toBe(1);
    clock = new Date("2026-12-02T00:01:00Z");
    await fresh.take("token:new", 5, 60);
    expect(await rows()).toBe(0);
  });

  it("refuse a malformed limit, naming it", async () => {
    await expect(limiter.take("", 5, 60)).rejects.toThrow(/rate limit: key/);
    await expect(limiter.take("k", 0, 60)).rejects.toBeInstanceOf(InputError);
    await expect(limiter.take("k", 5, 86_401)).rejects.toThrow(/windowSeconds/);
  });
});
