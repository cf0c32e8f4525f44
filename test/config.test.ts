/** src/config.ts: single sign-on settings and the public URL. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { accountSettingsOf } from "../src/cli/account-settings.js";
import { defaultAccountSettings } from "../src/accounts/settings.js";
import { UsageError } from "../src/errors.js";

const issuer = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0";

describe("single sign-on configuration", () => {
  it("is off unless issuer and client id are set", () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig({ OIDC_ISSUER: "", OIDC_CLIENT_ID: "" }).oidc).toBeUndefined();
  });

  it("gives the provider with its defaults and the redirect URI on the public URL", () => {
    expect(
      loadConfig({
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: "hub",
        OIDC_CLIENT_SECRET: "s3cret",
        PUBLIC_URL: "https://hub.example.nhs.uk/",
      }).oidc,
    ).toEqual({
      issuer,
      clientId: "hub",
      clientSecret: "s3cret",
      displayName: "Sign in with your organisation's account",
      scopes: "openid email profile",
      redirectUri: "https://hub.example.nhs.uk/sign-in/sso/callback",
      createAccounts: false,
      trustEmail: false,
    });
  });

  it("takes the display name and scopes, and defaults the public URL to localhost and the port", () => {
    const config = loadConfig({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: "hub",
      OIDC_DISPLAY_NAME: "Sign in with NHS Care Identity Service 2",
      OIDC_SCOPES: "openid email profile nationalrbacaccess",
      PORT: "8080",
      OIDC_CREATE_ACCOUNTS: "true",
    });
    expect(config.publicUrl).toBe("http://localhost:8080");
    expect(config.oidc).toMatchObject({
      clientSecret: undefined,
      displayName: "Sign in with NHS Care Identity Service 2",
      scopes: "openid email profile nationalrbacaccess",
      redirectUri: "http://localhost:8080/sign-in/sso/callback",
      createAccounts: true,
    });
  });

  it("names the missing variable when only one of issuer and client id is set", () => {
    expect(() => loadConfig({ OIDC_ISSUER: issuer })).toThrow(UsageError);
    expect(() => loadConfig({ OIDC_ISSUER: issuer })).toThrow(/OIDC_CLIENT_ID is not set/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: "hub" })).toThrow(/OIDC_ISSUER is not set/);
  });

  it("refuses an issuer that is not https, scopes without openid, and never echoes the secret", () => {
    expect(() => loadConfig({ OIDC_ISSUER: "http://idp.example", OIDC_CLIENT_ID: "hub" })).toThrow(
      /OIDC_ISSUER: must be an https:\/\/ URL/,
    );
    expect(() =>
      loadConfig({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "hub", OIDC_SCOPES: "email" }),
    ).toThrow(/OIDC_SCOPES: must include "openid"/);
    const error = (() => {
      try {
        loadConfig({ OIDC_CLIENT_ID: "hub", OIDC_CLIENT_SECRET: "s3cret-value" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).not.toContain("s3cret-value");
  });

  it("refuses a public URL that is not a URL", () => {
    expect(() => loadConfig({ PUBLIC_URL: "hub.example.nhs.uk" })).toThrow(/PUBLIC_URL/);
  });
});

describe("account settings", () => {
  it("come from the environment, for the server and the command line alike", () => {
    const settings = accountSettingsOf(
      loadConfig({
        PUBLIC_URL: "https://hub.example.nhs.uk",
        SESSION_IDLE_MINUTES: "20",
        SESSION_ABSOLUTE_HOURS: "8",
        SIGN_IN_LOCK_AFTER: "10",
        SIGN_IN_LOCK_MINUTES: "30",
        INVITATION_DAYS: "14",
        API_TOKENS_PER_PERSON: "3",
      }),
    );
    expect(settings).toMatchObject({
      publicUrl: "https://hub.example.nhs.uk",
      sessionIdleMs: 20 * 60_000,
      sessionAbsoluteMs: 8 * 3_600_000,
      lockThreshold: 10,
      lockForMs: 30 * 60_000,
      invitationMs: 14 * 24 * 3_600_000,
      apiTokensPerPerson: 3,
    });
    expect(accountSettingsOf(loadConfig({}))).toMatchObject({
      lockThreshold: defaultAccountSettings.lockThreshold,
      invitationMs: defaultAccountSettings.invitationMs,
      apiTokensPerPerson: defaultAccountSettings.apiTokensPerPerson,
    });
  });

  it("refuses a lock-out that would let a guesser go on for ever", () => {
    expect(() => loadConfig({ SIGN_IN_LOCK_AFTER: "1000" })).toThrow(/SIGN_IN_LOCK_AFTER/);
  });
});

describe("read replica configuration", () => {
  const primary = "postgres://hub:secret@db.example:5432/hub";
  const replica = "postgres://hub:replica-secret@db-replica.example:5432/hub";

  it("is off by default, with a read-your-writes window of 5 seconds", () => {
    expect(loadConfig({ DATABASE_URL: primary })).toMatchObject({
      databaseReplicaUrl: undefined,
      readYourWritesMs: 5_000,
    });
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: "" })).toMatchObject({
      databaseReplicaUrl: undefined,
    });
  });

  it("takes the replica and the window beside DATABASE_URL", () => {
    expect(
      loadConfig({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URL: replica,
        IMPROVE_READ_YOUR_WRITES_MS: "2500",
      }),
    ).toMatchObject({ databaseReplicaUrl: replica, readYourWritesMs: 2_500 });
  });

  it("refuses a replica without DATABASE_URL, a window out of range, and never echoes the URL", () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: replica })).toThrow(
      /DATABASE_REPLICA_URL is set without DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, IMPROVE_READ_YOUR_WRITES_MS: "-1" })).toThrow(
      /IMPROVE_READ_YOUR_WRITES_MS/,
    );
    const bad = "not a url with replica-secret";
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: bad })).toThrow(
      UsageError,
    );
    try {
      loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: bad });
    } catch (e) {
      expect((e as Error).message).toMatch(/DATABASE_REPLICA_URL/);
      expect((e as Error).message).not.toMatch(/replica-secret/);
    }
    try {
      loadConfig({ DATABASE_REPLICA_URL: replica });
    } catch (e) {
      expect((e as Error).message).not.toMatch(/replica-secret/);
    }
  });
});
