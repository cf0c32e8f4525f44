/**
 * What the administration pages share: dates in words, role and state tags, form errors from an
 * InputError, the request's origin for the audit log, and the private-page header.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../../accounts/audit.js";
import type { GrantOption } from "../../../accounts/grant-options.js";
import { ROLE_LABELS, ROLE_PURPOSES, scopeKindOf } from "../../../accounts/roles.js";
import type { UserRecord } from "../../../accounts/store.js";
import { InputError } from "../../../errors.js";

const whenFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

/** "4 Dec 2026, 10:00" (UK time); "" for none. */
export function when(date: Date | null | undefined): string {
  return date ? whenFormat.format(date) : "";
}

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip };
}

/** Pages about people are for one person's eyes: never stored by a browser or proxy. */
export function privatePage(reply: FastifyReply): FastifyReply {
  return reply.header("Cache-Control", "private, no-store");
}

/** An account's state as a tag: disabled, locked, or active. */
export function stateTag(user: UserRecord, now: Date): { text: string; colour: string } {
  if (user.disabledAt) return { text: "Disabled", colour: "grey" };
  if (user.lockedUntil && user.lockedUntil > now) return { text: "Locked", colour: "red" };
  return { text: "Active", colour: "green" };
}

/** Field messages by field name, and the summary's list, from an InputError. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, string>;
}

export function formErrors(error: InputError): FormErrors {
  const fields: Record<string, string> = {};
  const summary: { text: string; href: string }[] = [];
  for (const p of error.problems) {
    const field = p.column ?? "";
    if (fields[field] !== undefined) continue;
    fields[field] = p.reason;
    summary.push({ text: p.reason, href: `#${field}` });
  }
  if (summary.length === 0) summary.push({ text: error.message, href: "#main-content" });
  return { summary, fields };
}

/** The role select's options, with each role's purpose for the hint. */
export function roleChoices(options: GrantOption[]) {
  return options.map((o) => ({
    value: o.role,
    text: ROLE_LABELS[o.role],
    purpose: ROLE_PURPOSES[o.role],
    scopeKind: scopeKindOf(o.role),
  }));
}
