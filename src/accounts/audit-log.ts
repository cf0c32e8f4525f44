/**
 * Reading the audit log (administrators): filters, paging backwards in time, and the CSV export
 * (through the one CSV writer, which neutralises spreadsheet formulas). Reading is not itself
 * audited; exporting is (`audit.exported`).
 */
import { z } from "zod";
import { toCsv } from "../metrics/csv.js";
import type { Actor } from "./actor.js";
import type { Auditor, RequestOrigin } from "./audit.js";
import { guard } from "./guard.js";
import { hub } from "./policy.js";
import type { AccountStore, AuditQuery, AuditRecord } from "./store.js";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Enter a real date");

/** The filters as a form or a query string gives them (every field optional, blanks ignored). */
export const auditFilterSchema = z.object({
  from: day.optional(),
  to: day.optional(),
  action: z
    .string()
    .max(100)
    .regex(/^[a-z_.]+$/, "Enter an action such as role.granted, or a prefix such as sign_in.")
    .optional(),
  actor: z.string().max(254).optional(),
  org: z
    .string()
    .max(10)
    .regex(/^[A-Za-z0-9]+$/, "Enter an ODS code")
    .transform((s) => s.toUpperCase())
    .optional(),
  network: z
    .string()
    .max(100)
    .regex(/^[a-z0-9-]+$/, "Enter a network id")
    .optional(),
  outcome: z.enum(["success", "failure", "denied"]).optional(),
  before: z.coerce.number().int().positive().optional(),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Drops empty strings (an unfilled form field) before parsing. */
export function withoutBlanks(input: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input && typeof input === "object")
    for (const [k, v] of Object.entries(input))
      if (typeof v === "string" ? v.trim() !== "" : v !== undefined)
        out[k] = typeof v === "string" ? v.trim() : v;
  return out;
}

function queryOf(filter: AuditFilter, limit: number): AuditQuery {
  return {
    limit,
    ...(filter.from ? { from: new Date(`${filter.from}T00:00:00Z`) } : {}),
    // "to" includes that whole day.
    ...(filter.to ? { to: new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.org ? { orgCode: filter.org } : {}),
    ...(filter.network ? { networkId: filter.network } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.before ? { before: filter.before } : {}),
  };
}

export const AUDIT_PAGE_SIZE = 50;
/** An export stops here; narrow the filters for more. */
export const AUDIT_EXPORT_MAX = 50_000;

export interface AuditPage {
  entries: AuditRecord[];
  /** The `before` cursor of the next older page, or null when this is the last. */
  older: number | null;
}

export const AUDIT_CSV_COLUMNS = [
  "audit_id",
  "at",
  "actor_user_id",
  "actor",
  "action",
  "outcome",
  "target_kind",
  "target_ref",
  "org_code",
  "network_id",
  "ip",
  "details",
] as const;

export function createAuditLogReader(deps: { store: AccountStore; audit: Auditor }) {
  const { store, audit } = deps;
  return {
    async auditLog(actor: Actor, filter: AuditFilter): Promise<AuditPage> {
      await guard(audit, actor, "audit.read", hub, { action: "audit.read" });
      const rows = await store.auditLog(queryOf(filter, AUDIT_PAGE_SIZE + 1));
      const entries = rows.slice(0, AUDIT_PAGE_SIZE);
      return {
        entries,
        older: rows.length > AUDIT_PAGE_SIZE ? (entries.at(-1)?.auditId ?? null) : null,
      };
    },

    async exportAuditLog(actor: Actor, filter: AuditFilter, origin?: RequestOrigin) {
      await guard(audit, actor, "audit.read", hub, { action: "audit.exported" }, origin);
      const rows: AuditRecord[] = [];
      let before = filter.before;
      while (rows.length < AUDIT_EXPORT_MAX) {
        const page = await store.auditLog(queryOf({ ...filter, before }, 1000));
        rows.push(...page);
        if (page.length < 1000) break;
        before = page.at(-1)?.auditId;
      }
      await audit(
        actor,
        { action: "audit.exported", details: { filter, rows: rows.length } },
        origin,
      );
      return toCsv(
        AUDIT_CSV_COLUMNS,
        rows.map((r) => [
          r.auditId,
          r.at.toISOString(),
          r.actorUserId,
          r.actorLabel,
          r.action,
          r.outcome,
          r.targetKind,
          r.targetRef,
          r.orgCode,
          r.networkId,
          r.ip,
          JSON.stringify(r.details),
        ]),
      );
    },
  };
}
