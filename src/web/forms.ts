/**
 * What every form page shares: reading a posted form, the field errors shown in the GOV.UK/NHS
 * error summary and beside each field, where a request comes from (for the audit log), and the
 * headers of a page made for one person.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RequestOrigin } from "../accounts/audit.js";
import { InputError } from "../errors.js";

/** Field name → message; pages show them in the summary, linking to `#<field>`. */
export type FieldErrors = Record<string, string>;

/** The posted form's text fields (missing ones as ""); anything else is ignored. */
export function formFields<K extends string>(
  body: unknown,
  names: readonly K[],
): Record<K, string> {
  const record = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string>;
  for (const name of names) {
    const value = record[name];
    out[name] = typeof value === "string" ? value.slice(0, 1000) : "";
  }
  return out;
}

/** The field errors an `InputError` carries (its problems' `column` names the field); else null. */
export function fieldErrorsOf(error: unknown): FieldErrors | null {
  if (!(error instanceof InputError) || error.problems.length === 0) return null;
  const errors: FieldErrors = {};
  for (const p of error.problems) if (p.column) errors[p.column] ??= p.reason;
  return Object.keys(errors).length > 0 ? errors : null;
}

/** The error summary's list, in the order the fields appear. */
export function errorList(errors: FieldErrors): { text: string; href: string }[] {
  return Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }));
}

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip };
}

/** A page made for one person (or carrying their form's token): kept by nobody. */
export function personal(reply: FastifyReply): FastifyReply {
  return reply.header("Cache-Control", "private, no-store");
}

/**
 * A form page for one person: every form shows its field errors the same way (the summary and
 * beside each field) and carries its CSRF token, so they are added here and not by each page.
 */
export function formPage(
  reply: FastifyReply,
  view: string,
  data: Record<string, unknown>,
  errors: FieldErrors = {},
): Promise<FastifyReply> {
  return personal(reply).render(view, {
    ...data,
    errors,
    errorList: errorList(errors),
    csrf: reply.generateCsrf(),
  });
}
