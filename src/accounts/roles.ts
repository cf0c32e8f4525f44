/**
 * Roles and what they are granted over (issue 15; docs/accounts.md). A role is always granted
 * for a scope: an organisation (by ODS code), a network (by id), or the whole hub for the two
 * national roles. Roles come by invitation or from an administrator, never by asking.
 */
import { z } from "zod";

export const ROLES = [
  "organisation_member",
  "organisation_analyst",
  "network_member",
  "network_lead",
  "guide_author",
  "proposal_reviewer",
  "national_admin",
] as const;

export type Role = (typeof ROLES)[number];

export type ScopeKind = "organisation" | "network" | "national";

/** What a grant covers. */
export type Scope =
  | { kind: "organisation"; orgCode: string }
  | { kind: "network"; networkId: string }
  | { kind: "national" };

export interface Grant {
  role: Role;
  scope: Scope;
}

const SCOPE_KIND: Record<Role, ScopeKind> = {
  organisation_member: "organisation",
  organisation_analyst: "organisation",
  network_member: "network",
  network_lead: "network",
  guide_author: "national",
  proposal_reviewer: "national",
  national_admin: "national",
};

/** In plain words, for pages, emails and the CLI. */
export const ROLE_LABELS: Record<Role, string> = {
  organisation_member: "Organisation member",
  organisation_analyst: "Organisation analyst",
  network_member: "Network member",
  network_lead: "Network lead",
  guide_author: "Guide author",
  proposal_reviewer: "Proposal reviewer",
  national_admin: "National administrator",
};

/** What each role is for, one sentence (shown where roles are granted). */
export const ROLE_PURPOSES: Record<Role, string> = {
  organisation_member:
    "Sees the organisation's private pages, gives feedback on guides and completes self-assessments for it.",
  organisation_analyst:
    "Also uploads and manages the organisation's data, peer lists and rebase decisions.",
  network_member: "Takes part in the network's workspace: posts, events and proposals.",
  network_lead: "Also runs the network: membership, proposals and sharing with NHS England.",
  guide_author: "Drafts, reviews and publishes improvement guides and triages their feedback.",
  proposal_reviewer:
    "Reviews test-at-scale proposals from every network except those they lead: comments, approves or declines.",
  national_admin: "Manages people, roles and sessions across the hub and reads the audit log.",
};

export const roleSchema = z.enum(ROLES);

export function scopeKindOf(role: Role): ScopeKind {
  return SCOPE_KIND[role];
}

/** The scope as stored: an ODS code, a network id, or "" for the national roles. */
export function scopeRef(scope: Scope): string {
  return scope.kind === "organisation"
    ? scope.orgCode
    : scope.kind === "network"
      ? scope.networkId
      : "";
}

/**
 * The grant of `role` over the stored scope `ref`.
 * @example grantOf("organisation_analyst", "RXX") // { role, scope: { kind: "organisation", orgCode: "RXX" } }
 */
export function grantOf(role: Role, ref: string): Grant {
  const kind = SCOPE_KIND[role];
  const scope: Scope =
    kind === "organisation"
      ? { kind, orgCode: ref }
      : kind === "network"
        ? { kind, networkId: ref }
        : { kind: "national" };
  return { role, scope };
}

/** "Organisation analyst for RXX", "National administrator". */
export function describeGrant(grant: Grant, scopeName?: string): string {
  const label = ROLE_LABELS[grant.role];
  if (grant.scope.kind === "national") return label;
  return `${label} for ${scopeName ?? scopeRef(grant.scope)}`;
}
