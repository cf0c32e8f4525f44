/**
 * The people the authorisation matrices (test/accounts/policy-matrix.test.ts,
 * test/web/route-matrix.test.ts) ask about: one per role, in scope and in another scope (the
 * "user of another organisation" and of another network), plus a signed-in person with no role.
 * A role added to ROLES without a case here fails both matrices.
 */
import type { Grant } from "../../src/accounts/roles.js";

/** The organisations and networks the cases hold roles in: A and N are asked about, B and M not. */
export interface CaseScopes {
  orgA: string;
  orgB: string;
  networkN: string;
  networkM: string;
}

/** Every signed-in case, in the matrices' column order. */
export const USER_CASES = [
  "no_roles",
  "org_member_A",
  "org_analyst_A",
  "org_member_B",
  "org_analyst_B",
  "network_member_N",
  "network_lead_N",
  "network_member_M",
  "network_lead_M",
  "guide_author",
  "proposal_reviewer",
  "national_admin",
] as const;

export type UserCase = (typeof USER_CASES)[number];

/** Each signed-in case's grants. */
export function caseGrants(s: CaseScopes): Record<UserCase, Grant[]> {
  const org = (role: Grant["role"], orgCode: string): Grant[] => [
    { role, scope: { kind: "organisation", orgCode } },
  ];
  const net = (role: Grant["role"], networkId: string): Grant[] => [
    { role, scope: { kind: "network", networkId } },
  ];
  return {
    no_roles: [],
    org_member_A: org("organisation_member", s.orgA),
    org_analyst_A: org("organisation_analyst", s.orgA),
    org_member_B: org("organisation_member", s.orgB),
    org_analyst_B: org("organisation_analyst", s.orgB),
    network_member_N: net("network_member", s.networkN),
    network_lead_N: net("network_lead", s.networkN),
    network_member_M: net("network_member", s.networkM),
    network_lead_M: net("network_lead", s.networkM),
    guide_author: [{ role: "guide_author", scope: { kind: "national" } }],
    proposal_reviewer: [{ role: "proposal_reviewer", scope: { kind: "national" } }],
    national_admin: [{ role: "national_admin", scope: { kind: "national" } }],
  };
}
