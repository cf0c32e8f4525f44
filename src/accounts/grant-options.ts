/**
 * Which grants an actor may give, for the pickers of the invitation and grant forms: everything
 * for administrators and the operator; one step down in their own scopes for network leads and
 * organisation analysts (policy.ts decides every actual grant; this only shapes the form).
 */
import type { Actor } from "./actor.js";
import { can } from "./policy.js";
import { ROLES, scopeRef, type Role } from "./roles.js";

export interface GrantOption {
  role: Role;
  /** The scopes (ODS codes or network ids) it may be given for; null: any. */
  scopeRefs: string[] | null;
}

export function grantOptions(actor: Actor): GrantOption[] {
  if (can(actor, "users.view")) return ROLES.map((role) => ({ role, scopeRefs: null }));
  if (actor.kind !== "user") return [];
  const options: GrantOption[] = [];
  const delegated: [Role, Role][] = [
    ["network_lead", "network_member"],
    ["organisation_analyst", "organisation_member"],
  ];
  for (const [holder, given] of delegated) {
    const refs = actor.grants.filter((g) => g.role === holder).map((g) => scopeRef(g.scope));
    if (refs.length > 0) options.push({ role: given, scopeRefs: [...new Set(refs)].sort() });
  }
  return options;
}
