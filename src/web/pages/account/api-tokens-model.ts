/** What the API tokens pages show of each token, and the create form's choices, in words. */
import type { TokenScope } from "../../../accounts/actor.js";
import { EXPIRY_CHOICES, type ApiTokenView } from "../../../accounts/api-tokens.js";
import { longDateTime } from "../../present.js";

export const SCOPE_WORDS: Record<TokenScope, string> = {
  read: "Read only",
  read_write: "Read and change",
};

export interface TokenRow {
  tokenId: number;
  name: string;
  /** `ih_1a2b3c4d…`: enough to recognise it, nothing to use it with. */
  shown: string;
  scope: string;
  created: string;
  lastUsed: string;
  expires: string;
  expired: boolean;
}

export function tokenRows(tokens: readonly ApiTokenView[]): TokenRow[] {
  return tokens.map((t) => ({
    tokenId: t.tokenId,
    name: t.name,
    shown: `ih_${t.prefix}_…`,
    scope: SCOPE_WORDS[t.scope],
    created: longDateTime(t.createdAt),
    lastUsed: t.lastUsedAt ? longDateTime(t.lastUsedAt) : "Never",
    expires: t.expiresAt ? longDateTime(t.expiresAt) : "Never",
    expired: t.expired,
  }));
}

/** The create form's expiry choices: the radio's value, and its words. */
export const EXPIRY_ITEMS = EXPIRY_CHOICES.map((days) => ({
  value: days === null ? "never" : String(days),
  text:
    days === null ? "Never (until you revoke it)" : days === 365 ? "In 1 year" : `In ${days} days`,
}));

/**
 * The posted expiry as the service takes it: "never" is null, a number of days a number, and
 * anything else NaN (which the service refuses, naming the field).
 * @example expiryDays("90") // 90
 * @example expiryDays("never") // null
 */
export function expiryDays(value: string): number | null {
  if (value === "never") return null;
  return /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
}
