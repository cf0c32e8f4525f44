/**
 * Every error the site answers with, in one shape: the site's HTML error page, or a plain JSON
 * error (`{ statusCode, error, message }`) where the client asked for JSON before HTML. The same
 * plain words either way, never Fastify's codes or the CLI's syntax. Used by the app's error and
 * not-found handlers and by Fastify's `frameworkErrors` (a malformed or overlong web address),
 * which Fastify otherwise answers with its own JSON.
 */
import { negotiate } from "@fastify/accept-negotiator";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError, RateLimitedError, SignInRequiredError } from "../errors.js";
import * as links from "./links.js";
import { viewerOf, type Renderer } from "./render.js";

export interface ErrorAnswer {
  status: number;
  title: string;
  message: string;
  /** Too many attempts: the seconds until the next may succeed (the Retry-After header). */
  retryAfterSeconds?: number;
}

const statusByKind: Record<AppError["kind"], number> = {
  usage: 400,
  input: 400,
  not_found: 404,
  conflict: 409,
  sign_in_required: 401,
  forbidden: 403,
  rate_limited: 429,
};

const PROBLEM = "There is a problem";

export const pageNotFound: ErrorAnswer = {
  status: 404,
  title: "Page not found",
  message:
    "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.",
};

export const serviceProblem: ErrorAnswer = {
  status: 500,
  title: "Sorry, there is a problem with the service",
  message: "Try again later.",
};

/** Fastify's errors a person can cause, in plain words (by Fastify's error code). */
const frameworkMessages: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE:
    "The request is too large. The pages of this service need no more than a few words sent to them.",
  FST_ERR_BAD_URL:
    "The web address is not valid. If you typed it, check it is correct; if you pasted it, check you copied the entire address.",
  FST_ERR_MAX_PARAM_LENGTH:
    "The web address is too long. If you pasted it, check you copied only the address.",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "The request sends something this service does not accept.",
  // Ours (app.ts): a path and query longer than any the site makes.
  HUB_URL_TOO_LONG:
    "The web address is too long. If you pasted it, check you copied only the address.",
};

/** What to answer for an error thrown while handling a request; null for a bug (a 500). */
export function errorAnswer(error: unknown): ErrorAnswer | null {
  if (error instanceof AppError) {
    const status = statusByKind[error.kind];
    const answer: ErrorAnswer = {
      status,
      title: status === 404 ? pageNotFound.title : PROBLEM,
      message: error.message,
    };
    if (error instanceof RateLimitedError) answer.retryAfterSeconds = error.retryAfterSeconds;
    return answer;
  }
  const { statusCode: status, code } = error as { statusCode?: number; code?: string };
  if (status && status >= 400 && status < 500) {
    const message = (code && frameworkMessages[code]) ?? "The request could not be understood.";
    return { status, title: PROBLEM, message };
  }
  return null;
}

/**
 * Where to send a reader who must sign in first: the sign-in page, coming back to the page they
 * asked for. Only for pages (GET, not JSON); null otherwise (a form or an API call gets a 401).
 */
export function signInRedirect(error: unknown, request: FastifyRequest): string | null {
  if (!(error instanceof SignInRequiredError)) return null;
  if (request.method !== "GET" || wantsJson(request.headers.accept)) return null;
  return links.signIn(request.url);
}

/**
 * Whether the client asked for JSON before HTML (`Accept: application/json`). Browsers ask for
 * text/html first; curl's "any type" and a request with no Accept header get the HTML page.
 */
export function wantsJson(accept: string | undefined): boolean {
  return (
    accept !== undefined &&
    negotiate(accept, ["text/html", "application/json"]) === "application/json"
  );
}

/**
 * Sends `answer` as the error page, or as JSON where the client asked for it. Renders through the
 * renderer rather than `reply.render`, since a reply made by `frameworkErrors` has no decorators.
 */
export async function sendError(
  renderer: Renderer,
  request: FastifyRequest,
  reply: FastifyReply,
  answer: ErrorAnswer,
): Promise<FastifyReply> {
  reply.code(answer.status);
  if (answer.retryAfterSeconds !== undefined)
    reply.header("Retry-After", String(answer.retryAfterSeconds));
  if (wantsJson(request.headers.accept))
    return reply.send({
      statusCode: answer.status,
      error: answer.title,
      message: answer.message,
    });
  const path = request.url.split("?")[0] ?? "/";
  const html = await renderer.html(
    "error.njk",
    { title: answer.title, message: answer.message },
    path,
    // No unread count: an error page asks nothing more of a database that may be the error.
    viewerOf(request.actor, 0),
  );
  return reply.type("text/html; charset=utf-8").send(html);
}
