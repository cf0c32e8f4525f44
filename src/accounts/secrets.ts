/**
 * Random secrets handed to people (links in emails, session ids, recovery codes) and how they
 * are kept: only their SHA-256 digest is stored. Each secret carries at least 128 random bits,
 * so an unsalted digest cannot be reversed by guessing; the cryptography is Node's own.
 */
import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: for links in emails. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a token, session id or recovery code. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/**
 * A recovery code a person can copy by hand: 16 characters from an alphabet without look-alikes
 * (31 symbols: 79 bits), shown in groups of four.
 * @example newRecoveryCode() // "k7mq-2xwa-p9td-h3vn"
 */
export function newRecoveryCode(): string {
  const bytes = randomBytes(32);
  let code = "";
  for (const byte of bytes) {
    // Rejection sampling keeps every symbol equally likely (248 = 8 × 31).
    if (byte >= 248) continue;
    code += RECOVERY_ALPHABET[byte % 31];
    if (code.length === 16) break;
  }
  if (code.length < 16) return newRecoveryCode();
  return code.match(/.{4}/g)!.join("-");
}

/** A recovery code as typed: case, spaces and hyphens do not matter. */
export function normaliseRecoveryCode(typed: string): string {
  const plain = typed.toLowerCase().replace(/[\s-]/g, "");
  return plain.match(/.{1,4}/g)?.join("-") ?? "";
}
