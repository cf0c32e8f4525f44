// The sign-in service's rules over the real store, with a clock the tests move and a hasher
// that counts its work (so the unknown-address path can be seen to verify a dummy hash).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "otplib";
import { createAuditor } from "../../src/accounts/audit.js";
import type { UserActor } from "../../src/accounts/actor.js";
import type { MailMessage } from "../../src/accounts/mail.js";
import type { PasswordHasher } from "../../src/accounts/passwords.js";
import { defaultAccountSettings } from "../../src/accounts/settings.js";
import { createSignInService, type SignInService } from "../../src/accounts/sign-in.js";
import type { AccountStore } from "../../src/accounts/store.js";
import { acceptedStep } from "../../src/accounts/totp.js";
import { InputError, RateLimitedError, SignInRequiredError } from "../../src/errors.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let store: AccountStore;
let service: SignInService;
let clock = new Date("2026-05-04T10:00:00Z");
const sent: MailMessage[] = [];
let verifications = 0;
/** Plain "hash:" prefixes: fast, and enough to tell right from wrong. */
const hasher: PasswordHasher = {
  hash: async (p) => `hash:${p}`,
  verify: async (h, p) => {
    verifications++;
    return h === `hash:${p}`;
  },
};

const PASSWORD = "a long enough password";
let n = 0;
async function newUser(password: string | null = PASSWORD) {
  return store.createUser({
    email: `user${++n}@example.nhs.uk`,
    displayName: `User ${n}`,
    passwordHash: password === null ? null : `hash:${password}`,
  });
}
const actorOf = (user: { userId: number; email: string; displayName: string }): UserActor => ({
  kind: "user",
  userId: user.userId,
  email: user.email,
  displayName: user.displayName,
  grants: [],
});

beforeAll(async () => {
  t = await testDatabase();
  store = createAccountStore(t.db);
  service = createSignInService({
    store,
    outbox: { enqueue: async (m) => void sent.push(m) },
    hasher,
    now: () => clock,
    settings: defaultAccountSettings,
    audit: createAuditor(store),
  });
});

afterAll(async () => {
  await t?.drop();
});

describe("sign-in service", () => {
  it("verifies a dummy hash for an unknown address, and says the same as for a wrong password", async () => {
    const user = await newUser();
    const before = verifications;
    const unknown = await service.signIn("nobody@example.nhs.uk", PASSWORD, { ip: "198.51.100.1" });
    expect(verifications).toBe(before + 1);
    const wrong = await service.signIn(user.email, "not the password", { ip: "198.51.100.1" });
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({
      outcome: "refused",
      message: "Enter a correct email address and password",
    });
  });

  it("matches the address whatever its case", async () => {
    const user = await newUser();
    const res = await service.signIn(user.email.toUpperCase(), PASSWORD, { ip: "198.51.100.2" });
    expect(res).toEqual({ outcome: "signed_in", userId: user.userId });
  });

  it("a lock that has run out forgets its failures", async () => {
    const user = await newUser();
    for (let i = 0; i < defaultAccountSettings.lockThreshold; i++)
      await service.signIn(user.email, "wrong", { ip: "198.51.100.3" });
    clock = new Date(clock.getTime() + defaultAccountSettings.lockForMs + 1);
    // One more failure after the lock ran out does not lock it again at once.
    const res = await service.signIn(user.email, "wrong", { ip: "198.51.100.3" });
    expect(res).toEqual({
      outcome: "refused",
      message: "Enter a correct email address and password",
    });
    expect((await store.userById(user.userId))?.failedSignIns).toBe(1);
  });

  it("limits sign-in attempts per network address, whoever they are for", async () => {
    let error: unknown;
    for (let i = 0; i < 101 && !error; i++)
      error = await service.signIn(`guess${i}@example.nhs.uk`, "x", { ip: "203.0.113.9" }).then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // Another address is not affected.
    const other = await service.signIn("guess@example.nhs.uk", "x", { ip: "203.0.113.10" });
    expect(other.outcome).toBe("refused");
  });

  it("refuses own-account actions to nobody", async () => {
    await expect(service.account({ kind: "anonymous" })).rejects.toBeInstanceOf(
      SignInRequiredError,
    );
    await expect(service.beginTotpSetup({ kind: "anonymous" })).rejects.toBeInstanceOf(
      SignInRequiredError,
    );
  });

  it("rate-limits verification emails with the seconds to wait", async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) await service.sendVerificationEmail(actorOf(user));
    const error = await service.sendVerificationEmail(actorOf(user)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(3600);
  });

  it("refuses a weak new password without using the reset link up", async () => {
    const user = await newUser();
    await service.requestPasswordReset(user.email);
    const token = /token=([\w-]+)/.exec(sent.at(-1)!.text)![1]!;
    await expect(service.resetPassword(token, "short")).rejects.toBeInstanceOf(InputError);
    expect(await service.resetPassword(token, "a better new password")).toBe(true);
    expect(await service.resetPassword(token, "a better new password")).toBe(false);
  });
});

describe("TOTP", () => {
  it("accepts one step either side of now, not two, and never a step twice", async () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const now = new Date("2026-05-04T10:00:15Z");
    const at = (seconds: number) =>
      generate({ secret, epoch: Math.floor(now.getTime() / 1000) + seconds });
    const step = Math.floor(now.getTime() / 30_000);
    expect(await acceptedStep(secret, await at(0), now, null)).toBe(step);
    expect(await acceptedStep(secret, await at(-30), now, null)).toBe(step - 1);
    expect(await acceptedStep(secret, await at(30), now, null)).toBe(step + 1);
    expect(await acceptedStep(secret, await at(-60), now, null)).toBeNull();
    expect(await acceptedStep(secret, await at(60), now, null)).toBeNull();
    expect(await acceptedStep(secret, await at(0), now, step)).toBeNull();
    expect(await acceptedStep(secret, "12345", now, null)).toBeNull();
  });

  it("an account without a password turns TOTP off with a current code", async () => {
    const user = await newUser(null);
    const me = actorOf(user);
    const setup = await service.beginTotpSetup(me);
    const secret = setup.secret.replace(/ /g, "");
    const epoch = Math.floor(clock.getTime() / 1000);
    const codes = await service.confirmTotp(me, await generate({ secret, epoch }));
    expect(codes).toHaveLength(10);
    expect((await service.account(me)).recoveryCodesLeft).toBe(10);
    await expect(service.disableTotp(me, "000000")).rejects.toBeInstanceOf(InputError);
    clock = new Date(clock.getTime() + 30_000);
    await service.disableTotp(me, await generate({ secret, epoch: epoch + 30 }));
    expect((await service.account(me)).totpEnabled).toBe(false);
    expect(await store.unusedRecoveryCodes(user.userId)).toBe(0);
  });
});
