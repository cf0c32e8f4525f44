/**
 * Configuration, read from the environment once at start-up and typed. Nothing else in the code
 * reads `process.env`; everything receives a `Config` (or the part of it it needs).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { UsageError } from "./errors.js";

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The installed package's folder (the repository in development), from src/ and dist/ alike. */
export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** An empty variable (`OIDC_CLIENT_SECRET=` in a compose file) counts as unset. */
const blank = (v: unknown): unknown => (v === "" ? undefined : v);

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  // Never echoed in a message: the URL may hold the password.
  DATABASE_REPLICA_URL: z.preprocess(blank, z.string().url().optional()),
  IMPROVE_READ_YOUR_WRITES_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  IMPROVE_DATA_DIR: z.string().default(".data"),
  IMPROVE_SHARED_DATA: z.string().default(path.join("..", "shared", "data")),
  /** Shipped content: guides (guides/<guideId>/<version>.md) and maturity matrices (assessments/). */
  IMPROVE_CONTENT_DIR: z.string().default(path.join(projectRoot, "content")),
  IMPROVE_DEMO: z.enum(["auto", "synthetic", "off"]).default("auto"),
  IMPROVE_WASM_READER: z.enum(["on", "off"]).default("on"),
  IMPROVE_PG_BIN: z.preprocess(blank, z.string().optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.preprocess(blank, z.string().url().optional()),
  OIDC_ISSUER: z.preprocess(
    blank,
    z
      .string()
      .refine((v) => URL.canParse(v) && new URL(v).protocol === "https:", {
        message: "must be an https:// URL (the provider's issuer identifier)",
      })
      .optional(),
  ),
  OIDC_CLIENT_ID: z.preprocess(blank, z.string().optional()),
  // Never echoed in a message.
  OIDC_CLIENT_SECRET: z.preprocess(blank, z.string().optional()),
  OIDC_DISPLAY_NAME: z.preprocess(
    blank,
    z.string().max(100).default("Sign in with your organisation's account"),
  ),
  OIDC_CREATE_ACCOUNTS: z.preprocess(blank, z.enum(["true", "false"]).default("false")),
  OIDC_TRUST_EMAIL: z.preprocess(blank, z.enum(["true", "false"]).default("false")),
  OIDC_SCOPES: z.preprocess(
    blank,
    z
      .string()
      .refine((v) => v.split(/\s+/).includes("openid"), { message: 'must include "openid"' })
      .default("openid email profile"),
  ),
  IMPROVE_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("development"),
  SESSION_SECRET: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  SIGN_IN_LOCK_AFTER: z.coerce.number().int().min(3).max(100).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  INVITATION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  API_TOKENS_PER_PERSON: z.coerce.number().int().min(1).max(100).default(10),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  API_RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(1).max(1_000_000).default(120),
  API_RATE_LIMIT_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  API_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // Never echoed in a message: the URL may hold the SMTP password.
  SMTP_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .refine((v) => URL.canParse(v) && ["smtp:", "smtps:"].includes(new URL(v).protocol), {
        message: "must be an smtp:// or smtps:// URL (e.g. smtps://user:password@mail.example:465)",
      })
      .optional(),
  ),
  MAIL_FROM: z
    .string()
    .min(3)
    .max(300)
    .refine((v) => !/[\r\n]/.test(v), { message: "must be one line" })
    .default("Improvement Hub <no-reply@improvement-hub.invalid>"),
});

/** An OpenID Connect provider (NHS CIS2, Microsoft Entra ID): docs/accounts.md, Single sign-on. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE alone). */
  clientSecret: string | undefined;
  /** The sign-in button's words. */
  displayName: string;
  scopes: string;
  /** `${publicUrl}/sign-in/sso/callback`: what is registered at the provider. */
  redirectUri: string;
  /**
   * Create an account (with no roles) for anyone the provider vouches for with a verified email
   * (src/accounts/single-sign-on.ts); otherwise only invited people get one.
   */
  createAccounts: boolean;
  /** The provider's addresses count as verified (src/adapters/oidc.ts `trustEmail`). */
  trustEmail: boolean;
}

export interface Config {
  /** External PostgreSQL (production). Absent: start the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * A streaming replica of `databaseUrl` that read-only pages read from (src/storage/replica.ts,
   * docs/deployment.md "Read replicas"). Absent: everything reads from `databaseUrl`.
   */
  databaseReplicaUrl: string | undefined;
  /** How long (ms) after a write its writer reads from the primary at most (read-your-writes). */
  readYourWritesMs: number;
  /** Folder for the embedded database and other local state. */
  dataDir: string;
  /** The shipped content's folder: guides/ and assessments/ (IMPROVE_CONTENT_DIR; default the package's content/). */
  contentDir: string;
  /** Real public NHS data for the developer load (read in place, never copied). */
  sharedDataDir: string;
  /** `auto`: real shared data when present, else synthetic; `synthetic`: always synthetic. */
  demo: "auto" | "synthetic" | "off";
  /**
   * Whether big CSV files have their plain lines read by WebAssembly (decision 0007). Off: the
   * JavaScript byte reader reads every line, with the same results; imports report which ran.
   */
  wasmReader: boolean;
  /**
   * The folder holding PostgreSQL's client programs (pg_dump, pg_restore, psql) for `improve
   * backup` and `improve restore`; absent: found on the PATH.
   */
  pgBin: string | undefined;
  port: number;
  host: string;
  /**
   * The site's external base URL, without a trailing slash ("https://hub.example.nhs.uk"):
   * redirect URIs and links in messages are built on it. Default `http://localhost:<port>`.
   */
  publicUrl: string;
  /** Single sign-on with an OpenID Connect provider; absent unless issuer and client id are set. */
  oidc: OidcConfig | undefined;
  /** `improve serve`'s web processes (`--workers`); absent: one per core. */
  workers: number | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  production: boolean;
  /**
   * Signs session cookies (at least 32 characters). Required in production; elsewhere one is made
   * and kept in the data folder (src/cli/session-secret.ts).
   */
  sessionSecret: string | undefined;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Failed sign-ins in a row that lock an account, and for how long. */
  lockThreshold: number;
  lockForMs: number;
  /** How long an invitation link works. */
  invitationMs: number;
  /** Personal API tokens a person may hold at once. */
  apiTokensPerPerson: number;
  /** Behind a reverse proxy or load balancer: believe its X-Forwarded-For and -Proto. */
  trustProxy: boolean;
  /**
   * The SMTP server mail goes through (smtp:// or smtps://, with credentials). Absent: messages
   * are written to the log and, outside production, shown at /dev/mailbox.
   */
  smtpUrl: string | undefined;
  /** The From header of every message. */
  mailFrom: string;
  /**
   * The open API's rate limits (docs/api.md): requests per window from one address without a
   * token, and per token. Defaults: 120 and 1,200 a minute.
   */
  apiRateLimits: { anonymous: number; token: number; windowSeconds: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `configuration: ${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  if ((e.OIDC_ISSUER === undefined) !== (e.OIDC_CLIENT_ID === undefined)) {
    const missing = e.OIDC_ISSUER === undefined ? "OIDC_ISSUER" : "OIDC_CLIENT_ID";
    throw new UsageError(
      `configuration: ${missing} is not set: single sign-on needs both OIDC_ISSUER and OIDC_CLIENT_ID`,
    );
  }
  if (e.DATABASE_REPLICA_URL !== undefined && e.DATABASE_URL === undefined)
    throw new UsageError(
      "configuration: DATABASE_REPLICA_URL is set without DATABASE_URL: a read replica needs the primary it replicates (the embedded PostgreSQL has none)",
    );
  const oidc: OidcConfig | undefined =
    e.OIDC_ISSUER !== undefined && e.OIDC_CLIENT_ID !== undefined
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
          displayName: e.OIDC_DISPLAY_NAME,
          scopes: e.OIDC_SCOPES,
          redirectUri: `${publicUrl}/sign-in/sso/callback`,
          createAccounts: e.OIDC_CREATE_ACCOUNTS === "true",
          trustEmail: e.OIDC_TRUST_EMAIL === "true",
        }
      : undefined;
  return {
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrl: e.DATABASE_REPLICA_URL,
    readYourWritesMs: e.IMPROVE_READ_YOUR_WRITES_MS,
    dataDir: path.resolve(e.IMPROVE_DATA_DIR),
    contentDir: path.resolve(e.IMPROVE_CONTENT_DIR),
    sharedDataDir: path.resolve(e.IMPROVE_SHARED_DATA),
    demo: e.IMPROVE_DEMO,
    wasmReader: e.IMPROVE_WASM_READER === "on",
    pgBin: e.IMPROVE_PG_BIN === undefined ? undefined : path.resolve(e.IMPROVE_PG_BIN),
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    oidc,
    workers: e.IMPROVE_WORKERS,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === "production",
    sessionSecret: e.SESSION_SECRET,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    lockThreshold: e.SIGN_IN_LOCK_AFTER,
    lockForMs: e.SIGN_IN_LOCK_MINUTES * 60_000,
    invitationMs: e.INVITATION_DAYS * 24 * 3_600_000,
    apiTokensPerPerson: e.API_TOKENS_PER_PERSON,
    trustProxy: e.TRUST_PROXY === "true",
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    apiRateLimits: {
      anonymous: e.API_RATE_LIMIT_ANONYMOUS,
      token: e.API_RATE_LIMIT_TOKEN,
      windowSeconds: e.API_RATE_LIMIT_WINDOW_SECONDS,
    },
  };
}

/**
 * The development mailbox page (/dev/mailbox) shows every queued message, sign-in links
 * included: only where nothing is really sent (no SMTP_URL) and never in production.
 */
export function devMailboxEnabled(config: Pick<Config, "production" | "smtpUrl">): boolean {
  return !config.production && config.smtpUrl === undefined;
}
