/**
 * The accounts service: who a session's person is now (`actorFor`), and the parts every page
 * needs. Sign-in, recovery and account settings are in ./sign-in.ts; administration (people,
 * invitations, roles, sessions, the audit log) in ./administration.ts. Every method that reads
 * private data or changes anything asks the policy (./policy.ts) first.
 */
import { anonymous, type Actor } from "./actor.js";
import { createAuditor, type Auditor } from "./audit.js";
import type { Outbox } from "./mail.js";
import { argon2Hasher, type PasswordHasher } from "./passwords.js";
import { defaultAccountSettings, type AccountSettings } from "./settings.js";
import { createSignInService, type SignInService } from "./sign-in.js";
import type { AccountStore } from "./store.js";

export interface AccountServiceDeps {
  store: AccountStore;
  now: () => Date;
  /** Where emails about accounts go (links to verify, reset; security notices). */
  outbox: Outbox;
  /** Default: argon2id (./passwords.ts); tests may pass a faster one. */
  hasher?: PasswordHasher;
  /** Default: `defaultAccountSettings`. */
  settings?: AccountSettings;
  /** Default: the audit log in `store`. */
  audit?: Auditor;
}

export interface AccountService extends SignInService {
  /**
   * The person signed in to a session, with their grants as they stand now; anonymous when the
   * account no longer exists or is disabled (so disabling takes effect at the next request).
   */
  actorFor(userId: number): Promise<Actor>;
}

export function createAccountService(deps: AccountServiceDeps): AccountService {
  const { store } = deps;
  const signIn = createSignInService({
    store,
    outbox: deps.outbox,
    hasher: deps.hasher ?? argon2Hasher,
    now: deps.now,
    settings: deps.settings ?? defaultAccountSettings,
    audit: deps.audit ?? createAuditor(store),
  });
  return {
    ...signIn,
    async actorFor(userId) {
      const user = await store.userById(userId);
      if (!user || user.disabledAt) return anonymous;
      const grants = await store.grantsOf(userId);
      return {
        kind: "user",
        userId: user.userId,
        email: user.email,
        displayName: user.displayName,
        grants: grants.map(({ role, scope }) => ({ role, scope })),
      };
    },
  };
}
