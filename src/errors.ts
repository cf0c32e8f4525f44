/**
 * The platform's whole error vocabulary. Everything a user can cause is one of these; anything
 * else is a bug and is reported as such (logged with its stack, shown to users as a generic
 * failure).
 */

/** Where in an input a problem was found. Every field a person needs to go and fix it. */
export interface InputProblem {
  file?: string;
  line?: number;
  column?: string;
  value?: string;
  reason: string;
}

export abstract class AppError extends Error {
  abstract readonly kind:
    | "usage"
    | "input"
    | "not_found"
    | "conflict"
    | "sign_in_required"
    | "forbidden"
    | "rate_limited";
  /** Process exit code for the CLI: 2 for usage, 1 for everything else. */
  get exitCode(): number {
    return this.kind === "usage" ? 2 : 1;
  }
}

/** The caller asked for something malformed (bad flag, bad query parameter). */
export class UsageError extends AppError {
  readonly kind = "usage" as const;
}

/** Input data is wrong. Carries every problem found (capped by the producer), never partial work. */
export class InputError extends AppError {
  readonly kind = "input" as const;
  constructor(
    message: string,
    readonly problems: InputProblem[] = [],
    /** How many problems there were in total, when `problems` was capped. */
    readonly totalProblems: number = problems.length,
  ) {
    super(message);
  }
}

/** A named thing (organisation, metric, network, page) does not exist. */
export class NotFoundError extends AppError {
  readonly kind = "not_found" as const;
}

/** The request clashes with the current state (data folder in use, concurrent import). */
export class ConflictError extends AppError {
  readonly kind = "conflict" as const;
}

/** The action needs a signed-in person, and nobody is signed in (pages send them to sign in). */
export class SignInRequiredError extends AppError {
  readonly kind = "sign_in_required" as const;
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

/**
 * The person is known but may not do this (src/accounts/policy.ts). The message says what they
 * may not do, never what exists: a private resource of another organisation is "not found".
 */
export class ForbiddenError extends AppError {
  readonly kind = "forbidden" as const;
}

/** Too many attempts (sign-in, reset, verification); `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends AppError {
  readonly kind = "rate_limited" as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Values up to this long are echoed whole; longer ones are cut to ECHO_KEEP characters. */
const ECHO_MAX = 120;
const ECHO_KEEP = 80;

/**
 * A value as a message echoes it: whole when short, else its first 80 characters and its length,
 * so that a 10 MB cell does not make a 10 MB message. Idempotent (a shortened value is short).
 *
 * @example echoValue("9".repeat(10_485_760)) // "99…9…(10,485,760 characters)", 80 nines
 */
export function echoValue(value: string): string {
  if (value.length <= ECHO_MAX) return value;
  return `${value.slice(0, ECHO_KEEP)}…(${value.length.toLocaleString("en-GB")} characters)`;
}

/** One line a person can read: "file.csv line 12 column value "abc": not a number". */
export function formatProblem(p: InputProblem): string {
  const where = [
    p.file,
    p.line !== undefined ? `line ${p.line}` : undefined,
    p.column !== undefined ? `column ${echoValue(p.column)}` : undefined,
    p.value !== undefined ? `value ${JSON.stringify(echoValue(p.value))}` : undefined,
  ]
    .filter(Boolean)
    .join(" ");
  return where ? `${where}: ${p.reason}` : p.reason;
}
