/**
 * Sign-up by invitation. Someone who may give a grant (policy.ts: an administrator, or a network
 * lead or organisation analyst one step down) invites an email address to it; the invitation is
 * a single-use link (256 random bits; the database keeps its SHA-256) sent through the outbox and
 * valid for `settings.invitationMs`. Opening it, a new person sets a name and password (their
 * account's email counts as verified: the link reached it); someone with an account signs in
 * first and accepts with one button. Only the account with the invitation's email address may
 * accept it.
 */
import { z } from "zod";
import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../errors.js";
import { actorUserId, type Actor } from "./actor.js";
import type { RequestOrigin } from "./audit.js";
import { grantAudit, guard } from "./guard.js";
import { grantOptions } from "./grant-options.js";
import { passwordSchema } from "./passwords.js";
import { authorize, can, requireUser } from "./policy.js";
import {
  describeGrant,
  grantOf,
  ROLE_LABELS,
  ROLE_PURPOSES,
  roleSchema,
  scopeKindOf,
  scopeRef,
  type Grant,
} from "./roles.js";
import type { ScopeDirectory } from "./scopes.js";
import type { SignInDeps } from "./sign-in.js";
import { digest, newToken } from "./secrets.js";
import type { AccountStore, InvitationRecord } from "./store.js";

/** What sign-in needs, and the names of scopes (an invitation's email says what it offers). */
export interface InvitationDeps extends SignInDeps {
  scopes: ScopeDirectory;
}

export const emailSchema = z
  .string()
  .trim()
  .max(254, "Enter an email address of at most 254 characters")
  .email("Enter an email address in the correct format, like name@example.nhs.uk")
  .transform((e) => e.toLowerCase());

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(100, "Enter a name of at most 100 characters");

/** An invitation form as posted: the scope is an ODS code or a network id, by the role's kind. */
export interface InvitationInput {
  email: string;
  role: string;
  orgCode?: string;
  networkId?: string;
}

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

export interface InvitationSummary extends InvitationRecord {
  state: InvitationState;
  /** "Network member for London UEC LIN". */
  description: string;
}

/** What the invitation page shows the person who opened the link. */
export interface InvitationView {
  state: InvitationState;
  email: string;
  grant: Grant;
  description: string;
  roleLabel: string;
  rolePurpose: string;
  invitedBy: string | null;
  expiresAt: Date;
  /** Whether an account with the invitation's email address exists (then: sign in to accept). */
  accountExists: boolean;
}

/** An invitation's token in a link: 43 URL-safe characters. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

function stateOf(invitation: InvitationRecord, now: Date): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "pending";
}

/** Why an invitation can no longer be used, in plain words. */
export const INVITATION_GONE: Record<Exclude<InvitationState, "pending">, string> = {
  accepted: "This invitation has already been used. Each invitation link works once.",
  revoked: "This invitation was withdrawn by the person who sent it.",
  expired: "This invitation has expired. Ask the person who invited you to send a new one.",
};

/** A grant as a form gives it: a role, and an ODS code or a network id by the role's kind. */
export function parseGrantInput(input: {
  role: string;
  orgCode?: string | undefined;
  networkId?: string | undefined;
}): { grant?: Grant; problems: { field: string; reason: string }[] } {
  const role = roleSchema.safeParse(input.role);
  if (!role.success) return { problems: [{ field: "role", reason: "Choose a role" }] };
  const kind = scopeKindOf(role.data);
  const ref =
    kind === "organisation"
      ? (input.orgCode ?? "").trim().toUpperCase()
      : kind === "network"
        ? (input.networkId ?? "").trim()
        : "";
  if (kind === "organisation" && !/^[A-Z0-9]{2,10}$/.test(ref))
    return { problems: [{ field: "orgCode", reason: "Enter the organisation's ODS code" }] };
  if (kind === "network" && ref === "")
    return { problems: [{ field: "networkId", reason: "Choose a network" }] };
  return { grant: grantOf(role.data, ref), problems: [] };
}

/** Field problems as one InputError (`column` names the form field). */
export function fieldErrors(problems: { field: string; reason: string }[]): InputError {
  return new InputError(
    problems[0]?.reason ?? "Check the form",
    problems.map((p) => ({ column: p.field, reason: p.reason })),
  );
}

function issuesOf(error: z.ZodError, field: string): { field: string; reason: string }[] {
  return error.issues.slice(0, 1).map((i) => ({ field, reason: i.message }));
}

export function createInvitations(deps: InvitationDeps) {
  const { store, outbox, hasher, now, settings, audit, scopes } = deps;

  const describe = async (grant: Grant) =>
    describeGrant(grant, (await scopes.scopeName(grant.scope)) || undefined);

  /** The invitation a link's token names, in whatever state; a malformed token names none. */
  async function byToken(token: string): Promise<InvitationRecord> {
    const parsed = invitationTokenSchema.safeParse(token);
    const invitation = parsed.success
      ? await store.invitationByToken(digest(parsed.data))
      : undefined;
    if (!invitation)
      throw new NotFoundError(
        "This invitation link is not valid. Check you copied the whole link from the email.",
      );
    return invitation;
  }

  async function pendingByToken(token: string): Promise<InvitationRecord> {
    const invitation = await byToken(token);
    const state = stateOf(invitation, now());
    if (state !== "pending") throw new ConflictError(INVITATION_GONE[state]);
    return invitation;
  }

  /**
   * An invitation gives only what its sender may still give: a network lead who has since lost
   * the lead role, or a disabled sender, no longer vouches for it (an operator's always does).
   */
  async function senderStillMay(invitation: InvitationRecord, userId: number | null) {
    if (invitation.invitedBy === null) return;
    const sender = await store.userById(invitation.invitedBy);
    const grants = sender && !sender.disabledAt ? await store.grantsOf(sender.userId) : [];
    const actor: Actor | undefined = sender && {
      kind: "user",
      userId: sender.userId,
      email: sender.email,
      displayName: sender.displayName,
      grants: grants.map(({ role, scope }) => ({ role, scope })),
    };
    if (!actor || !can(actor, "roles.grant", { kind: "grant", grant: invitation.grant, userId }))
      throw new ConflictError(
        "The person who sent this invitation can no longer give this role. Ask them, or an administrator, to invite you again.",
      );
  }

  /** Audits an invitation's use and its grant, once both have committed. */
  async function accepted(
    actor: Actor,
    invitation: InvitationRecord,
    userId: number,
    origin?: RequestOrigin,
  ) {
    const where = grantAudit(invitation.grant);
    await audit(
      actor,
      {
        action: "invitation.accepted",
        target: { kind: "invitation", ref: String(invitation.invitationId) },
        ...where,
      },
      origin,
    );
    await audit(
      actor,
      {
        action: "role.granted",
        target: { kind: "user", ref: String(userId) },
        ...where,
        details: { ...where.details, via: "invitation", invitationId: invitation.invitationId },
      },
      origin,
    );
  }

  return {
    /** Invites `email` to a grant; returns the invitation and its link (also emailed). */
    async invite(
      actor: Actor,
      input: InvitationInput,
      origin?: RequestOrigin,
    ): Promise<{ invitation: InvitationRecord; link: string }> {
      const problems: { field: string; reason: string }[] = [];
      const email = emailSchema.safeParse(input.email);
      if (!email.success) problems.push(...issuesOf(email.error, "email"));
      const parsed = parseGrantInput(input);
      problems.push(...parsed.problems);
      const grant = parsed.grant;
      if (!email.success || !grant) throw fieldErrors(problems);

      const existing = await store.userByEmail(email.data);
      const where = grantAudit(grant);
      await guard(
        audit,
        actor,
        "roles.grant",
        { kind: "grant", grant, userId: existing?.userId ?? null },
        {
          action: "invitation.created",
          ...where,
          details: { ...where.details, email: email.data },
        },
        origin,
      );
      const scopeName = await scopes.scopeName(grant.scope);
      if (scopeName === undefined)
        throw fieldErrors([
          grant.scope.kind === "organisation"
            ? {
                field: "orgCode",
                reason: `There is no organisation with the ODS code ${ref(grant)}`,
              }
            : { field: "networkId", reason: `There is no network ${ref(grant)}` },
        ]);
      if (existing) {
        const held = await store.grantsOf(existing.userId);
        if (held.some((g) => g.role === grant.role && scopeRef(g.scope) === ref(grant)))
          throw fieldErrors([{ field: "email", reason: `${email.data} already has this role` }]);
      }

      const token = newToken();
      const at = now();
      const invitation = await store.createInvitation({
        email: email.data,
        grant,
        tokenHash: digest(token),
        invitedBy: actorUserId(actor),
        expiresAt: new Date(at.getTime() + settings.invitationMs),
      });
      const link = `${settings.publicUrl.replace(/\/$/, "")}/invitations/${token}`;
      const what = describeGrant(grant, scopeName || undefined);
      const inviter = actor.kind === "user" ? actor.displayName : "An administrator";
      const days = Math.round(settings.invitationMs / 86_400_000);
      await outbox.enqueue({
        kind: "invitation",
        to: email.data,
        subject: `You are invited to Improvement Hub as ${what}`,
        text: [
          `${inviter} has invited you to Improvement Hub as ${what}.`,
          "",
          ROLE_PURPOSES[grant.role],
          "",
          `Open this link to accept (it works once, for ${days} ${days === 1 ? "day" : "days"}):`,
          link,
          "",
          "If you did not expect this invitation, you can ignore this email.",
        ].join("\n"),
      });
      await audit(
        actor,
        {
          action: "invitation.created",
          target: { kind: "invitation", ref: String(invitation.invitationId) },
          ...where,
          details: { ...where.details, email: email.data },
        },
        origin,
      );
      return { invitation, link };
    },

    async revokeInvitation(actor: Actor, invitationId: number, origin?: RequestOrigin) {
      const invitation = await store.invitationById(invitationId);
      if (!invitation) throw new NotFoundError("There is no such invitation.");
      const where = grantAudit(invitation.grant);
      const event = {
        action: "invitation.revoked",
        target: { kind: "invitation", ref: String(invitationId) },
        ...where,
        details: { ...where.details, email: invitation.email },
      };
      await guard(
        audit,
        actor,
        "roles.revoke",
        { kind: "grant", grant: invitation.grant, userId: null },
        event,
        origin,
      );
      if (!(await store.revokeInvitation(invitationId, now())))
        throw new ConflictError("This invitation has already been used or withdrawn.");
      await audit(actor, event, origin);
    },

    /** The invitations the actor may manage, newest first (administrators: all). */
    async invitations(actor: Actor): Promise<InvitationSummary[]> {
      if (grantOptions(actor).length === 0)
        await guard(audit, actor, "users.view", { kind: "hub" }, { action: "invitations.view" });
      const at = now();
      const all = await store.invitations({ limit: 500 });
      const mine = all.filter((i) =>
        can(actor, "roles.revoke", { kind: "grant", grant: i.grant, userId: null }),
      );
      return Promise.all(
        mine.map(async (i) => ({
          ...i,
          state: stateOf(i, at),
          description: await describe(i.grant),
        })),
      );
    },

    /** What an invitation link offers (the token is the only credential needed to read it). */
    async invitationByToken(token: string): Promise<InvitationView> {
      const invitation = await byToken(token);
      const inviter = invitation.invitedBy ? await store.userById(invitation.invitedBy) : undefined;
      return {
        state: stateOf(invitation, now()),
        email: invitation.email,
        grant: invitation.grant,
        description: await describe(invitation.grant),
        roleLabel: ROLE_LABELS[invitation.grant.role],
        rolePurpose: ROLE_PURPOSES[invitation.grant.role],
        invitedBy: inviter?.displayName ?? null,
        expiresAt: invitation.expiresAt,
        accountExists: (await store.userByEmail(invitation.email)) !== undefined,
      };
    },

    /**
     * A new person accepts: their account is created (email verified: the link reached it) with
     * the invitation's grant. Returns the new account's id, for the page to sign them in.
     */
    async acceptAsNewUser(
      token: string,
      input: { displayName: string; password: string; confirmPassword?: string },
      origin?: RequestOrigin,
    ): Promise<number> {
      const invitation = await pendingByToken(token);
      if (await store.userByEmail(invitation.email))
        throw new ConflictError(
          `There is already an account for ${invitation.email}. Sign in to accept this invitation.`,
        );
      const problems: { field: string; reason: string }[] = [];
      const name = displayNameSchema.safeParse(input.displayName);
      if (!name.success) problems.push(...issuesOf(name.error, "displayName"));
      const password = passwordSchema.safeParse(input.password);
      if (!password.success) problems.push(...issuesOf(password.error, "password"));
      else if (input.confirmPassword !== undefined && input.confirmPassword !== input.password)
        problems.push({ field: "confirmPassword", reason: "The passwords do not match" });
      if (!name.success || !password.success || problems.length > 0) throw fieldErrors(problems);
      await senderStillMay(invitation, null);

      const at = now();
      const passwordHash = await hasher.hash(password.data);
      // The account, the invitation's use and its grant commit together: a second use of the
      // link at the same moment leaves no account without its role behind.
      const user = await store.transaction(async (tx) => {
        const created = await tx.createUser({
          email: invitation.email,
          displayName: name.data,
          passwordHash,
          emailVerifiedAt: at,
        });
        await grantOnce(tx, invitation, created.userId, at);
        return created;
      });
      const self: Actor = {
        kind: "user",
        userId: user.userId,
        email: user.email,
        displayName: user.displayName,
        grants: [],
      };
      await audit(
        self,
        {
          action: "user.created",
          target: { kind: "user", ref: String(user.userId) },
          details: { via: "invitation", invitationId: invitation.invitationId },
        },
        origin,
      );
      await accepted(self, invitation, user.userId, origin);
      return user.userId;
    },

    /**
     * A signed-in person accepts an invitation sent to their own email address. It gives them a
     * role, so it is an account action (`account.use`): never through an API token.
     */
    async acceptAsUser(actor: Actor, token: string, origin?: RequestOrigin): Promise<void> {
      authorize(actor, "account.use");
      const user = requireUser(actor);
      const invitation = await pendingByToken(token);
      if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
        await audit(
          actor,
          {
            action: "invitation.accepted",
            outcome: "denied",
            target: { kind: "invitation", ref: String(invitation.invitationId) },
            details: { reason: "another email address" },
          },
          origin,
        );
        throw new ForbiddenError(
          "This invitation was sent to another email address. Sign out, then open the link again and sign in with the account for that address.",
        );
      }
      await senderStillMay(invitation, user.userId);
      await store.transaction((tx) => grantOnce(tx, invitation, user.userId, now()));
      await accepted(actor, invitation, user.userId, origin);
      const record = await store.userById(user.userId);
      if (record && !record.emailVerifiedAt)
        await store.updateUser(user.userId, { emailVerifiedAt: now() });
    },
  };
}

/**
 * Marks the invitation used by `userId` and gives them its grant, on a store inside a
 * transaction: ConflictError (rolling it back) saying why, when the link was used, withdrawn or
 * expired meanwhile.
 */
async function grantOnce(
  tx: AccountStore,
  invitation: InvitationRecord,
  userId: number,
  at: Date,
): Promise<void> {
  if (!(await tx.acceptInvitation(invitation.invitationId, userId, at))) {
    const meanwhile = await tx.invitationById(invitation.invitationId);
    const state = meanwhile ? stateOf(meanwhile, at) : "revoked";
    throw new ConflictError(INVITATION_GONE[state === "pending" ? "accepted" : state]);
  }
  await tx.addGrant(userId, invitation.grant, invitation.invitedBy);
}

function ref(grant: Grant): string {
  return scopeRef(grant.scope);
}
