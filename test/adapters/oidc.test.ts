/**
 * The OpenID Connect adapter against a real OpenID provider (oidc-provider, started here):
 * the whole authorisation code flow with PKCE, and every way a callback can be wrong.
 */
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeReturnTo, type IdentityProvider } from "../../src/accounts/identity-provider.js";
import { createOidcProvider } from "../../src/adapters/oidc.js";
import { UsageError } from "../../src/errors.js";
import {
  hubClientOf,
  startTestOidcProvider,
  type TestOidcProvider,
} from "../support/oidc-provider.js";

const redirectUri = "http://localhost:3000/sign-in/sso/callback";
const clientId = "improvement-hub";
const clientSecret = "a-test-client-secret-that-is-long-enough";
const accounts = {
  ada: { email: "ada.lovelace@nhs.net", email_verified: true, name: "Ada Lovelace" },
  mallory: { email: "mallory@example.com", email_verified: false, name: "Mallory" },
  nomail: { name: "No Mail" },
};

/** What a thrown error and its cause say, to check that no secret is in either. */
async function refusal(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => expect.unreachable("should have been refused"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

/** Ada signs in at `op` through `hub`: the identity, with `op.requests` holding only what finishing asked. */
async function signInAsAda(op: TestOidcProvider, hub: IdentityProvider) {
  const { url, attempt } = await hub.start("/");
  const callback = await op.signIn(url, "ada");
  op.requests.length = 0;
  return hub.finish(callback, attempt);
}

function expectNoSecrets(error: Error, ...secrets: string[]): void {
  const said = `${error.message} ${String(error.cause)} ${(error.cause as Error | undefined)?.message ?? ""}`;
  for (const secret of [clientSecret, ...secrets]) expect(said).not.toContain(secret);
}

describe("OpenID Connect sign-in against a real provider", () => {
  let op: TestOidcProvider;
  let hub: IdentityProvider;

  beforeAll(async () => {
    op = await startTestOidcProvider({ clientId, clientSecret, redirectUri, accounts });
    hub = hubClientOf(op.issuer, { clientId, clientSecret, redirectUri });
  });
  afterAll(() => op.stop());

  it("gives the identity: issuer, subject, verified email and name", async () => {
    const { url, attempt } = await hub.start("/org/RXX?x=1");
    const authorization = new URL(url);
    expect(authorization.origin).toBe(op.issuer);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBe(attempt.state);
    expect(authorization.searchParams.get("nonce")).toBe(attempt.nonce);
    expect(authorization.searchParams.get("redirect_uri")).toBe(redirectUri);
    expect(authorization.searchParams.get("scope")).toBe("openid email profile");
    expect(url).not.toContain(attempt.codeVerifier);
    expect(attempt.returnTo).toBe("/org/RXX?x=1");

    const callback = await op.signIn(url, "ada");
    expect(callback.searchParams.get("code")).toBeTruthy();
    op.requests.length = 0;
    expect(await hub.finish(callback, attempt)).toEqual({
      issuer: op.issuer,
      subject: "ada",
      email: "ada.lovelace@nhs.net",
      emailVerified: true,
      name: "Ada Lovelace",
    });
    // This provider keeps scope claims out of the ID token, so they came from UserInfo.
    expect(op.requests).toEqual(["/token (basic)", "/me"]);
  });

  it("reads only the callback's parameters (behind a proxy the request's own URL differs)", async () => {
    const { url, attempt } = await hub.start("/");
    const callback = await op.signIn(url, "ada");
    const asSeen = new URL(`http://10.0.0.5:8080/sign-in/sso/callback${callback.search}`);
    expect((await hub.finish(asSeen, attempt)).subject).toBe("ada");
  });

  it("refuses a callback that names another issuer (mix-up)", async () => {
    const { url, attempt } = await hub.start("/");
    const callback = await op.signIn(url, "ada");
    expect(callback.searchParams.get("iss")).toBe(op.issuer);
    callback.searchParams.set("iss", "https://other-provider.example");
    const error = await refusal(hub.finish(callback, attempt));
    expect(String((error.cause as Error).message)).toMatch(/iss/);
  });

  it("refuses a tampered state", async () => {
    const { url, attempt } = await hub.start("/");
    const callback = await op.signIn(url, "ada");
    callback.searchParams.set("state", `${attempt.state}x`);
    const error = await refusal(hub.finish(callback, attempt));
    expect(error.message).toMatch(/^The sign-in could not be completed: .*, try again\.$/);
    expect(String((error.cause as Error).message)).toMatch(/state/);
    expectNoSecrets(error, callback.searchParams.get("code")!, attempt.codeVerifier);
  });

  it("refuses a callback whose state belongs to another attempt", async () => {
    const first = await hub.start("/");
    const second = await hub.start("/");
    const callback = await op.signIn(first.url, "ada");
    await refusal(hub.finish(callback, second.attempt));
  });

  it("refuses a wrong nonce", async () => {
    const { url, attempt } = await hub.start("/");
    const callback = await op.signIn(url, "ada");
    const error = await refusal(hub.finish(callback, { ...attempt, nonce: "not-the-nonce" }));
    expect(String((error.cause as Error).message)).toMatch(/nonce/);
    expectNoSecrets(error, callback.searchParams.get("code")!, attempt.codeVerifier, attempt.nonce);
  });

  it("refuses a wrong PKCE code verifier", async () => {
    const { url, attempt } = await hub.start("/");
    const other = await hub.start("/");
    const callback = await op.signIn(url, "ada");
    const error = await refusal(
      hub.finish(callback, { ...attempt, codeVerifier: other.attempt.codeVerifier }),
    );
    expect(String((error.cause as Error).message)).toMatch(/invalid_grant/);
    expectNoSecrets(error, callback.searchParams.get("code")!, attempt.codeVerifier);
  });

  it("refuses a replayed callback the second time", async () => {
    const { url, attempt } = await hub.start("/");
    const callback = await op.signIn(url, "ada");
    expect((await hub.finish(callback, attempt)).subject).toBe("ada");
    const error = await refusal(hub.finish(callback, attempt));
    expect(error.message).toBe(
      "The sign-in could not be completed: the sign-in service refused the sign-in (it may have been used already or expired), try again.",
    );
    expect(String((error.cause as Error).message)).toMatch(/invalid_grant/);
    expectNoSecrets(error, callback.searchParams.get("code")!);
  });

  it("says plainly that the sign-in was refused at the provider (error=access_denied)", async () => {
    const { url, attempt } = await hub.start("/");
    const callback = await op.deny(url);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    const error = await refusal(hub.finish(callback, attempt));
    expect(error.message).toBe(
      "The sign-in could not be completed: the sign-in was cancelled or refused at the sign-in service, try again.",
    );
    expect(String((error.cause as Error).message)).toMatch(/access_denied/);
  });

  it("gives an unverified email as unverified", async () => {
    const { url, attempt } = await hub.start("/");
    const identity = await hub.finish(await op.signIn(url, "mallory"), attempt);
    expect(identity).toMatchObject({
      subject: "mallory",
      email: "mallory@example.com",
      emailVerified: false,
    });
  });

  it("counts the email as verified for a provider trusted with its addresses", async () => {
    const trusting = hubClientOf(op.issuer, {
      clientId,
      clientSecret,
      redirectUri,
      trustEmail: true,
    });
    const { url, attempt } = await trusting.start("/");
    const identity = await trusting.finish(await op.signIn(url, "mallory"), attempt);
    expect(identity).toMatchObject({ email: "mallory@example.com", emailVerified: true });
  });

  it("gives no email when the provider has none", async () => {
    const { url, attempt } = await hub.start("/");
    const identity = await hub.finish(await op.signIn(url, "nomail"), attempt);
    expect(identity).toEqual({
      issuer: op.issuer,
      subject: "nomail",
      email: null,
      emailVerified: false,
      name: "No Mail",
    });
  });

  it("keeps only a same-site return path", async () => {
    expect((await hub.start("https://evil.example/")).attempt.returnTo).toBe("/");
  });
});

describe("OpenID Connect sign-in with claims in the ID token, as a public client", () => {
  it("gives the identity from the ID token's claims (PKCE without a client secret)", async () => {
    const op = await startTestOidcProvider({
      clientId,
      redirectUri,
      accounts,
      claimsInIdToken: true,
    });
    try {
      const hub = hubClientOf(op.issuer, { clientId, redirectUri });
      expect(await signInAsAda(op, hub)).toEqual({
        issuer: op.issuer,
        subject: "ada",
        email: "ada.lovelace@nhs.net",
        emailVerified: true,
        name: "Ada Lovelace",
      });
      expect(op.requests).toEqual(["/token"]); // no UserInfo request
    } finally {
      await op.stop();
    }
  });
});

describe("OpenID Connect sign-in at a provider that takes the client secret only in the body", () => {
  it("sends the secret as client_secret_post", async () => {
    const op = await startTestOidcProvider({
      clientId,
      clientSecret,
      secretMethod: "client_secret_post",
      redirectUri,
      accounts,
    });
    try {
      const hub = hubClientOf(op.issuer, { clientId, clientSecret, redirectUri });
      expect((await signInAsAda(op, hub)).subject).toBe("ada");
      expect(op.requests[0]).toBe("/token"); // the secret went in the body, not HTTP Basic
    } finally {
      await op.stop();
    }
  });
});

describe("the provider being down", () => {
  it("fails plainly at first, and works once the provider is up (discovery is not cached on failure)", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const hub = hubClientOf(`http://127.0.0.1:${port}`, { clientId, clientSecret, redirectUri });
    const error = await refusal(hub.start("/"));
    expect(error.message).toBe(
      `The sign-in service could not be reached (127.0.0.1:${port}), try again in a few minutes.`,
    );
    expectNoSecrets(error);

    const op = await startTestOidcProvider({ clientId, clientSecret, redirectUri, accounts, port });
    try {
      const { url, attempt } = await hub.start("/");
      expect((await hub.finish(await op.signIn(url, "ada"), attempt)).subject).toBe("ada");
    } finally {
      await op.stop();
    }
  });
});

describe("a provider that does not answer as expected", () => {
  it("says so, and the log's reason says why (no metadata at the configured issuer)", async () => {
    const op = await startTestOidcProvider({ clientId, clientSecret, redirectUri, accounts });
    try {
      const hub = hubClientOf(`${op.issuer}/not-the-issuer`, {
        clientId,
        clientSecret,
        redirectUri,
      });
      const error = await refusal(hub.start("/"));
      expect(error.message).toMatch(/did not answer as the hub expects, try again later/);
      expect(String((error.cause as Error).message)).toMatch(/404|status/i);
      expectNoSecrets(error);
    } finally {
      await op.stop();
    }
  });
});

describe("createOidcProvider", () => {
  const base = { clientId, redirectUri, displayName: "Test" };
  it("refuses an http issuer outside tests", () => {
    expect(() => createOidcProvider({ ...base, issuer: "http://idp.example" })).toThrow(UsageError);
  });
  it("refuses scopes without openid", () => {
    expect(() =>
      createOidcProvider({ ...base, issuer: "https://idp.example", scopes: "email profile" }),
    ).toThrow(/openid/);
  });
});

describe("safeReturnTo", () => {
  it.each([
    "//evil.example",
    "https://evil.example",
    "/\\evil",
    "/\t/evil.example",
    "javascript:alert(1)",
    "evil",
    "",
  ])("refuses %j", (path) => {
    expect(safeReturnTo(path)).toBeUndefined();
  });
  it("refuses nothing given", () => {
    expect(safeReturnTo(undefined)).toBeUndefined();
    expect(safeReturnTo(null)).toBeUndefined();
  });
  it.each(["/org/RXX?x=1", "/", "/metrics/ae-4hr#chart"])("keeps %j", (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });
});
