/**
 * The open API with the real personal tokens and the real rate limiter (counts held in
 * PostgreSQL), as `improve serve` wires them: a token made on the account page's service reads
 * as its owner, privately; once revoked it is refused with 401; and the counts per token are
 * shared by every app over the same database (two web processes).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeServices, createAppFromDatabase } from "../../../src/web/compose.js";
import { createAccountStore } from "../../../src/storage/accounts-store.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";

let t: TestDatabase;
let one: FastifyInstance;
let two: FastifyInstance;
let secret: string;
let tokenId: number;
let services: ReturnType<typeof composeServices>;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 4, months: 12, seed: 3 });
  const limits = { anonymous: 1000, token: 3, windowSeconds: 3600 };
  one = await createAppFromDatabase({ db: t.db, pool: t.pool, api: { limits } });
  two = await createAppFromDatabase({ db: t.db, pool: t.pool, api: { limits } });
  services = composeServices({ db: t.db, pool: t.pool });
  const user = await createAccountStore(t.db).createUser({
    email: "analyst@example.nhs.uk",
    displayName: "An analyst",
  });
  const actor = await services.accounts.actorFor(user.userId);
  const made = await services.apiTokens.create(actor, {
    name: "Board pack",
    scope: "read",
    expiresInDays: 30,
  });
  secret = made.secret;
  tokenId = made.token.tokenId;
}, 120_000);
afterAll(async () => {
  await one?.close();
  await two?.close();
  await t?.drop();
});

const ask = (app: FastifyInstance, token: string) =>
  app.inject({ url: "/api/v1/metrics/ae_4hr_all", headers: { authorization: `Bearer ${token}` } });

describe("personal tokens on the API", () => {
  it("reads as the token's owner, privately, counted across both processes", async () => {
    const first = await ask(one, secret);
    expect(first.statusCode).toBe(200);
    expect(first.headers["cache-control"]).toBe("private, no-store");
    expect(first.headers["ratelimit-limit"]).toBe("3");
    expect(first.headers["ratelimit-remaining"]).toBe("2");
    // The other process sees the same count: it is held in PostgreSQL.
    expect((await ask(two, secret)).headers["ratelimit-remaining"]).toBe("1");
    expect((await ask(one, secret)).statusCode).toBe(200);
    const refused = await ask(two, secret);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe("rate_limited");
  });

  it("refuses a revoked token with 401, never falling back to anonymous", async () => {
    const user = (await t.db.selectFrom("users").select("user_id").executeTakeFirstOrThrow())
      .user_id;
    await services.apiTokens.revoke(await services.accounts.actorFor(user), tokenId);
    const res = await ask(one, secret);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("unauthorized");
  });
});
