/**
 * Administration (issue 15): people, their role grants, lock-out and disabling, sessions, the
 * audit log, and invitations (./invitations.ts). Every method takes the actor and asks the
 * policy first (./guard.ts: a refusal is audited as "denied"); every change is audited
 * (docs/accounts.md, "Audit events"). The web's /admin pages and `improve users` both use it.
 *
 * Rules beyond the policy: the scope of a grant must exist; nobody locks or disables their own
 * account; the last national administrator can be neither revoked nor disabled.
 */
import { ConflictError, NotFoundError, UsageError } from "../errors.js";
import { actorUserId, type Actor } from "./actor.js";
import type { RequestOrigin } from "./audit.js";
import { createAuditLogReader } from "./audit-log.js";
import { grantOptions, type GrantOption } from "./grant-options.js";
import { grantAudit, guard } from "./guard.js";
import {
  createInvitations,
  displayNameSchema,
  emailSchema,
  fieldErrors,
  parseGrantInput,
  type InvitationDeps,
} from "./invitations.js";
import { passwordSchema } from "./passwords.js";
import { can, hub } from "./policy.js";
import { describeGrant, grantOf, scopeRef, type Grant } from "./roles.js";
import type {
  GrantHolder,
  GrantRecord,
  IdentityRecord,
  SessionRecord,
  UserPatch,
  UserRecord,
  UserWithGrants,
} from "./store.js";

export type AdministrationDeps = InvitationDeps;

export const USERS_PAGE_SIZE = 50;

/** An administrator's lock lasts until someone unlocks the account. */
const LOCKED_FOR_GOOD = new Date("9999-12-31T00:00:00Z");

export interface DescribedGrant extends GrantRecord {
  /** "Organisation analyst for Example Hospitals NHS Trust". */
  description: string;
}

/** A member of a network or organisation, as its lead or analyst sees them. */
export interface DelegatedMember extends GrantHolder {
  /** "Network member for North East and North Cumbria UEC LIN". */
  description: string;
}

export interface UserDetail {
  user: UserRecord;
  grants: DescribedGrant[];
  identities: IdentityRecord[];
  sessions: SessionRecord[];
}

export interface SessionWithUser extends SessionRecord {
  email: string;
  displayName: string;
}

export interface AdministrationOverview {
  users: number;
  locked: number;
  pendingInvitations: number;
  activeSessions: number;
}

export function createAdministrationService(deps: AdministrationDeps) {
  const { store, now, audit, scopes } = deps;
  const invitations = createInvitations(deps);
  const auditLog = createAuditLogReader(deps);

  const userTarget = (userId: number) => ({ kind: "user", ref: String(userId) });

  async function existingUser(userId: number): Promise<UserRecord> {
    const user = await store.userById(userId);
    if (!user) throw new NotFoundError("There is no such account.");
    return user;
  }

  async function isLastAdministrator(userId: number): Promise<boolean> {
    const grants = await store.grantsOf(userId);
    if (!grants.some((g) => g.role === "national_admin")) return false;
    return (await store.countHolders("national_admin")) <= 1;
  }

  async function manage(actor: Actor, userId: number, action: string, origin?: RequestOrigin) {
    await guard(
      audit,
      actor,
      "users.manage",
      { kind: "user", userId },
      { action, target: userTarget(userId) },
      origin,
    );
    if (actorUserId(actor) === userId)
      throw new UsageError("You cannot do this to your own account. Ask another administrator.");
    return existingUser(userId);
  }

  /**
   * Shuts `userId` out (locked or disabled): the change, then every session they hold ends at
   * once, since a session outlives the password check that began it; the audit entry says how many.
   */
  async function shutOut(
    actor: Actor,
    userId: number,
    action: string,
    patch: UserPatch,
    origin?: RequestOrigin,
  ) {
    await store.updateUser(userId, patch);
    const ended = await store.destroyUserSessions(userId);
    await audit(
      actor,
      { action, target: userTarget(userId), details: { sessionsEnded: ended } },
      origin,
    );
  }

  async function checkScope(grant: Grant): Promise<string> {
    const name = await scopes.scopeName(grant.scope);
    if (name !== undefined) return name;
    const ref = scopeRef(grant.scope);
    throw fieldErrors([
      grant.scope.kind === "organisation"
        ? { field: "orgCode", reason: `There is no organisation with the ODS code ${ref}` }
        : { field: "networkId", reason: `There is no network ${ref}` },
    ]);
  }

  const service = {
    ...invitations,
    ...auditLog,

    /** Grants in plain words, with the names of their organisations and networks. */
    describeGrants(grants: readonly Grant[]): Promise<string[]> {
      return Promise.all(
        grants.map(async (g) => describeGrant(g, (await scopes.scopeName(g.scope)) || undefined)),
      );
    },

    /** The grants the actor may give (for the pickers). */
    grantOptions(actor: Actor): GrantOption[] {
      return grantOptions(actor);
    },

    /**
     * The people whose roles the actor may remove without being an administrator: the members
     * of the networks they lead and of the organisations whose analyst they are. Empty for
     * administrators (they have the people pages) and for everyone else.
     */
    async delegatedMembers(actor: Actor): Promise<DelegatedMember[]> {
      if (can(actor, "users.view")) return [];
      const grants = grantOptions(actor).flatMap((o) =>
        (o.scopeRefs ?? []).map((ref) => grantOf(o.role, ref)),
      );
      const holders = await store.grantHolders(grants);
      return Promise.all(
        holders.map(async (h) => ({
          ...h,
          description: describeGrant(h, (await scopes.scopeName(h.scope)) || undefined),
        })),
      );
    },

    async overview(actor: Actor): Promise<AdministrationOverview> {
      await guard(audit, actor, "users.view", hub, { action: "users.view" });
      const at = now();
      const [all, locked, pending, sessions] = await Promise.all([
        store.users({ limit: 1, offset: 0 }),
        store.users({ limit: 1, offset: 0, lockedAt: at }),
        store.invitations({ pendingAt: at, limit: 10_000 }),
        store.activeSessions(at, 10_000),
      ]);
      return {
        users: all.total,
        locked: locked.total,
        pendingInvitations: pending.length,
        activeSessions: sessions.length,
      };
    },

    async users(
      actor: Actor,
      query: { search?: string; locked?: boolean; page?: number } = {},
    ): Promise<{ users: UserWithGrants[]; total: number; page: number; pages: number }> {
      await guard(audit, actor, "users.view", hub, { action: "users.view" });
      const page = Math.max(1, query.page ?? 1);
      const { users, total } = await store.users({
        ...(query.search?.trim() ? { search: query.search.trim() } : {}),
        ...(query.locked ? { lockedAt: now() } : {}),
        limit: USERS_PAGE_SIZE,
        offset: (page - 1) * USERS_PAGE_SIZE,
      });
      return { users, total, page, pages: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) };
    },

    async user(actor: Actor, userId: number): Promise<UserDetail> {
      await guard(audit, actor, "users.view", hub, { action: "users.view" });
      const user = await existingUser(userId);
      const [grants, identities, sessions] = await Promise.all([
        store.grantsOf(userId),
        store.identitiesOf(userId),
        store.userSessions(userId, now()),
      ]);
      const described = await Promise.all(
        grants.map(async (g) => ({
          ...g,
          description: describeGrant(g, (await scopes.scopeName(g.scope)) || undefined),
        })),
      );
      return { user, grants: described, identities, sessions };
    },

    /** The account with this email address (for the command line), or NotFoundError. */
    async userByEmail(actor: Actor, email: string): Promise<UserRecord> {
      await guard(audit, actor, "users.view", hub, { action: "users.view" });
      const user = await store.userByEmail(email.trim());
      if (!user) throw new NotFoundError(`There is no account for ${email.trim()}.`);
      return user;
    },

    /**
     * Creates an account directly (the operator's first administrator; invitations are the way
     * for everyone else), its email counted as verified, optionally a national administrator.
     */
    async createUser(
      actor: Actor,
      input: { email: string; displayName: string; password: string; admin?: boolean },
      origin?: RequestOrigin,
    ): Promise<UserRecord> {
      await guard(audit, actor, "users.create", hub, { action: "user.created" }, origin);
      const email = emailSchema.safeParse(input.email);
      if (!email.success) throw new UsageError(email.error.issues[0]?.message ?? "Bad email");
      const name = displayNameSchema.safeParse(input.displayName);
      if (!name.success) throw new UsageError(name.error.issues[0]?.message ?? "Bad name");
      const password = passwordSchema.safeParse(input.password);
      if (!password.success)
        throw new UsageError(password.error.issues[0]?.message ?? "Bad password");
      const user = await store.createUser({
        email: email.data,
        displayName: name.data,
        passwordHash: await deps.hasher.hash(password.data),
        emailVerifiedAt: now(),
      });
      await audit(actor, { action: "user.created", target: userTarget(user.userId) }, origin);
      if (input.admin)
        await service.grant(actor, user.userId, grantOf("national_admin", ""), origin);
      return user;
    },

    async grant(actor: Actor, userId: number, grant: Grant, origin?: RequestOrigin) {
      const where = grantAudit(grant);
      await guard(
        audit,
        actor,
        "roles.grant",
        { kind: "grant", grant, userId },
        { action: "role.granted", target: userTarget(userId), ...where },
        origin,
      );
      const user = await existingUser(userId);
      await checkScope(grant);
      const added = await store.addGrant(userId, grant, actorUserId(actor));
      if (!added) throw new ConflictError(`${user.email} already has this role.`);
      await audit(actor, { action: "role.granted", target: userTarget(userId), ...where }, origin);
    },

    /** `grant` from a form's role and scope fields (InputError naming the field when wrong). */
    async grantFromForm(
      actor: Actor,
      userId: number,
      input: { role: string; orgCode?: string; networkId?: string },
      origin?: RequestOrigin,
    ) {
      const { grant, problems } = parseGrantInput(input);
      if (!grant) throw fieldErrors(problems);
      await service.grant(actor, userId, grant, origin);
    },

    async revoke(actor: Actor, userId: number, grant: Grant, origin?: RequestOrigin) {
      const where = grantAudit(grant);
      const event = { action: "role.revoked", target: userTarget(userId), ...where };
      await guard(audit, actor, "roles.revoke", { kind: "grant", grant, userId }, event, origin);
      const user = await existingUser(userId);
      if (grant.role === "national_admin" && (await isLastAdministrator(userId)))
        throw new ConflictError(
          `${user.email} is the last national administrator: make someone else one first.`,
        );
      if (!(await store.removeGrant(userId, grant)))
        throw new NotFoundError(`${user.email} does not have this role.`);
      await audit(actor, event, origin);
    },

    async lock(actor: Actor, userId: number, origin?: RequestOrigin) {
      await manage(actor, userId, "user.locked", origin);
      await shutOut(actor, userId, "user.locked", { lockedUntil: LOCKED_FOR_GOOD }, origin);
    },

    async unlock(actor: Actor, userId: number, origin?: RequestOrigin) {
      await manage(actor, userId, "user.unlocked", origin);
      await store.updateUser(userId, { lockedUntil: null, failedSignIns: 0 });
      await audit(actor, { action: "user.unlocked", target: userTarget(userId) }, origin);
    },

    async disable(actor: Actor, userId: number, origin?: RequestOrigin) {
      const user = await manage(actor, userId, "user.disabled", origin);
      if (await isLastAdministrator(userId))
        throw new ConflictError(
          `${user.email} is the last national administrator: make someone else one first.`,
        );
      await shutOut(actor, userId, "user.disabled", { disabledAt: now() }, origin);
    },

    async enable(actor: Actor, userId: number, origin?: RequestOrigin) {
      await manage(actor, userId, "user.enabled", origin);
      await store.updateUser(userId, { disabledAt: null });
      await audit(actor, { action: "user.enabled", target: userTarget(userId) }, origin);
    },

    /** Ends one session of `userId` (by its id's digest), or all of them without `sidHash`. */
    async endSessions(actor: Actor, userId: number, sidHash?: string, origin?: RequestOrigin) {
      await guard(
        audit,
        actor,
        "users.manage",
        { kind: "user", userId },
        { action: "session.ended", target: userTarget(userId) },
        origin,
      );
      let ended: number;
      if (sidHash === undefined) ended = await store.destroyUserSessions(userId);
      else {
        const sessions = await store.userSessions(userId, now());
        if (!sessions.some((s) => s.sidHash === sidHash))
          throw new NotFoundError("That session has already ended.");
        await store.destroySession(sidHash);
        ended = 1;
      }
      await audit(
        actor,
        { action: "session.ended", target: userTarget(userId), details: { sessions: ended } },
        origin,
      );
      return ended;
    },

    /** Signed-in sessions across the hub, most recently active first. */
    async sessions(actor: Actor): Promise<SessionWithUser[]> {
      await guard(audit, actor, "sessions.view", hub, { action: "sessions.view" });
      const sessions = await store.activeSessions(now(), 500);
      const people = new Map<number, UserRecord | undefined>();
      for (const s of sessions)
        if (s.userId !== null && !people.has(s.userId))
          people.set(s.userId, await store.userById(s.userId));
      return sessions.map((s) => {
        const person = s.userId === null ? undefined : people.get(s.userId);
        return { ...s, email: person?.email ?? "", displayName: person?.displayName ?? "" };
      });
    },
  };
  return service;
}

export type AdministrationService = ReturnType<typeof createAdministrationService>;
