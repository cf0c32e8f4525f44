/**
 * The audit log's actions in plain words, for the administration pages. The stored action stays
 * the short code (`sign_in.failure`): filters and the CSV use it, and it never changes wording.
 */
const ACTION_LABELS: Record<string, string> = {
  "sign_in.success": "Signed in",
  "sign_in.failure": "Sign-in refused",
  "sign_in.locked": "Account locked after failed sign-ins",
  "sign_in.second_factor_failure": "Second-factor code refused",
  "session.ended": "Signed out",
  "sessions.ended_elsewhere": "Signed out everywhere else",
  "password.changed": "Password changed",
  "password.reset": "Password reset",
  "password.reset_requested": "Password reset asked for",
  "email.verification_sent": "Email confirmation sent",
  "email.verified": "Email address confirmed",
  "account.name_changed": "Name changed",
  "totp.enabled": "Two-factor authentication turned on",
  "totp.disabled": "Two-factor authentication turned off",
  "recovery_codes.generated": "New recovery codes made",
  "recovery_code.used": "Recovery code used",
  "identity.linked": "Single sign-on identity linked",
  "user.created": "Account created",
  "user.locked": "Account locked",
  "user.unlocked": "Account unlocked",
  "user.disabled": "Account disabled",
  "user.enabled": "Account enabled",
  "role.granted": "Role granted",
  "role.revoked": "Role removed",
  "invitation.created": "Invitation sent",
  "invitation.revoked": "Invitation withdrawn",
  "invitation.accepted": "Invitation accepted",
  "audit.exported": "Audit log downloaded",
  "api_token.created": "API token created",
  "api_token.revoked": "API token revoked",
  "data.imported": "Data imported",
  "data.restored": "Data restored from a backup",
  "peer_list.insert": "Peer list created",
  "peer_list.update": "Peer list changed",
  "peer_list.delete": "Peer list deleted",
  "network_member.insert": "Network member added",
  "network_member.update": "Network membership changed",
  "network_member.delete": "Network member removed",
  // Network workspaces (src/networks).
  "network.join_requested": "Asked to join a network",
  "network.join_approved": "Request to join a network approved",
  "network.join_declined": "Request to join a network declined",
  "network.organisation_added": "Organisation added to a network",
  "network.deputy_designated": "Network lead made deputy",
  "network.deputy_removed": "Network lead no longer deputy",
  "network.event_created": "Network event added",
  "network.event_updated": "Network event changed",
  "network.action_added": "Network action added",
  "network.action_done": "Network action done",
  "network.action_reopened": "Network action opened again",
  // Test-at-scale proposals (src/proposals; docs/proposals.md).
  "proposal.created": "Proposal drafted",
  "proposal.edited": "Proposal draft edited",
  "proposal.commented": "Proposal commented on",
  "proposal.submit": "Proposal submitted for review",
  "proposal.start_review": "Proposal review started",
  "proposal.send_back": "Proposal sent back to its network",
  "proposal.approve": "Proposal approved",
  "proposal.decline": "Proposal declined",
  "proposal.start": "Proposal started running",
  "proposal.evaluate": "Proposal evaluation recorded",
  "proposal.close": "Proposal closed",
  // What a person tried and the policy refused (outcome "denied"): the action they asked for.
  "users.view": "See people",
  "users.manage": "Manage an account",
  "users.create": "Create an account",
  "sessions.view": "See signed-in sessions",
  "audit.read": "Read the audit log",
  "roles.grant": "Grant a role",
  "roles.revoke": "Remove a role",
  "invitations.view": "See invitations",
};

/**
 * An audit action in plain words; an action not listed is shown as its code, so that nothing is
 * hidden.
 * @example auditActionLabel("role.granted") // "Role granted"
 */
export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/**
 * An entry's details as "name: value" pairs, in the order stored.
 * @example auditDetailsText({ role: "national_admin", scope: "" }) // "role: national_admin; scope: (none)"
 */
export function auditDetailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => {
      const text =
        value === "" || value === null
          ? "(none)"
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value as string | number | boolean);
      return `${key}: ${text}`;
    })
    .join("; ");
}
