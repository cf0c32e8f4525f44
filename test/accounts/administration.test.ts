// Administration (src/accounts/administration.ts, invitations.ts, audit-log.ts) on the real
// store: delegation, self-grants, the last administrator, invitations, the audit log.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, UserActor } from "../../src/accounts/actor.js";
import type { AdministrationService } from "../../src/accounts/administration.js";
import { argon2Hasher } from "../../src/accounts/passwords.js";
import { grantOf, type Grant } from "../../src/accounts/roles.js";
import { defaultAccountSettings } from "../../src/accounts/settings.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../../src/errors.js";
import { icbs } from "../../src/metrics/geography.js";
import { networks } from "../../src/metrics/networks.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { composeServices } from "../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { recordingOutbox, type RecordingOutbox } from "../support/outbox.js";

let t: TestDatabase;
let store: AccountStore;
let admin: AdministrationService;
let outbox: RecordingOutbox;
let clock = new Date("2026-12-04T10:00:00Z");
const operator: Actor = { kind: "operator", label: "tester" };
const orgCode = icbs[0]!.icbCode;
const networkId = networks[0]!.id;
const otherNetworkId = networks[1]!.id;

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  store = createAccountStore(t.db);
  outbox = recordingOutbox();
  admin = composeServices({
    db: t.db,
    now: () => clock,
    outbox,
    accountSettings: { ...defaultAccountSettings, publicUrl: "https://hub.example.nhs.uk" },
  }).administration;
});
afterAll(async () => t?.drop());

let n = 0;
async function person(grants: Grant[] = []): Promise<UserActor> {
  n += 1;
  const user = await store.createUser({ email: `person${n}@example.nhs.uk`, displayName: `P${n}` });
  for (const g of grants) await store.addGrant(user.userId, g, null);
  return {
    kind: "user",
    userId: user.userId,
    email: user.email,
    displayName: user.displayName,
    grants,
  };
}

const auditOf = (action: string) => store.auditLog({ action, limit: 100 });

describe("role grants", () => {
  it("an analyst's and a lead's members are theirs alone; administrators use the people pages", async () => {
    const analyst = await person([grantOf("organisation_analyst", orgCode)]);
    const colleague = await person([grantOf("organisation_member", orgCode)]);
    const elsewhere = await person([grantOf("organisation_member", "RXX99")]);
    const members = await admin.delegatedMembers(analyst);
    expect(members.map((m) => m.userId)).toContain(colleague.userId);
    expect(members.map((m) => m.userId)).not.toContain(elsewhere.userId);
    expect(members.every((m) => m.role === "organisation_member")).toBe(true);
    expect(members.find((m) => m.userId === colleague.userId)?.description).toMatch(
      /^Organisation member for /,
    );
    expect(await admin.delegatedMembers(await person([grantOf("national_admin", "")]))).toEqual([]);
    expect(await admin.delegatedMembers(colleague)).toEqual([]);
  });

  it("a network lead grants membership of their own network only, and it is audited", async () => {
    const lead = await person([grantOf("network_lead", networkId)]);
    const member = await person();
    await admin.grant(lead, member.userId, grantOf("network_member", networkId));
    expect((await store.grantsOf(member.userId)).map((g) => g.role)).toEqual(["network_member"]);
    const [entry] = await auditOf("role.granted");
    expect(entry).toMatchObject({
      actorUserId: lead.userId,
      networkId,
      targetRef: String(member.userId),
      outcome: "success",
    });

    await expect(
      admin.grant(lead, member.userId, grantOf("network_member", otherNetworkId)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      admin.grant(lead, member.userId, grantOf("network_lead", networkId)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const denied = await store.auditLog({ action: "role.granted", outcome: "denied", limit: 10 });
    expect(denied.length).toBe(2);
  });

  it("an organisation analyst grants membership of their organisation; a member grants nothing", async () => {
    const analyst = await person([grantOf("organisation_analyst", orgCode)]);
    const member = await person([grantOf("organisation_member", orgCode)]);
    const someone = await person();
    await admin.grant(analyst, someone.userId, grantOf("organisation_member", orgCode));
    await expect(
      admin.grant(member, someone.userId, grantOf("organisation_member", orgCode)),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("nobody grants themselves a role, administrators included", async () => {
    const boss = await person([grantOf("national_admin", "")]);
    await expect(
      admin.grant(boss, boss.userId, grantOf("guide_author", "")),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("the scope must exist", async () => {
    const someone = await person();
    await expect(
      admin.grant(operator, someone.userId, grantOf("organisation_member", "ZZZ99")),
    ).rejects.toThrow(/no organisation with the ODS code ZZZ99/);
    await expect(
      admin.grant(operator, someone.userId, grantOf("network_member", "nowhere")),
    ).rejects.toBeInstanceOf(InputError);
  });

  it("the last national administrator can be neither revoked nor disabled", async () => {
    // Earlier tests made one administrator (boss); make this one the only one left.
    const { users } = await admin.users(operator, {});
    for (const u of users)
      if (u.grants.some((g) => g.role === "national_admin"))
        await store.removeGrant(u.userId, grantOf("national_admin", ""));
    const only = await person([grantOf("national_admin", "")]);
    await expect(
      admin.revoke(operator, only.userId, grantOf("national_admin", "")),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(admin.disable(operator, only.userId)).rejects.toThrow(
      /last national administrator/,
    );
    const second = await person();
    await admin.grant(operator, second.userId, grantOf("national_admin", ""));
    await admin.revoke(operator, only.userId, grantOf("national_admin", ""));
    expect(await store.countHolders("national_admin")).toBe(1);
  });
});

describe("accounts", () => {
  it("lock ends sessions; unlock clears the failures; disable ends sessions; all audited", async () => {
    const boss = await person([grantOf("national_admin", "")]);
    const target = await person();
    await store.recordFailedSignIn(target.userId, clock, 5, 60_000);
    await store.saveSession({
      sidHash: "a".repeat(64),
      userId: target.userId,
      data: {},
      createdAt: clock,
      lastSeenAt: clock,
      expiresAt: new Date(clock.getTime() + 60_000),
      ip: null,
      userAgent: null,
    });
    await admin.lock(boss, target.userId);
    expect((await store.userById(target.userId))?.lockedUntil?.getUTCFullYear()).toBe(9999);
    expect(await store.userSessions(target.userId, clock)).toEqual([]);
    expect((await admin.users(boss, { locked: true })).users.map((u) => u.userId)).toContain(
      target.userId,
    );
    await admin.unlock(boss, target.userId);
    const unlocked = await store.userById(target.userId);
    expect([unlocked?.lockedUntil, unlocked?.failedSignIns]).toEqual([null, 0]);
    await admin.disable(boss, target.userId);
    expect((await store.userById(target.userId))?.disabledAt).toEqual(clock);
    await admin.enable(boss, target.userId);
    expect((await store.userById(target.userId))?.disabledAt).toBeNull();
    for (const action of ["user.locked", "user.unlocked", "user.disabled", "user.enabled"])
      expect((await auditOf(action))[0]?.targetRef).toBe(String(target.userId));
    await expect(admin.lock(boss, boss.userId)).rejects.toThrow(/your own account/);
  });

  it("a network member may not see the people list", async () => {
    const member = await person([grantOf("network_member", networkId)]);
    await expect(admin.users(member, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(admin.user(member, member.userId)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("invitations", () => {
  const token = (link: string) => link.split("/invitations/")[1]!;

  it("invite → accept as a new person: account verified, grant added, single use, audited", async () => {
    const lead = await person([grantOf("network_lead", networkId)]);
    const { link } = await admin.invite(lead, {
      email: "New.Person@Example.nhs.uk",
      role: "network_member",
      networkId,
    });
    expect(link).toMatch(/^https:\/\/hub\.example\.nhs\.uk\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(outbox.linkTo("new.person@example.nhs.uk")).toBe(link);
    const view = await admin.invitationByToken(token(link));
    expect(view).toMatchObject({
      state: "pending",
      accountExists: false,
      invitedBy: lead.displayName,
    });
    expect(view.description).toContain("Network member for");

    await expect(
      admin.acceptAsNewUser(token(link), { displayName: "New", password: "short" }),
    ).rejects.toBeInstanceOf(InputError);
    const userId = await admin.acceptAsNewUser(token(link), {
      displayName: "New Person",
      password: "a long enough passphrase",
    });
    const user = await store.userById(userId);
    expect(user?.emailVerifiedAt).toEqual(clock);
    expect((await store.grantsOf(userId)).map((g) => g.role)).toEqual(["network_member"]);
    await expect(
      admin.acceptAsNewUser(token(link), {
        displayName: "Again",
        password: "a long enough passphrase",
      }),
    ).rejects.toThrow(/already been used/);
    expect((await admin.invitationByToken(token(link))).state).toBe("accepted");
    for (const action of ["invitation.created", "invitation.accepted", "user.created"])
      expect((await auditOf(action)).length).toBeGreaterThan(0);
  });

  it("a link withdrawn while the new account is being made leaves no account behind", async () => {
    const { link, invitation } = await admin.invite(operator, {
      email: "race@example.nhs.uk",
      role: "guide_author",
    });
    // The withdrawal lands after the link was checked and before the account is written (while
    // the password is hashed): the account, the link's use and the grant are one transaction.
    const racing = composeServices({
      db: t.db,
      now: () => clock,
      outbox,
      accountSettings: { ...defaultAccountSettings, publicUrl: "https://hub.example.nhs.uk" },
      hasher: {
        ...argon2Hasher,
        async hash(password) {
          await store.revokeInvitation(invitation.invitationId, clock);
          return argon2Hasher.hash(password);
        },
      },
    }).administration;
    await expect(
      racing.acceptAsNewUser(token(link), {
        displayName: "Racer",
        password: "a long enough passphrase",
      }),
    ).rejects.toThrow(/withdrawn/);
    expect(await store.userByEmail("race@example.nhs.uk")).toBeUndefined();
  });

  it("an existing account accepts only when signed in with the invited email", async () => {
    const invited = await person();
    const stranger = await person();
    const { link } = await admin.invite(operator, {
      email: invited.email,
      role: "organisation_member",
      orgCode: orgCode.toLowerCase(),
    });
    expect((await admin.invitationByToken(token(link))).accountExists).toBe(true);
    await expect(
      admin.acceptAsNewUser(token(link), {
        displayName: "X",
        password: "a long enough passphrase",
      }),
    ).rejects.toThrow(/Sign in to accept/);
    await expect(admin.acceptAsUser(stranger, token(link))).rejects.toBeInstanceOf(ForbiddenError);
    await admin.acceptAsUser(invited, token(link));
    expect((await store.grantsOf(invited.userId)).map((g) => g.scope)).toEqual([
      { kind: "organisation", orgCode },
    ]);
  });

  it("expired and revoked invitations say so; unknown ones are not found", async () => {
    const { link, invitation } = await admin.invite(operator, {
      email: "late@example.nhs.uk",
      role: "guide_author",
    });
    clock = new Date(clock.getTime() + defaultAccountSettings.invitationMs + 1000);
    try {
      expect((await admin.invitationByToken(token(link))).state).toBe("expired");
      await expect(
        admin.acceptAsNewUser(token(link), {
          displayName: "L",
          password: "a long enough passphrase",
        }),
      ).rejects.toThrow(/expired/);
    } finally {
      clock = new Date("2026-12-04T10:00:00Z");
    }
    const second = await admin.invite(operator, {
      email: "gone@example.nhs.uk",
      role: "guide_author",
    });
    await admin.revokeInvitation(operator, second.invitation.invitationId);
    await expect(
      admin.acceptAsNewUser(token(second.link), {
        displayName: "G",
        password: "a long enough passphrase",
      }),
    ).rejects.toThrow(/withdrawn/);
    await expect(admin.invitationByToken("x".repeat(43))).rejects.toBeInstanceOf(NotFoundError);
    expect(invitation.invitationId).toBeGreaterThan(0);
  });

  it("an invitation gives only what its sender may still give", async () => {
    const lead = await person([grantOf("network_lead", networkId)]);
    const { link } = await admin.invite(lead, {
      email: "too.late@example.nhs.uk",
      role: "network_member",
      networkId,
    });
    await store.removeGrant(lead.userId, grantOf("network_lead", networkId));
    await expect(
      admin.acceptAsNewUser(token(link), {
        displayName: "Too Late",
        password: "a long enough passphrase",
      }),
    ).rejects.toThrow(/can no longer give this role/);
    expect(await store.userByEmail("too.late@example.nhs.uk")).toBeUndefined();
  });

  it("a lead may invite only to what they may grant; the form says what is wrong", async () => {
    const lead = await person([grantOf("network_lead", networkId)]);
    expect(admin.grantOptions(lead)).toEqual([{ role: "network_member", scopeRefs: [networkId] }]);
    await expect(
      admin.invite(lead, { email: "x@example.nhs.uk", role: "national_admin" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const error = await admin
      .invite(lead, { email: "not an email", role: "network_member", networkId: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.column)).toEqual(["email", "networkId"]);
    // The lead sees only invitations to their network.
    const own = await admin.invitations(lead);
    expect(own.every((i) => i.grant.role === "network_member")).toBe(true);
  });
});

describe("audit log", () => {
  it("filters by action prefix and outcome, pages backwards, exports CSV (audited)", async () => {
    const page = await admin.auditLog(operator, { action: "invitation." });
    expect(page.entries.length).toBeGreaterThan(2);
    expect(page.entries.every((e) => e.action.startsWith("invitation."))).toBe(true);
    const denied = await admin.auditLog(operator, { outcome: "denied" });
    expect(denied.entries.every((e) => e.outcome === "denied")).toBe(true);
    const first = await admin.auditLog(operator, {});
    if (first.older !== null) {
      const older = await admin.auditLog(operator, { before: first.older });
      expect(older.entries[0]!.auditId).toBeLessThan(first.older);
    }
    const csv = await admin.exportAuditLog(operator, { action: "role." });
    expect(csv.split("\r\n")[0]).toBe(
      "audit_id,at,actor_user_id,actor,action,outcome,target_kind,target_ref,org_code,network_id,ip,details",
    );
    expect(csv).toContain("role.granted");
    expect((await auditOf("audit.exported"))[0]?.actorLabel).toBe("operator tester");
    const member = await person([grantOf("network_member", networkId)]);
    await expect(admin.auditLog(member, {})).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("pages back 50 at a time, and the CSV neutralises spreadsheet formulas", async () => {
    for (let i = 0; i < 60; i += 1)
      await store.audit({
        actorUserId: null,
        actorLabel: i === 0 ? '=HYPERLINK("http://evil")' : `bulk ${i}`,
        action: "test.bulk",
        outcome: "success",
      });
    const first = await admin.auditLog(operator, { action: "test.bulk" });
    expect(first.entries).toHaveLength(50);
    expect(first.older).not.toBeNull();
    const second = await admin.auditLog(operator, { action: "test.bulk", before: first.older! });
    expect(second.entries).toHaveLength(10);
    expect(second.older).toBeNull();
    const csv = await admin.exportAuditLog(operator, { action: "test.bulk" });
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(61);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("refuses UPDATE and DELETE from the application's connection", async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});
