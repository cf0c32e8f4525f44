/**
 * The API's one error shape, `{ "error": { "code", "message", "details" } }`, and how every
 * failure becomes one: the platform's errors (src/errors.ts) by kind, zod issues as 400 naming
 * the parameter and the value sent, Fastify's own errors (malformed JSON, a body too large, an
 * unsupported media type) by status. Anything else is a bug: 500 "internal", logged, no stack.
 *
 * @example apiError(404, "not_found", 'No organisation "ZZ999"')
 *   // { status: 404, body: { error: { code: "not_found", message: 'No organisation "ZZ999"' } } }
 */
import type { z } from "zod";
import { AppError, echoValue } from "../../errors.js";

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "not_acceptable"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "internal";

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: unknown };
}

/** An answer the API's error handler sends as is. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** One problem of a request: which parameter (`query.limit`, `body.points.3.date`), what was sent, why. */
export interface ParameterProblem {
  parameter: string;
  value: string | null;
  message: string;
}

/** A 400 naming every parameter zod refused, with the value sent (shortened, src/errors.ts). */
export function badRequest(
  where: "path" | "query" | "body",
  error: z.ZodError,
  input: unknown,
): ApiProblem {
  const details: ParameterProblem[] = error.issues.map((issue) => {
    const at = [where, ...issue.path.map(String)].join(".");
    return { parameter: at, value: sentValue(input, issue.path), message: issue.message };
  });
  const first = details[0];
  const message = first
    ? `${first.parameter}${first.value === null ? "" : ` "${first.value}"`}: ${first.message}`
    : "The request is not valid.";
  return new ApiProblem(400, "bad_request", message, details);
}

function sentValue(input: unknown, path: readonly PropertyKey[]): string | null {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return null;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  if (v === undefined) return null;
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return echoValue(text ?? String(v));
}

const byKind: Record<AppError["kind"], [number, ApiErrorCode]> = {
  usage: [400, "bad_request"],
  input: [400, "bad_request"],
  not_found: [404, "not_found"],
  conflict: [409, "conflict"],
  sign_in_required: [401, "unauthorized"],
  // A thing the caller may not see is not found, everywhere (docs/accounts.md).
  forbidden: [404, "not_found"],
  rate_limited: [429, "rate_limited"],
};

const byStatus: Record<number, ApiErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  413: "payload_too_large",
  414: "bad_request",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/** Any error thrown while answering, as the API's status, body and headers. */
export function apiErrorAnswer(error: unknown): {
  status: number;
  body: ApiErrorBody;
  headers: Record<string, string>;
  bug: boolean;
} {
  if (error instanceof ApiProblem) {
    const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body, headers: error.headers, bug: false };
  }
  if (error instanceof AppError) {
    const [status, code] = byKind[error.kind];
    const message = error.kind === "forbidden" ? "Not found." : error.message;
    const headers: Record<string, string> =
      error.kind === "rate_limited" && "retryAfterSeconds" in error
        ? { "Retry-After": String(error.retryAfterSeconds) }
        : {};
    return { status, body: { error: { code, message } }, headers, bug: false };
  }
  // Fastify's own: FST_ERR_CTP_INVALID_MEDIA_TYPE (415), FST_ERR_CTP_BODY_TOO_LARGE (413),
  // a malformed JSON body (400) and the like carry a 4xx statusCode and a message safe to show.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code = byStatus[status] ?? "bad_request";
    const message = messageFor(status, error);
    return { status, body: { error: { code, message } }, headers: {}, bug: false };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "Something went wrong on our side." } },
    headers: {},
    bug: true,
  };
}

function messageFor(status: number, error: unknown): string {
  if (status === 415) return "Send the body as application/json.";
  if (status === 413) return "The body is too large.";
  if (status === 400 && error instanceof SyntaxError) return "The body is not valid JSON.";
  const message = error instanceof Error ? error.message : "";
  return message ? echoValue(message) : "The request is not valid.";
}
