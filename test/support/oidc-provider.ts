/**
 * A real OpenID provider for tests: oidc-provider (the certified implementation) in-process on
 * 127.0.0.1, with one client and the accounts you pass. Its login and consent interactions are
 * two tiny handlers that finish with `provider.interactionFinished` (no HTML forms), and
 * `signIn` plays the browser with `fetch`, a cookie jar and manual redirects, returning the
 * callback URL (with `code`, `state` and `iss`) without requesting it.
 */
import { generateKeyPair, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import Provider from "oidc-provider";
import type { IdentityProvider } from "../../src/accounts/identity-provider.js";
import { createOidcProvider, type OidcProviderOptions } from "../../src/adapters/oidc.js";

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOidcProviderOptions {
  clientId: string;
  /** Absent: a public client (token endpoint authentication "none"). */
  clientSecret?: string;
  /**
   * How a client with a secret authenticates at the token endpoint, and the only secret method
   * the provider offers (some providers list only "client_secret_post"). Default
   * "client_secret_basic", among all the methods oidc-provider offers.
   */
  secretMethod?: "client_secret_basic" | "client_secret_post";
  redirectUri: string;
  /** The people who can sign in, by account id (which is also their `sub`). */
  accounts: Record<string, TestAccount>;
  /** A fixed port (to start the provider late on a port a client already points at); default any. */
  port?: number;
  /**
   * Put the scope claims (email, name) in the ID token too. Default false: as the specification
   * says, they are only in the UserInfo response when an access token is issued.
   */
  claimsInIdToken?: boolean;
}

export interface TestOidcProvider {
  /** "http://127.0.0.1:<port>" */
  issuer: string;
  /**
   * The path of every request the provider received, in order ("/token", "/me" for UserInfo…),
   * followed by " (basic)" when it carried HTTP Basic client authentication.
   */
  requests: string[];
  stop(): Promise<void>;
  /** Signs `accountId` in at the provider and returns the redirect to the client's redirect URI. */
  signIn(authorizationUrl: string, accountId: string): Promise<URL>;
  /** The person refuses at the provider: the redirect carries `error=access_denied`. */
  deny(authorizationUrl: string): Promise<URL>;
}

/** One browser: cookies by name (every cookie here is for the one host), redirects by hand. */
async function drive(
  authorizationUrl: string,
  redirectUri: string,
  interactionQuery: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 12; hop++) {
    if (url.pathname.startsWith("/interaction/")) url.search = interactionQuery;
    const response = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || pair.slice(at + 1) === "") jar.delete(name);
      else jar.set(name, pair.slice(at + 1));
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null) {
      throw new Error(
        `test provider: ${response.status} at ${url.pathname}: ${await response.text()}`,
      );
    }
    await response.body?.cancel();
    url = new URL(location, url);
    if (url.href.startsWith(`${redirectUri}?`)) return url;
  }
  throw new Error("test provider: too many redirects");
}

export async function startTestOidcProvider(
  options: TestOidcProviderOptions,
): Promise<TestOidcProvider> {
  const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test", use: "sig", alg: "RS256" };

  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        ...(options.clientSecret === undefined
          ? { token_endpoint_auth_method: "none" }
          : {
              client_secret: options.clientSecret,
              token_endpoint_auth_method: options.secretMethod ?? "client_secret_basic",
            }),
        redirect_uris: [options.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const account = options.accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    conformIdTokenClaims: !options.claimsInIdToken,
    pkce: { required: () => true },
    ...(options.secretMethod === "client_secret_post"
      ? { clientAuthMethods: ["none", "client_secret_post"] }
      : {}),
    // Seconds; set so that the provider does not print a notice for each default it uses.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    features: { devInteractions: { enabled: false } },
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
  });
  const oidc = provider.callback();

  // The interactions: ?account=<id> logs that account in, ?deny=1 refuses; consent is given to
  // whatever the client asked for.
  const interaction = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const query = new URL(req.url ?? "/", issuer).searchParams;
    const details = await provider.interactionDetails(req, res);
    if (query.get("deny") === "1") {
      await provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "End-User aborted interaction" },
        { mergeWithLastSubmission: false },
      );
    } else if (details.prompt.name === "login") {
      const accountId = query.get("account") ?? "";
      await provider.interactionFinished(req, res, { login: { accountId } });
    } else {
      const grant = new provider.Grant({
        accountId: details.session?.accountId ?? "",
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
    }
  };
  const requests: string[] = [];
  handle = (req, res) => {
    const basic = req.headers.authorization?.startsWith("Basic ") ? " (basic)" : "";
    requests.push(`${new URL(req.url ?? "/", issuer).pathname}${basic}`);
    if (!req.url?.startsWith("/interaction/")) return oidc(req, res);
    interaction(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  };

  return {
    issuer,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    signIn: (authorizationUrl, accountId) =>
      drive(authorizationUrl, options.redirectUri, `?account=${encodeURIComponent(accountId)}`),
    deny: (authorizationUrl) => drive(authorizationUrl, options.redirectUri, "?deny=1"),
  };
}

/**
 * The hub's client of a test provider: over plain HTTP (the test provider's), with the client the
 * provider was started for; `options` add to or change it (a secret, trusting emails, another issuer).
 */
export function hubClientOf(
  issuer: string,
  options: Omit<OidcProviderOptions, "issuer" | "displayName"> & Partial<OidcProviderOptions>,
): IdentityProvider {
  return createOidcProvider({ issuer, displayName: "Test", allowInsecureHttp: true, ...options });
}
