// Personal API tokens (src/accounts/api-tokens.ts) on the real store: only the digest is kept,
// unknown, revoked and expired tokens and disabled accounts authenticate nobody, the owner's
// grants are read at each use, the last-used time is throttled, a read-only token is refused
// every change through the policy, and a person holds at most N tokens.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, UserActor } from "../../src/accounts/actor.js";
import { createAccountService } from "../../src/accounts/service.js";
import {
  createApiTokenService,
  LAST_USED_EVERY_MS,
  type ApiTokenService,
} from "../../src/accounts/api-tokens.js";
import { createAuditor } from "../../src/accounts/audit.js";
import { can } from "../../src/accounts/policy.js";
import { grantOf, type Grant } from "../../src/accounts/roles.js";
import { digest } from "../../src/accounts/secrets.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { ForbiddenError, InputError, NotFoundError } from "../../src/errors.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { createApiTokenStore } from "../../src/storage/api-token-store.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { recordingOutbox } from "../support/outbox.js";

const MAX = 3;
let t: TestDatabase;
let store: AccountStore;
let tokens: ApiTokenService;
let clock = new Date("2026-12-05T10:00:00Z");
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const ORG = "ZZ001";

beforeAll(async () => {
  t = await testDatabase();
  store = createAccountStore(t.db);
  const accounts = createAccountService({
    store,
    now: () => clock,
    outbox: recordingOutbox(),
  });
  tokens = createApiTokenService({
    store: createApiTokenStore(t.db),
    actorFor: (userId) => accounts.actorFor(userId),
    audit: createAuditor(store),
    now: () => clock,
    maxPerPerson: MAX,
  });
});
afterAll(async () => t?.drop());

let n = 0;
async function person(grants: Grant[] = []): Promise<UserActor> {
  n += 1;
  const user = await store.createUser({ email: `tok${n}@example.nhs.uk`, displayName: `T${n}` });
  for (const g of grants) await store.addGrant(user.userId, g, null);
  return { kind: "user", userId: user.userId, email: user.email, displayName: `T${n}`, grants };
}

const make = (actor: Actor, name = "Script", scope: "read" | "read_write" = "read") =>
  tokens.create(actor, { name, scope, expiresInDays: null });

describe("creating and listing tokens", () => {
  it("shows the token once and keeps only its SHA-256 and a non-secret prefix", async () => {
    const me = await person();
    const { token, secret } = await make(me, "Board pack");
    expect(secret).toMatch(/^ih_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`ih_${token.prefix}_`)).toBe(true);
    const rows = await sql<{
      token_hash: string;
      row: string;
    }>`SELECT token_hash, row_to_json(api_tokens)::text AS row FROM api_tokens WHERE token_id = ${token.tokenId}`.execute(
      t.db,
    );
    expect(rows.rows[0]?.token_hash).toBe(digest(secret));
    // Nothing stored holds the secret part.
    const secretPart = secret.slice(12);
    expect(rows.rows[0]?.row).not.toContain(secretPart);
    const listed = await tokens.list(me);
    expect(listed.map((l) => [l.name, l.scope, l.prefix, l.lastUsedAt])).toEqual([
      ["Board pack", "read", token.prefix, null],
    ]);
    expect(JSON.stringify(listed)).not.toContain(secretPart);
  });

  it("refuses a blank, long or duplicate name, naming the field and nothing changed", async () => {
    const me = await person();
    await expect(make(me, "   ")).rejects.toSatisfy(
      (e) => e instanceof InputError && e.problems[0]?.column === "name",
    );
    await expect(make(me, "x".repeat(61))).rejects.toThrow(/at most 60 characters/);
    await expect(make(me, "a\u0007b")).rejects.toThrow(/control characters/);
    await make(me, "Nightly");
    await expect(make(me, "nightly")).rejects.toThrow(/already have a token with this name/);
    await expect(
      tokens.create(me, { name: "Bad", scope: "admin" as "read", expiresInDays: null }),
    ).rejects.toSatisfy((e) => e instanceof InputError && e.problems[0]?.column === "scope");
    await expect(
      tokens.create(me, { name: "Bad", scope: "read", expiresInDays: 0 }),
    ).rejects.toSatisfy(
      (e) => e instanceof InputError && e.problems[0]?.column === "expiresInDays",
    );
    expect((await tokens.list(me)).map((l) => l.name)).toEqual(["Nightly"]);
  });

  it("holds a person to the most tokens allowed, even when asked at once; revoking frees a place", async () => {
    const me = await person();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => make(me, `Token ${i}`)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.every((r) => /revoke one you no longer use/.test(String(r.reason)))).toBe(true);
    const listed = await tokens.list(me);
    expect(listed).toHaveLength(MAX);
    await tokens.revoke(me, listed[0]!.tokenId);
    await make(me, "Another");
    expect(await tokens.list(me)).toHaveLength(MAX);
  });

  it("audits creation and revocation with the token's name, scope and prefix", async () => {
    const me = await person();
    const { token } = await make(me, "Audited", "read_write");
    await tokens.revoke(me, token.tokenId, { ip: "10.9.9.9" });
    const created = await store.auditLog({
      action: "api_token.created",
      actorUserId: me.userId,
      limit: 5,
    });
    const revoked = await store.auditLog({
      action: "api_token.revoked",
      actorUserId: me.userId,
      limit: 5,
    });
    expect(created[0]).toMatchObject({
      targetRef: String(token.tokenId),
      details: { name: "Audited", scope: "read_write", prefix: token.prefix },
    });
    expect(revoked[0]).toMatchObject({ targetRef: String(token.tokenId), ip: "10.9.9.9" });
  });

  it("lets nobody see or revoke another person's token", async () => {
    const owner = await person();
    const other = await person();
    const { token } = await make(owner);
    await expect(tokens.revoke(other, token.tokenId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(tokens.get(other, token.tokenId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(tokens.listFor(other, owner.userId)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await tokens.list(owner)).toHaveLength(1);
    const admin = await person([grantOf("national_admin", "")]);
    expect((await tokens.listFor(admin, owner.userId)).map((x) => x.tokenId)).toEqual([
      token.tokenId,
    ]);
    await tokens.revokeFor(admin, owner.userId, token.tokenId);
    expect(await tokens.list(owner)).toEqual([]);
  });
});

describe("authenticate", () => {
  it("gives the owner for a live token, and null for unknown, malformed and revoked ones", async () => {
    const me = await person();
    const { token, secret } = await make(me);
    const found = await tokens.authenticate(secret);
    expect(found?.tokenId).toBe(token.tokenId);
    expect(found?.actor).toMatchObject({
      kind: "user",
      userId: me.userId,
      via: { kind: "token", tokenId: token.tokenId, scope: "read" },
    });
    const unknown = `ih_${token.prefix}_${"A".repeat(43)}`;
    expect(await tokens.authenticate(unknown)).toBeNull();
    expect(await tokens.authenticate("")).toBeNull();
    expect(await tokens.authenticate(`${secret}x`)).toBeNull();
    expect(await tokens.authenticate(digest(secret))).toBeNull();
    await tokens.revoke(me, token.tokenId);
    expect(await tokens.authenticate(secret)).toBeNull();
  });

  it("gives null once the token has expired", async () => {
    const me = await person();
    const { secret, token } = await tokens.create(me, {
      name: "Short",
      scope: "read",
      expiresInDays: 30,
    });
    expect(token.expiresAt?.getTime()).toBe(clock.getTime() + 30 * 86_400_000);
    advance(30 * 86_400_000 - 1000);
    expect(await tokens.authenticate(secret)).not.toBeNull();
    advance(1000);
    expect(await tokens.authenticate(secret)).toBeNull();
    expect((await tokens.list(me))[0]?.expired).toBe(true);
  });

  it("gives null for a disabled account", async () => {
    const me = await person();
    const { secret } = await make(me);
    await store.updateUser(me.userId, { disabledAt: clock });
    expect(await tokens.authenticate(secret)).toBeNull();
    await store.updateUser(me.userId, { disabledAt: null });
    expect(await tokens.authenticate(secret)).not.toBeNull();
  });

  it("carries the owner's grants as they stand at each use", async () => {
    const me = await person();
    const { secret } = await make(me, "Grants", "read_write");
    const member = grantOf("organisation_analyst", ORG);
    const org = { kind: "organisation", orgCode: ORG } as const;
    expect(can((await tokens.authenticate(secret))!.actor, "organisation.read_private", org)).toBe(
      false,
    );
    await store.addGrant(me.userId, member, null);
    const granted = (await tokens.authenticate(secret))!.actor;
    expect(granted.grants).toEqual([member]);
    expect(can(granted, "organisation.manage_data", org)).toBe(true);
    await store.removeGrant(me.userId, member);
    expect(can((await tokens.authenticate(secret))!.actor, "organisation.read_private", org)).toBe(
      false,
    );
  });

  it("records the last use, at most once a minute", async () => {
    const me = await person();
    const { token, secret } = await make(me);
    const lastUsed = async () => (await tokens.get(me, token.tokenId)).lastUsedAt?.getTime();
    const first = clock.getTime();
    await tokens.authenticate(secret);
    expect(await lastUsed()).toBe(first);
    advance(LAST_USED_EVERY_MS - 1000);
    await tokens.authenticate(secret);
    expect(await lastUsed()).toBe(first);
    advance(1000);
    await tokens.authenticate(secret);
    expect(await lastUsed()).toBe(clock.getTime());
  });
});

describe("scope, through the policy", () => {
  it("a read-only token is refused every change its owner could make; read_write is not", async () => {
    const analyst = await person([grantOf("organisation_analyst", ORG)]);
    const org = { kind: "organisation", orgCode: ORG } as const;
    const read = (await tokens.authenticate((await make(analyst, "R", "read")).secret))!.actor;
    const write = (await tokens.authenticate((await make(analyst, "W", "read_write")).secret))!
      .actor;
    expect(can(analyst, "organisation.manage_data", org)).toBe(true);
    expect(can(read, "organisation.read_private", org)).toBe(true);
    expect(can(read, "organisation.manage_data", org)).toBe(false);
    expect(can(write, "organisation.manage_data", org)).toBe(true);
  });

  it("no token may make a token, whatever its scope", async () => {
    const me = await person([grantOf("national_admin", "")]);
    const write = (await tokens.authenticate((await make(me, "Admin W", "read_write")).secret))!
      .actor;
    await expect(make(write, "Made by a token")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(tokens.list(write)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(tokens.listFor(write, me.userId)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await tokens.list(me)).map((x) => x.name)).toEqual(["Admin W"]);
  });
});
