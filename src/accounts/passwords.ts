/**
 * Password hashing with argon2id (the maintained @node-rs/argon2 binding; its defaults are the
 * OWASP minimum: 19 MiB, 2 iterations, 1 lane) and the password rules people are told.
 */
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

/** NCSC guidance: length over complexity rules; refuse the obvious. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

const COMMON = new Set([
  "password1234",
  "passwordpassword",
  "123456789012",
  "qwertyuiopas",
  "letmein12345",
  "welcome12345",
  "improvementhub",
]);

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Enter a password of at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((p) => !COMMON.has(p.toLowerCase()), "Choose a password that is harder to guess");

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = {
  // The binding's default algorithm is Argon2id.
  hash: (password) => hash(password),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};

/** A hash to verify against when the account does not exist, so both cases take as long. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(hasher: PasswordHasher): Promise<string> {
  dummyHash ??= hasher.hash("not a password of anyone's");
  return dummyHash;
}
