/**
 * The secret that signs session cookies. Production must set SESSION_SECRET (the app refuses to
 * start without one, or with one that is short or a known placeholder); elsewhere a random one
 * is made on first start and kept in the data folder (mode 0600), so `npm start`, its cluster
 * workers and restarts share it and nobody has to configure anything.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import { UsageError } from "../errors.js";
import type { SessionSettings } from "../web/session.js";

const PLACEHOLDERS = /^(change.?me|secret|password|session.?secret|x+|0+|dev|development)/i;

function checked(secret: string): string {
  if (secret.length < 32 || PLACEHOLDERS.test(secret))
    throw new UsageError(
      "configuration: SESSION_SECRET must be at least 32 random characters (for example the output of `openssl rand -base64 48`), not a placeholder",
    );
  return secret;
}

/**
 * The folder's secret, made on first use. Written whole to a temporary file and hard-linked into
 * place (which fails if another process got there first), so nobody ever reads a half-written
 * secret and two processes starting at once agree on one.
 */
async function keptSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "session-secret");
  await fs.mkdir(dataDir, { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await fs.writeFile(aside, randomBytes(48).toString("base64url"), { mode: 0o600 });
  try {
    await fs.link(aside, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    await fs.rm(aside, { force: true });
  }
  return (await fs.readFile(file, "utf8")).trim();
}

export async function sessionSettings(config: Config): Promise<SessionSettings> {
  let secret: string;
  if (config.sessionSecret !== undefined) secret = checked(config.sessionSecret);
  else if (config.production)
    throw new UsageError(
      "configuration: SESSION_SECRET must be set in production (at least 32 random characters, for example the output of `openssl rand -base64 48`)",
    );
  else secret = await keptSecret(config.dataDir);
  return {
    secret,
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    production: config.production,
  };
}
