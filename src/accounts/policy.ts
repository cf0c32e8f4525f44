/**
 * The authorisation policy: the one place that answers "may this actor do this action on this
 * resource". Every service method that reads private data or changes anything calls
 * `authorize` (or `can`) before it does; pages, the CLI and the future API only reach data
 * through those methods, so one check covers them all. Templates may hide a button the policy
 * would refuse, but never decide.
 *
 * Rules, in words (docs/accounts.md has the full matrix):
 * - anyone, signed in or not, reads public data;
 * - a signed-in person manages their own account, and makes their own changes (follows,
 *   comments, drafts, requests to join; `own.change`), each service still deciding where;
 * - organisation members read their organisation's private pages; its analysts also manage its
 *   data (uploads, peer lists, rebase decisions);
 * - network members read and contribute to their network's workspace; its leads also manage it;
 * - guide authors author guides; anyone who belongs to an organisation gives feedback;
 * - a region's report definitions and commentary are national administrators' (no regional role);
 * - national administrators (and the operator at the command line) may do everything, except
 *   grant themselves a role: nobody grants their own roles;
 * - grants are delegated one step down: a network lead grants network membership of their
 *   network, an organisation analyst grants membership of their organisation.
 */
import { ForbiddenError, SignInRequiredError } from "../errors.js";
import type { Actor, UserActor } from "./actor.js";
import type { Grant, Role, Scope } from "./roles.js";

export type Resource =
  | { kind: "hub" }
  | { kind: "organisation"; orgCode: string }
  | { kind: "network"; networkId: string }
  /** An NHS England region (its integrated performance reports). */
  | { kind: "region"; regionCode: string }
  | { kind: "user"; userId: number }
  /** A role grant being given or taken away, and to whom. */
  | { kind: "grant"; grant: Grant; userId: number | null };

export const hub: Resource = { kind: "hub" };

/** Every action the policy knows, with the resource it is asked about. */
export const ACTIONS = {
  "public.read": "hub",
  "account.use": "hub",
  "users.view": "hub",
  "users.manage": "user",
  /** Creating an account directly (the operator's first administrator), not by invitation. */
  "users.create": "hub",
  "sessions.view": "hub",
  "audit.read": "hub",
  /** The background jobs' queues and recent runs (/admin/jobs): operations, for administrators. */
  "jobs.view": "hub",
  "roles.grant": "grant",
  "roles.revoke": "grant",
  "organisation.read_private": "organisation",
  "organisation.manage_data": "organisation",
  "network.read_workspace": "network",
  "network.contribute": "network",
  "network.manage": "network",
  "guides.author": "hub",
  "guides.feedback": "organisation",
  /** Featuring a learning post a network lead shared with NHS England (national administrators). */
  "learning.feature": "hub",
  /**
   * A change a signed-in person makes for themself where no other write action is asked: a
   * follow, a comment, a draft, a request to join, feedback, marking notifications read, their
   * organisation's self-assessment. Every signed-in person may; the service decides where
   * (whose draft, which proposal). It exists so that such changes are "write" for API tokens.
   */
  "own.change": "hub",
  /**
   * A region's report definitions and commentary (integrated performance reports). There is no
   * regional role yet: national administrators only.
   */
  "region.read_reports": "region",
  "region.manage_reports": "region",
} as const satisfies Record<string, Resource["kind"]>;

export type Action = keyof typeof ACTIONS;

/**
 * What each action does, for personal API tokens (decision 0014 amended by issue 18): `read`
 * changes nothing; `write` changes something; `account` is about people's accounts and access
 * (their own or others'), which no token may touch, so a stolen token can neither make more
 * tokens nor grant roles, see the audit log or manage people. A new action must be classified
 * here (the type requires it, and test/accounts/token-scope.test.ts lists every one).
 *
 * A session may do what its person may; a `read_write` token what its person may but `account`
 * actions; a `read` token only `read` actions.
 */
export const ACTION_KINDS: Record<Action, "read" | "write" | "account"> = {
  "public.read": "read",
  "account.use": "account",
  "users.view": "account",
  "users.manage": "account",
  "users.create": "account",
  "sessions.view": "account",
  "audit.read": "account",
  "jobs.view": "account",
  "roles.grant": "account",
  "roles.revoke": "account",
  "organisation.read_private": "read",
  "organisation.manage_data": "write",
  "network.read_workspace": "read",
  "network.contribute": "write",
  "network.manage": "write",
  "guides.author": "write",
  "guides.feedback": "write",
  "learning.feature": "write",
  "own.change": "write",
  "region.read_reports": "read",
  "region.manage_reports": "write",
};

/** Whether a token of the actor (if they act through one) allows `action` at all. */
function tokenAllows(actor: UserActor, action: Action): boolean {
  if (!actor.via) return true;
  const kind = ACTION_KINDS[action];
  if (kind === "account") return false;
  return kind === "read" || actor.via.scope === "read_write";
}

type Rule = (actor: UserActor, resource: Resource) => boolean;

function holds(actor: UserActor, roles: readonly Role[], scope?: Scope): boolean {
  return actor.grants.some(
    (g) =>
      roles.includes(g.role) &&
      (scope === undefined ||
        (g.scope.kind === scope.kind &&
          (scope.kind === "national" ||
            (scope.kind === "organisation" &&
              g.scope.kind === "organisation" &&
              g.scope.orgCode === scope.orgCode) ||
            (scope.kind === "network" &&
              g.scope.kind === "network" &&
              g.scope.networkId === scope.networkId)))),
  );
}

const isAdmin = (actor: UserActor) => holds(actor, ["national_admin"]);

function scopeOf(resource: Resource): Scope | undefined {
  if (resource.kind === "organisation") return { kind: "organisation", orgCode: resource.orgCode };
  if (resource.kind === "network") return { kind: "network", networkId: resource.networkId };
  return undefined;
}

/** Who may give (or take away) `grant`, besides an administrator: one step down, in scope. */
function delegates(actor: UserActor, grant: Grant): boolean {
  if (grant.role === "network_member") return holds(actor, ["network_lead"], grant.scope);
  if (grant.role === "organisation_member")
    return holds(actor, ["organisation_analyst"], grant.scope);
  return false;
}

/** The rules for a signed-in person (administrators pass every rule but self-granting). */
const RULES: Record<Action, Rule> = {
  "public.read": () => true,
  "account.use": () => true,
  "users.view": isAdmin,
  "users.manage": isAdmin,
  "users.create": isAdmin,
  "sessions.view": isAdmin,
  "audit.read": isAdmin,
  "jobs.view": isAdmin,
  "roles.grant": (actor, r) =>
    r.kind === "grant" &&
    r.userId !== actor.userId &&
    (isAdmin(actor) || delegates(actor, r.grant)),
  "roles.revoke": (actor, r) => r.kind === "grant" && (isAdmin(actor) || delegates(actor, r.grant)),
  "organisation.read_private": (actor, r) =>
    isAdmin(actor) ||
    holds(
      actor,
      ["organisation_member", "organisation_analyst"],
      scopeOf(r) ?? { kind: "national" },
    ),
  "organisation.manage_data": (actor, r) =>
    isAdmin(actor) || holds(actor, ["organisation_analyst"], scopeOf(r) ?? { kind: "national" }),
  "network.read_workspace": (actor, r) =>
    isAdmin(actor) ||
    holds(actor, ["network_member", "network_lead"], scopeOf(r) ?? { kind: "national" }),
  "network.contribute": (actor, r) =>
    isAdmin(actor) ||
    holds(actor, ["network_member", "network_lead"], scopeOf(r) ?? { kind: "national" }),
  "network.manage": (actor, r) =>
    isAdmin(actor) || holds(actor, ["network_lead"], scopeOf(r) ?? { kind: "national" }),
  "guides.author": (actor) => isAdmin(actor) || holds(actor, ["guide_author"]),
  "guides.feedback": (actor, r) =>
    isAdmin(actor) ||
    holds(
      actor,
      ["organisation_member", "organisation_analyst"],
      scopeOf(r) ?? { kind: "national" },
    ),
  "learning.feature": isAdmin,
  "own.change": () => true,
  "region.read_reports": isAdmin,
  "region.manage_reports": isAdmin,
};

/** Whether `actor` may do `action` on `resource`. */
export function can(actor: Actor, action: Action, resource: Resource = hub): boolean {
  if (ACTIONS[action] !== resource.kind) return false;
  if (action === "public.read") return true;
  if (actor.kind === "anonymous") return false;
  if (actor.kind === "operator") return true;
  return tokenAllows(actor, action) && RULES[action](actor, resource);
}

/**
 * `can`, or throw: `SignInRequiredError` for a reader who is not signed in (pages send them to
 * sign in), `ForbiddenError` for a signed-in person the policy refuses.
 */
export function authorize(actor: Actor, action: Action, resource: Resource = hub): void {
  if (can(actor, action, resource)) return;
  if (actor.kind === "anonymous") throw new SignInRequiredError();
  throw new ForbiddenError("You do not have permission to do this.");
}

/**
 * The signed-in person, or `SignInRequiredError`. It checks no action, so it is for reads only
 * (their follows, their drafts): a service that changes something for the person asks
 * `changingUser` (or `authorize` for a narrower action) instead, so that a read-only API token
 * is refused there too.
 */
export function requireUser(actor: Actor): UserActor {
  if (actor.kind === "user") return actor;
  throw new SignInRequiredError();
}

/**
 * The signed-in person about to change something of their own (`own.change`):
 * `SignInRequiredError` for a reader not signed in (and the operator, who is nobody's self),
 * `ForbiddenError` through a read-only API token. Sessions and read_write tokens pass.
 */
export function changingUser(actor: Actor): UserActor {
  const user = requireUser(actor);
  authorize(user, "own.change");
  return user;
}
