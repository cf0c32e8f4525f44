/**
 * Rate limits in fixed windows, counted in PostgreSQL (`store.hit`) so that every instance of
 * the app counts together: e.g. 20 sign-in attempts per address per 15 minutes.
 */
import { RateLimitedError } from "../errors.js";
import type { AccountStore } from "./store.js";

export interface Limit {
  /** What is counted ("sign_in_ip", "reset_email"). */
  bucket: string;
  max: number;
  windowMs: number;
}

/** The limits the sign-in service applies (docs/accounts.md, Signing in). */
export const LIMITS = {
  // Generous: many NHS staff reach the internet through one address. Guessing one account's
  // password is stopped by its lock-out; this stops one address trying many accounts.
  signInPerIp: { bucket: "sign_in_ip", max: 100, windowMs: 15 * 60_000 },
  secondFactorPerUser: { bucket: "second_factor_user", max: 10, windowMs: 15 * 60_000 },
  resetPerIp: { bucket: "reset_ip", max: 20, windowMs: 60 * 60_000 },
  resetPerEmail: { bucket: "reset_email", max: 5, windowMs: 60 * 60_000 },
  verifyPerUser: { bucket: "verify_email_user", max: 5, windowMs: 60 * 60_000 },
  passwordChangePerUser: { bucket: "password_change_user", max: 10, windowMs: 60 * 60_000 },
} as const satisfies Record<string, Limit>;

export type Throttle = (limit: Limit, key: string, message?: string) => Promise<void>;

/**
 * Counts one hit of `key` against `limit`; `RateLimitedError` (with the seconds until the window
 * ends) once the count passes `max`.
 */
export function createThrottle(store: Pick<AccountStore, "hit">, now: () => Date): Throttle {
  return async (limit, key, message = "You have tried this too many times.") => {
    const at = now().getTime();
    const windowStart = Math.floor(at / limit.windowMs) * limit.windowMs;
    const hits = await store.hit(limit.bucket, key, new Date(windowStart));
    if (hits <= limit.max) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + limit.windowMs - at) / 1000));
    throw new RateLimitedError(
      `${message} Try again in ${minutesText(retryAfterSeconds)}.`,
      retryAfterSeconds,
    );
  };
}

/** "1 minute", "15 minutes" (rounded up). */
export function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
