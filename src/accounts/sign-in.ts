/**
 * Local accounts: signing in with an email address and password (then a second factor when the
 * person has turned one on), lock-out and rate limits, email verification, password reset, and
 * the person's own account settings (name, password, two-factor, sessions).
 *
 * Rules (docs/accounts.md, Signing in):
 * - an unknown address, a wrong password and an account without a password (single sign-on
 *   only) get the same answer, and take as long (a dummy hash is verified);
 * - `lockThreshold` failures in a row lock the account for `lockForMs` (counted in PostgreSQL,
 *   so every instance counts together); a success or a password reset clears the count;
 * - sign-in attempts are rate-limited per address, reset and verification emails per address
 *   and per person (./throttle.ts);
 * - reset and verification links are single-use and expire; only their digest is stored; a new
 *   reset link voids older ones; a reset ends every session of the person.
 */
import { z } from "zod";
import { InputError } from "../errors.js";
import type { Actor, UserActor } from "./actor.js";
import { resetPasswordMessage, securityNotice, verifyEmailMessage } from "./account-emails.js";
import type { Auditor, RequestOrigin } from "./audit.js";
import type { Outbox } from "./mail.js";
import { dummyPasswordHash, passwordSchema, type PasswordHasher } from "./passwords.js";
import { authorize, requireUser } from "./policy.js";
import { digest, newRecoveryCode, newToken, normaliseRecoveryCode } from "./secrets.js";
import type { AccountSettings } from "./settings.js";
import type { AccountStore, TokenPurpose, UserRecord } from "./store.js";
import { createThrottle, LIMITS, minutesText } from "./throttle.js";
import { acceptedStep, groupedSecret, newTotpSecret, qrCodeSvg, totpUri } from "./totp.js";

export const WRONG_CREDENTIALS = "Enter a correct email address and password";
export const RECOVERY_CODE_COUNT = 10;

export type SignInOutcome =
  | { outcome: "signed_in"; userId: number }
  | { outcome: "second_factor"; userId: number }
  | { outcome: "refused"; message: string };

export type SecondFactorOutcome =
  | { outcome: "signed_in"; userId: number; recoveryCodeUsed: boolean }
  | { outcome: "refused"; message: string };

export interface AccountOverview {
  email: string;
  displayName: string;
  emailVerified: boolean;
  hasPassword: boolean;
  totpEnabled: boolean;
  recoveryCodesLeft: number;
}

export interface OwnSession {
  current: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface TotpSetup {
  /** Base32, in groups of four for typing. */
  secret: string;
  uri: string;
  /** An inline SVG image with a text alternative. */
  qrSvg: string;
}

export interface SignInService {
  signIn(email: string, password: string, origin?: RequestOrigin): Promise<SignInOutcome>;
  /** The second step: a TOTP code or a recovery code for `userId`, who passed the first. */
  completeSecondFactor(
    userId: number,
    code: string,
    origin?: RequestOrigin,
  ): Promise<SecondFactorOutcome>;
  signOut(actor: Actor, origin?: RequestOrigin): Promise<void>;

  /** Always the same answer, whether or not the address has an account. */
  requestPasswordReset(email: string, origin?: RequestOrigin): Promise<void>;
  /** False for an unknown, used or expired link; InputError (field `password`) for a weak one. */
  resetPassword(token: string, password: string, origin?: RequestOrigin): Promise<boolean>;
  sendVerificationEmail(actor: Actor, origin?: RequestOrigin): Promise<void>;
  /** False for an unknown, used or expired link. */
  verifyEmail(token: string, origin?: RequestOrigin): Promise<boolean>;

  account(actor: Actor): Promise<AccountOverview>;
  changeDisplayName(actor: Actor, displayName: string, origin?: RequestOrigin): Promise<void>;
  /** Ends every other session of the person (the web then rotates this one). */
  changePassword(
    actor: Actor,
    change: { currentPassword: string; newPassword: string; currentSessionId: string },
    origin?: RequestOrigin,
  ): Promise<void>;
  sessions(actor: Actor, currentSessionId: string): Promise<OwnSession[]>;
  /** How many sessions ended. */
  endOtherSessions(actor: Actor, currentSessionId: string, origin?: RequestOrigin): Promise<number>;

  /** A new secret to enrol (kept, not yet enabled); ConflictError-free: replaces a pending one. */
  beginTotpSetup(actor: Actor): Promise<TotpSetup>;
  /** The pending setup, to show again after a wrong code. */
  pendingTotpSetup(actor: Actor): Promise<TotpSetup | undefined>;
  /** Turns TOTP on when `code` is right; the new recovery codes (shown once). */
  confirmTotp(actor: Actor, code: string, origin?: RequestOrigin): Promise<string[]>;
  /** Needs the password (or, without one, a current code). */
  disableTotp(actor: Actor, proof: string, origin?: RequestOrigin): Promise<void>;
  regenerateRecoveryCodes(actor: Actor, origin?: RequestOrigin): Promise<string[]>;
}

export interface SignInDeps {
  store: AccountStore;
  outbox: Outbox;
  hasher: PasswordHasher;
  now: () => Date;
  settings: AccountSettings;
  audit: Auditor;
}

/** A field's problem, as pages show it beside the field. */
function fieldError(field: string, reason: string): InputError {
  return new InputError(reason, [{ column: field, reason }]);
}

const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(100, "Enter a name of at most 100 characters");

/** The audit log's actor for someone who has just proved who they are. */
function userActorOf(user: UserRecord): UserActor {
  return {
    kind: "user",
    userId: user.userId,
    email: user.email,
    displayName: user.displayName,
    grants: [],
  };
}

export function createSignInService(deps: SignInDeps): SignInService {
  const { store, outbox, hasher, now, settings, audit } = deps;
  const throttle = createThrottle(store, now);
  const anonymousActor: Actor = { kind: "anonymous" };
  const emailKey = (email: string) => email.trim().toLowerCase();

  /** The signed-in person's current record (a session outliving its account is refused). */
  async function own(actor: Actor): Promise<{ actor: UserActor; user: UserRecord }> {
    authorize(actor, "account.use");
    const user = requireUser(actor);
    const record = await store.userById(user.userId);
    if (!record) throw new InputError("Your account no longer exists.");
    return { actor: user, user: record };
  }

  /**
   * A security notice, after the change it reports has been made: the change stands even when
   * the notice cannot be queued (mail not configured), unlike a link the person is waiting for.
   */
  async function notify(email: string, what: string): Promise<void> {
    await outbox.enqueue(securityNotice(email, what)).catch(() => undefined);
  }

  async function newRecoveryCodes(userId: number): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await store.replaceRecoveryCodes(userId, codes.map(digest));
    return codes;
  }

  async function setup(user: UserRecord, secret: string): Promise<TotpSetup> {
    const uri = totpUri(secret, user.email);
    return { secret: groupedSecret(secret), uri, qrSvg: await qrCodeSvg(uri) };
  }

  /**
   * A new token for an emailed link: the person's earlier unused ones of the same purpose stop
   * working, so only the link in the newest email does.
   */
  async function linkToken(
    userId: number,
    purpose: TokenPurpose,
    lifetimeMs: number,
  ): Promise<string> {
    const at = now();
    await store.voidTokens(userId, purpose, at);
    const token = newToken();
    await store.createToken({
      tokenHash: digest(token),
      userId,
      purpose,
      expiresAt: new Date(at.getTime() + lifetimeMs),
    });
    return token;
  }

  async function signedIn(user: UserRecord, origin: RequestOrigin | undefined, factor: string) {
    await store.updateUser(user.userId, {
      failedSignIns: 0,
      lockedUntil: null,
      lastSignInAt: now(),
    });
    await audit(userActorOf(user), { action: "sign_in.success", details: { factor } }, origin);
  }

  function lockedMessage(lockedUntil: Date): string {
    const seconds = (lockedUntil.getTime() - now().getTime()) / 1000;
    return (
      `Your account is locked after too many failed attempts to sign in. Try again in ` +
      `${minutesText(seconds)}, or reset your password to unlock it now.`
    );
  }

  /**
   * Audits a sign-in to `user`'s account that the account's state refused (locked, disabled):
   * not a wrong password, so it counts towards no lock-out.
   */
  async function deniedSignIn(
    user: UserRecord,
    action: string,
    origin: RequestOrigin | undefined,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await audit(
      anonymousActor,
      {
        action,
        outcome: "denied",
        target: { kind: "user", ref: String(user.userId) },
        ...(details ? { details } : {}),
      },
      origin,
    );
  }

  /** Counts a failure; the refusal to show (the lock-out message once it locks). */
  async function failed(
    user: UserRecord,
    origin: RequestOrigin | undefined,
    action: string,
    message: string,
  ): Promise<{ outcome: "refused"; message: string }> {
    const { failedSignIns, lockedUntil } = await store.recordFailedSignIn(
      user.userId,
      now(),
      settings.lockThreshold,
      settings.lockForMs,
    );
    const target = { kind: "user", ref: String(user.userId) };
    await audit(
      anonymousActor,
      { action, outcome: "failure", target, details: { failedSignIns } },
      origin,
    );
    if (lockedUntil && lockedUntil > now()) {
      if (failedSignIns === settings.lockThreshold)
        await audit(
          anonymousActor,
          { action: "sign_in.locked", outcome: "failure", target },
          origin,
        );
      return { outcome: "refused", message: lockedMessage(lockedUntil) };
    }
    return { outcome: "refused", message };
  }

  /** The account as it stands, with an expired lock cleared (its failures forgotten). */
  async function unlockIfDue(user: UserRecord): Promise<UserRecord> {
    if (!user.lockedUntil || user.lockedUntil > now()) return user;
    await store.updateUser(user.userId, { failedSignIns: 0, lockedUntil: null });
    return { ...user, failedSignIns: 0, lockedUntil: null };
  }

  return {
    async signIn(email, password, origin) {
      await throttle(
        LIMITS.signInPerIp,
        origin?.ip ?? "unknown",
        "There have been too many attempts to sign in from your network.",
      );
      const found = email.trim() === "" ? undefined : await store.userByEmail(email.trim());
      if (!found?.passwordHash) {
        // As long as a real check, so the answer's timing does not say whether the address exists.
        await hasher.verify(await dummyPasswordHash(hasher), password);
        await audit(
          anonymousActor,
          {
            action: "sign_in.failure",
            outcome: "failure",
            details: { reason: found ? "no_password" : "unknown_email" },
          },
          origin,
        );
        return { outcome: "refused", message: WRONG_CREDENTIALS };
      }
      const user = await unlockIfDue(found);
      if (user.lockedUntil) {
        await deniedSignIn(user, "sign_in.locked", origin);
        return { outcome: "refused", message: lockedMessage(user.lockedUntil) };
      }
      if (!(await hasher.verify(user.passwordHash!, password)))
        return failed(user, origin, "sign_in.failure", WRONG_CREDENTIALS);
      if (user.disabledAt) {
        await deniedSignIn(user, "sign_in.failure", origin, { reason: "disabled" });
        return {
          outcome: "refused",
          message: "Your account has been disabled. Ask your administrator if you need it again.",
        };
      }
      if (user.totpEnabledAt) return { outcome: "second_factor", userId: user.userId };
      await signedIn(user, origin, "password");
      return { outcome: "signed_in", userId: user.userId };
    },

    async completeSecondFactor(userId, code, origin) {
      await throttle(
        LIMITS.secondFactorPerUser,
        String(userId),
        "There have been too many attempts at the second step.",
      );
      const found = await store.userById(userId);
      if (!found?.totpSecret || !found.totpEnabledAt || found.disabledAt)
        return { outcome: "refused", message: "Sign in again." };
      const user = await unlockIfDue(found);
      if (user.lockedUntil) return { outcome: "refused", message: lockedMessage(user.lockedUntil) };
      const typed = code.trim();
      if (/^[\d\s]+$/.test(typed)) {
        const step = await acceptedStep(user.totpSecret!, typed, now(), user.totpLastStep);
        if (step !== null) {
          await store.updateUser(userId, { totpLastStep: step });
          await signedIn(user, origin, "totp");
          return { outcome: "signed_in", userId, recoveryCodeUsed: false };
        }
      } else if (
        typed !== "" &&
        (await store.useRecoveryCode(userId, digest(normaliseRecoveryCode(typed)), now()))
      ) {
        await audit(userActorOf(user), { action: "recovery_code.used" }, origin);
        await signedIn(user, origin, "recovery_code");
        return { outcome: "signed_in", userId, recoveryCodeUsed: true };
      }
      return failed(
        user,
        origin,
        "sign_in.second_factor_failure",
        "Enter the current code from your authenticator app, or one of your recovery codes",
      );
    },

    async signOut(actor, origin) {
      if (actor.kind !== "user") return;
      await audit(actor, { action: "sign_out" }, origin);
    },

    async requestPasswordReset(email, origin) {
      const key = emailKey(email);
      await throttle(
        LIMITS.resetPerIp,
        origin?.ip ?? "unknown",
        "There have been too many password reset requests from your network.",
      );
      await throttle(
        LIMITS.resetPerEmail,
        key,
        "There have been too many password reset requests for this address.",
      );
      const user = key === "" ? undefined : await store.userByEmail(key);
      if (!user || user.disabledAt) {
        await audit(
          anonymousActor,
          {
            action: "password.reset_requested",
            outcome: "failure",
            details: { reason: "no_account" },
          },
          origin,
        );
        return;
      }
      const token = await linkToken(user.userId, "reset_password", settings.resetTokenMs);
      await outbox.enqueue(
        resetPasswordMessage(
          user.email,
          `${settings.publicUrl}/reset-password?token=${token}`,
          Math.round(settings.resetTokenMs / 60_000),
        ),
      );
      await audit(
        anonymousActor,
        { action: "password.reset_requested", target: { kind: "user", ref: String(user.userId) } },
        origin,
      );
    },

    async resetPassword(token, password, origin) {
      const checked = passwordSchema.safeParse(password);
      if (!checked.success)
        throw fieldError("password", checked.error.issues[0]?.message ?? "Enter a new password");
      const userId = await store.consumeToken(digest(token), "reset_password", now());
      if (userId === undefined) return false;
      const user = await store.userById(userId);
      if (!user) return false;
      await store.updateUser(userId, {
        passwordHash: await hasher.hash(checked.data),
        failedSignIns: 0,
        lockedUntil: null,
      });
      const ended = await store.destroyUserSessions(userId);
      await audit(
        userActorOf(user),
        { action: "password.reset", details: { sessionsEnded: ended } },
        origin,
      );
      await notify(user.email, "Your password was reset");
      return true;
    },

    async sendVerificationEmail(actor, origin) {
      const { actor: me, user } = await own(actor);
      if (user.emailVerifiedAt) return;
      await throttle(
        LIMITS.verifyPerUser,
        String(user.userId),
        "We have sent you several confirmation emails already.",
      );
      const token = await linkToken(user.userId, "verify_email", settings.verifyTokenMs);
      await outbox.enqueue(
        verifyEmailMessage(
          user.email,
          `${settings.publicUrl}/verify-email?token=${token}`,
          Math.round(settings.verifyTokenMs / 3_600_000),
        ),
      );
      await audit(me, { action: "email.verification_sent" }, origin);
    },

    async verifyEmail(token, origin) {
      const userId = await store.consumeToken(digest(token), "verify_email", now());
      if (userId === undefined) return false;
      const user = await store.userById(userId);
      if (!user) return false;
      await store.updateUser(userId, { emailVerifiedAt: now() });
      await audit(userActorOf(user), { action: "email.verified" }, origin);
      return true;
    },

    async account(actor) {
      const { user } = await own(actor);
      return {
        email: user.email,
        displayName: user.displayName,
        emailVerified: user.emailVerifiedAt !== null,
        hasPassword: user.passwordHash !== null,
        totpEnabled: user.totpEnabledAt !== null,
        recoveryCodesLeft: user.totpEnabledAt ? await store.unusedRecoveryCodes(user.userId) : 0,
      };
    },

    async changeDisplayName(actor, displayName, origin) {
      const { actor: me } = await own(actor);
      const checked = displayNameSchema.safeParse(displayName);
      if (!checked.success)
        throw fieldError("displayName", checked.error.issues[0]?.message ?? "Enter your name");
      await store.updateUser(me.userId, { displayName: checked.data });
      await audit(me, { action: "account.name_changed" }, origin);
    },

    async changePassword(actor, change, origin) {
      const { actor: me, user } = await own(actor);
      await throttle(LIMITS.passwordChangePerUser, String(me.userId));
      if (user.passwordHash && !(await hasher.verify(user.passwordHash, change.currentPassword)))
        throw fieldError("currentPassword", "Enter your current password correctly");
      const checked = passwordSchema.safeParse(change.newPassword);
      if (!checked.success)
        throw fieldError("newPassword", checked.error.issues[0]?.message ?? "Enter a new password");
      await store.updateUser(me.userId, { passwordHash: await hasher.hash(checked.data) });
      const ended = await store.destroyUserSessions(me.userId, digest(change.currentSessionId));
      await audit(me, { action: "password.changed", details: { sessionsEnded: ended } }, origin);
      await notify(user.email, "Your password was changed");
    },

    async sessions(actor, currentSessionId) {
      const { actor: me } = await own(actor);
      const current = digest(currentSessionId);
      const records = await store.userSessions(me.userId, now());
      return records.map((s) => ({
        current: s.sidHash === current,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        ip: s.ip,
        userAgent: s.userAgent,
      }));
    },

    async endOtherSessions(actor, currentSessionId, origin) {
      const { actor: me } = await own(actor);
      const ended = await store.destroyUserSessions(me.userId, digest(currentSessionId));
      await audit(
        me,
        { action: "sessions.ended_elsewhere", details: { sessionsEnded: ended } },
        origin,
      );
      return ended;
    },

    async beginTotpSetup(actor) {
      const { user } = await own(actor);
      if (user.totpEnabledAt) throw new InputError("Two-factor authentication is already on.");
      const secret = newTotpSecret();
      await store.updateUser(user.userId, { totpSecret: secret, totpLastStep: null });
      return setup(user, secret);
    },

    async pendingTotpSetup(actor) {
      const { user } = await own(actor);
      if (user.totpEnabledAt || !user.totpSecret) return undefined;
      return setup(user, user.totpSecret);
    },

    async confirmTotp(actor, code, origin) {
      const { actor: me, user } = await own(actor);
      if (user.totpEnabledAt) throw new InputError("Two-factor authentication is already on.");
      if (!user.totpSecret)
        throw new InputError("Start setting up two-factor authentication again.");
      const step = await acceptedStep(user.totpSecret, code, now(), user.totpLastStep);
      if (step === null)
        throw fieldError("code", "Enter the 6-digit code your authenticator app shows now");
      await store.updateUser(me.userId, { totpEnabledAt: now(), totpLastStep: step });
      const codes = await newRecoveryCodes(me.userId);
      await audit(me, { action: "totp.enabled" }, origin);
      await audit(me, { action: "recovery_codes.generated" }, origin);
      await notify(user.email, "Two-factor authentication was turned on");
      return codes;
    },

    async disableTotp(actor, proof, origin) {
      const { actor: me, user } = await own(actor);
      if (!user.totpEnabledAt || !user.totpSecret) return;
      const proved = user.passwordHash
        ? await hasher.verify(user.passwordHash, proof)
        : (await acceptedStep(user.totpSecret, proof, now(), user.totpLastStep)) !== null;
      if (!proved)
        throw fieldError(
          "proof",
          user.passwordHash
            ? "Enter your password correctly"
            : "Enter the code your authenticator app shows now",
        );
      await store.updateUser(me.userId, {
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
      });
      await store.replaceRecoveryCodes(me.userId, []);
      await audit(me, { action: "totp.disabled" }, origin);
      await notify(user.email, "Two-factor authentication was turned off");
    },

    async regenerateRecoveryCodes(actor, origin) {
      const { actor: me, user } = await own(actor);
      if (!user.totpEnabledAt) throw new InputError("Turn on two-factor authentication first.");
      const codes = await newRecoveryCodes(me.userId);
      await audit(me, { action: "recovery_codes.generated" }, origin);
      return codes;
    },
  };
}
