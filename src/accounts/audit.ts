/**
 * Writing the audit log: sign-ins, failed sign-ins, role changes and every change to data
 * (docs/accounts.md lists the actions). The log is append-only (migration 012's trigger).
 */
import { actorLabel, actorUserId, type Actor } from "./actor.js";
import type { AccountStore, AuditEntry, AuditOutcome } from "./store.js";

export interface AuditEvent {
  action: string;
  outcome?: AuditOutcome;
  target?: { kind: string; ref: string };
  orgCode?: string;
  networkId?: string;
  details?: Record<string, unknown>;
}

/** Where a request came from, for the log (the web passes it; the CLI has none). */
export interface RequestOrigin {
  ip?: string;
}

export type Auditor = (actor: Actor, event: AuditEvent, origin?: RequestOrigin) => Promise<void>;

export function createAuditor(store: Pick<AccountStore, "audit">): Auditor {
  return (actor, event, origin) => {
    const entry: AuditEntry = {
      actorUserId: actorUserId(actor),
      actorLabel: actorLabel(actor),
      action: event.action,
      outcome: event.outcome ?? "success",
      targetKind: event.target?.kind ?? null,
      targetRef: event.target?.ref ?? null,
      orgCode: event.orgCode ?? null,
      networkId: event.networkId ?? null,
      ip: origin?.ip ?? null,
      details: event.details ?? {},
    };
    return store.audit(entry);
  };
}
