// Which account an external identity opens (src/accounts/single-sign-on.ts), on the real store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditor } from "../../src/accounts/audit.js";
import { grantOf } from "../../src/accounts/roles.js";
import { createSingleSignOnService } from "../../src/accounts/single-sign-on.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let store: AccountStore;
const now = () => new Date("2026-12-04T10:00:00Z");
const issuer = "https://idp.example.nhs.uk";

beforeAll(async () => {
  t = await testDatabase();
  store = createAccountStore(t.db);
});
afterAll(async () => t?.drop());

const service = (createAccounts = false) =>
  createSingleSignOnService({ store, audit: createAuditor(store), now, createAccounts });

describe("single sign-on", () => {
  it("links a verified email to the existing account, then signs in by subject", async () => {
    const user = await store.createUser({ email: "Ada@Example.nhs.uk", displayName: "Ada" });
    const first = await service().signInWithIdentity({
      issuer,
      subject: "sub-ada",
      email: "ada@example.nhs.uk",
      emailVerified: true,
      name: "Ada Lovelace",
    });
    expect(first).toEqual({ outcome: "signed_in", userId: user.userId, created: false });
    expect((await store.userById(user.userId))?.emailVerifiedAt).toEqual(now());
    // The email changes at the provider: the subject still opens the same account.
    const second = await service().signInWithIdentity({
      issuer,
      subject: "sub-ada",
      email: "ada.l@other.nhs.uk",
      emailVerified: true,
      name: null,
    });
    expect(second).toEqual({ outcome: "signed_in", userId: user.userId, created: false });
    const log = await store.auditLog({ actorUserId: user.userId, limit: 10 });
    expect(log.map((e) => e.action)).toEqual([
      "sign_in.success",
      "sign_in.success",
      "identity.linked",
    ]);
  });

  it("never links or creates by an unverified email", async () => {
    const user = await store.createUser({ email: "bob@example.nhs.uk", displayName: "Bob" });
    const result = await service(true).signInWithIdentity({
      issuer,
      subject: "sub-mallory",
      email: "bob@example.nhs.uk",
      emailVerified: false,
      name: "Mallory",
    });
    expect(result).toEqual({ outcome: "no_account", email: "bob@example.nhs.uk" });
    expect(await store.identitiesOf(user.userId)).toEqual([]);
  });

  it("creates an account only when allowed or invited", async () => {
    const identity = {
      issuer,
      subject: "sub-cy",
      email: "cy@example.nhs.uk",
      emailVerified: true,
      name: "Cy",
    };
    expect(await service(false).signInWithIdentity(identity)).toEqual({
      outcome: "no_account",
      email: "cy@example.nhs.uk",
    });
    await store.createInvitation({
      email: "CY@example.nhs.uk",
      grant: grantOf("organisation_member", "RXX"),
      tokenHash: "x".repeat(64),
      invitedBy: null,
      expiresAt: new Date("2026-12-10T00:00:00Z"),
    });
    const invited = await service(false).signInWithIdentity(identity);
    expect(invited).toMatchObject({ outcome: "signed_in", created: true });
    const user = await store.userByEmail("cy@example.nhs.uk");
    expect(user?.displayName).toBe("Cy");
    expect(user?.passwordHash).toBeNull();
    // No role comes with the account: the invitation still has to be accepted.
    expect(await store.grantsOf(user!.userId)).toEqual([]);
  });

  it("refuses a disabled account", async () => {
    const user = await store.createUser({ email: "dee@example.nhs.uk", displayName: "Dee" });
    await store.updateUser(user.userId, { disabledAt: now() });
    const result = await service().signInWithIdentity({
      issuer,
      subject: "sub-dee",
      email: "dee@example.nhs.uk",
      emailVerified: true,
      name: null,
    });
    expect(result).toEqual({ outcome: "disabled" });
  });
});
