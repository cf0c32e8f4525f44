/**
 * The policy check every administration method makes first: `authorize`, with a refusal of a
 * signed-in person written to the audit log (outcome "denied") before it is thrown.
 */
import type { Actor } from "./actor.js";
import type { AuditEvent, Auditor, RequestOrigin } from "./audit.js";
import { authorize, can, type Action, type Resource } from "./policy.js";
import { scopeRef, type Grant } from "./roles.js";

export async function guard(
  audit: Auditor,
  actor: Actor,
  action: Action,
  resource: Resource,
  event: AuditEvent,
  origin?: RequestOrigin,
): Promise<void> {
  if (can(actor, action, resource)) return;
  if (actor.kind !== "anonymous") await audit(actor, { ...event, outcome: "denied" }, origin);
  authorize(actor, action, resource);
}

/** The audit columns and details of a grant: its organisation or network, role and scope. */
export function grantAudit(grant: Grant): Pick<AuditEvent, "orgCode" | "networkId" | "details"> {
  return {
    ...(grant.scope.kind === "organisation" ? { orgCode: grant.scope.orgCode } : {}),
    ...(grant.scope.kind === "network" ? { networkId: grant.scope.networkId } : {}),
    details: { role: grant.role, scope: scopeRef(grant.scope) },
  };
}
