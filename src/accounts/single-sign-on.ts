/**
 * Signing in with an OpenID Connect provider (NHS CIS2, Microsoft Entra ID): which account an
 * external identity opens. In order:
 *
 * 1. the account already linked to the identity (issuer and subject: stable, unlike an email);
 * 2. else the account with the identity's email address, if the provider says it verified it:
 *    the identity is linked to it from then on;
 * 3. else a new account, if the hub creates accounts for the provider's people
 *    (`OIDC_CREATE_ACCOUNTS`) or a pending invitation was sent to that verified address;
 * 4. else nobody: the person is told to ask for an invitation.
 *
 * An unverified email address never links or creates anything: anyone can claim an address at
 * some providers.
 */
import { anonymous, type Actor } from "./actor.js";
import type { Auditor, RequestOrigin } from "./audit.js";
import type { ExternalIdentity } from "./identity-provider.js";
import type { AccountStore } from "./store.js";

export type SsoOutcome =
  | { outcome: "signed_in"; userId: number; created: boolean }
  | { outcome: "no_account"; email: string | null }
  | { outcome: "disabled" };

export interface SingleSignOnDeps {
  store: AccountStore;
  audit: Auditor;
  now: () => Date;
  /** Create an account for anyone the provider vouches for (no roles until granted). */
  createAccounts: boolean;
}

export interface SingleSignOnService {
  signInWithIdentity(identity: ExternalIdentity, origin?: RequestOrigin): Promise<SsoOutcome>;
}

/** A display name from the provider, else the address's local part ("ada.lovelace"). */
function displayNameOf(identity: ExternalIdentity): string {
  const name = identity.name?.trim();
  if (name) return name.slice(0, 100);
  return (identity.email ?? identity.subject).split("@")[0]!.slice(0, 100) || "NHS colleague";
}

export function createSingleSignOnService(deps: SingleSignOnDeps): SingleSignOnService {
  const { store, audit, now } = deps;
  const self = (userId: number, email: string): Actor => ({
    kind: "user",
    userId,
    email,
    displayName: email,
    grants: [],
  });

  return {
    async signInWithIdentity(identity, origin) {
      const at = now();
      const details = { method: "sso", issuer: identity.issuer };
      const linked = await store.identity(identity.issuer, identity.subject);
      let userId = linked?.userId;
      let created = false;
      const email = identity.emailVerified ? identity.email : null;

      if (userId === undefined && email) {
        const existing = await store.userByEmail(email);
        if (existing) userId = existing.userId;
        else {
          const invited = (await store.invitations({ pendingAt: at, limit: 1000 })).some(
            (i) => i.email.toLowerCase() === email.toLowerCase(),
          );
          if (deps.createAccounts || invited) {
            const user = await store.createUser({
              email,
              displayName: displayNameOf(identity),
              emailVerifiedAt: at,
            });
            userId = user.userId;
            created = true;
            await audit(
              self(user.userId, email),
              {
                action: "user.created",
                target: { kind: "user", ref: String(user.userId) },
                details: { ...details, reason: invited ? "invitation" : "sso" },
              },
              origin,
            );
          }
        }
        if (userId !== undefined) {
          await store.linkIdentity({
            issuer: identity.issuer,
            subject: identity.subject,
            userId,
            email,
          });
          await audit(
            self(userId, email),
            {
              action: "identity.linked",
              target: { kind: "user", ref: String(userId) },
              details,
            },
            origin,
          );
        }
      }

      if (userId === undefined) {
        await audit(
          anonymous,
          {
            action: "sign_in.failure",
            outcome: "failure",
            details: { ...details, reason: "no account", email: identity.email },
          },
          origin,
        );
        return { outcome: "no_account", email: identity.email };
      }
      const user = await store.userById(userId);
      if (!user || user.disabledAt) {
        await audit(
          anonymous,
          {
            action: "sign_in.failure",
            outcome: "failure",
            target: { kind: "user", ref: String(userId) },
            details: { ...details, reason: "disabled" },
          },
          origin,
        );
        return { outcome: "disabled" };
      }
      if (email && !user.emailVerifiedAt) await store.updateUser(userId, { emailVerifiedAt: at });
      await store.touchIdentity(identity.issuer, identity.subject, at);
      await store.updateUser(userId, { lastSignInAt: at });
      await audit(
        self(userId, user.email),
        {
          action: "sign_in.success",
          target: { kind: "user", ref: String(userId) },
          details,
        },
        origin,
      );
      return { outcome: "signed_in", userId, created };
    },
  };
}
