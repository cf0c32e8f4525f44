/**
 * Single sign-on with an OpenID Connect provider (NHS Care Identity Service 2, Microsoft Entra
 * ID, any certified provider): the authorisation code flow with PKCE (S256), state and nonce,
 * over openid-client, which does every check and all the cryptography (ID token signature,
 * issuer, audience, expiry, nonce, state, the `iss` response parameter). This file only chooses
 * the options, keeps the discovered configuration and turns failures into plain messages.
 */
import * as client from "openid-client";
import {
  safeReturnTo,
  type ExternalIdentity,
  type IdentityProvider,
  type SignInAttempt,
} from "../accounts/identity-provider.js";
import { UsageError } from "../errors.js";

export interface OidcProviderOptions {
  /** The issuer identifier; its /.well-known/openid-configuration is read at the first sign-in. */
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE alone, token endpoint authentication "none"). */
  clientSecret?: string;
  /** `${PUBLIC_URL}/sign-in/sso/callback`, registered at the provider. */
  redirectUri: string;
  /** Default "openid email profile". */
  scopes?: string;
  displayName: string;
  /** Tests only: allow an issuer on http://127.0.0.1. */
  allowInsecureHttp?: boolean;
  /**
   * The provider manages its people's addresses (an organisation's directory: NHS CIS2, a
   * single-tenant Entra ID), so its `email` counts as verified without an `email_verified`
   * claim, which such providers do not send; and Entra's `preferred_username` (the sign-in
   * address) stands in for a missing `email`. Never for a provider where people choose their
   * own address.
   */
  trustEmail?: boolean;
}

const tryAgain = "try again";

/**
 * The reason for the log: the name, code, OAuth error and message of the error and of the errors
 * it wraps (openid-client wraps oauth4webapi's, whose message says which check failed), but no
 * other `cause` (openid-client puts response bodies and ID token claims there), so that no token
 * reaches a log.
 */
function reasonOf(error: unknown): Error {
  const parts: string[] = [];
  for (let e = error, depth = 0; depth < 4 && e !== undefined; depth++) {
    if (!(e instanceof Error)) {
      if (depth === 0) parts.push(String(e));
      break;
    }
    const code = (e as { code?: unknown }).code;
    const oauthError = (e as { error?: unknown }).error;
    parts.push(
      [
        e.name,
        typeof code === "string" ? `(${code})` : "",
        typeof oauthError === "string" ? `[${oauthError}]` : "",
        e.message,
      ]
        .filter(Boolean)
        .join(" "),
    );
    e = e.cause;
  }
  return new Error(parts.join(": "));
}

/** The plain message for a failed callback; the reason stays in `cause`. */
function finishError(error: unknown): UsageError {
  if (error instanceof UsageError) return error;
  let what = "the reply from the sign-in service was not accepted";
  if (error instanceof client.AuthorizationResponseError) {
    what =
      error.error === "access_denied"
        ? "the sign-in was cancelled or refused at the sign-in service"
        : "the sign-in service reported an error";
  } else if (error instanceof client.ResponseBodyError) {
    // invalid_grant: the code was used already, has expired, or the PKCE verifier does not match.
    what = "the sign-in service refused the sign-in (it may have been used already or expired)";
  } else if (error instanceof TypeError) {
    what = "the sign-in service could not be reached";
  }
  return new UsageError(`The sign-in could not be completed: ${what}, ${tryAgain}.`, {
    cause: reasonOf(error),
  });
}

/**
 * The token endpoint authentication: none for a public client; with a secret, HTTP Basic
 * (`client_secret_basic`, the default of the specification) unless the provider's metadata lists
 * only `client_secret_post` (as some do). The choice is made per request from the discovered
 * metadata; the methods themselves are openid-client's.
 */
function clientAuthentication(clientSecret: string | undefined): client.ClientAuth {
  if (clientSecret === undefined) return client.None();
  const basic = client.ClientSecretBasic(clientSecret);
  const post = client.ClientSecretPost(clientSecret);
  return (as, metadata, body, headers) => {
    const supported = as.token_endpoint_auth_methods_supported;
    const usePost =
      supported !== undefined &&
      !supported.includes("client_secret_basic") &&
      supported.includes("client_secret_post");
    (usePost ? post : basic)(as, metadata, body, headers);
  };
}

function stringClaim(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

export function createOidcProvider(options: OidcProviderOptions): IdentityProvider {
  const issuer = new URL(options.issuer);
  if (issuer.protocol !== "https:" && !options.allowInsecureHttp) {
    throw new UsageError(`The OpenID Connect issuer must be an https:// URL: ${issuer.href}`);
  }
  const scope = options.scopes ?? "openid email profile";
  if (!scope.split(/\s+/).includes("openid")) {
    throw new UsageError(`The OpenID Connect scopes must include "openid": "${scope}"`);
  }
  const auth = clientAuthentication(options.clientSecret);

  // Discovery happens once, at the first sign-in, and is shared by concurrent ones; a failure is
  // not kept, so the next sign-in tries again (the provider may have been down for a moment).
  let configuration: Promise<client.Configuration> | undefined;
  const configured = (): Promise<client.Configuration> => {
    configuration ??= client
      .discovery(
        issuer,
        options.clientId,
        options.clientSecret === undefined ? undefined : { client_secret: options.clientSecret },
        auth,
        {
          timeout: 10,
          ...(options.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        configuration = undefined;
        // A network failure or timeout is the provider being down; anything else (an error page,
        // metadata naming another issuer) is a configuration for the administrator to fix.
        const unreachable =
          error instanceof TypeError ||
          (error instanceof Error && ["TimeoutError", "AbortError"].includes(error.name));
        throw new UsageError(
          unreachable
            ? `The sign-in service could not be reached (${issuer.host}), ${tryAgain} in a few minutes.`
            : `The sign-in service (${issuer.host}) did not answer as the hub expects, ${tryAgain} later; if this persists, tell the hub's administrators.`,
          { cause: reasonOf(error) },
        );
      });
    return configuration;
  };

  return {
    displayName: options.displayName,

    async start(returnTo) {
      const config = await configured();
      const attempt: SignInAttempt = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        returnTo: safeReturnTo(returnTo) ?? "/",
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope,
        state: attempt.state,
        nonce: attempt.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
        code_challenge_method: "S256",
      });
      return { url: url.href, attempt };
    },

    async finish(callbackUrl, attempt) {
      const config = await configured();
      // Only the callback's parameters are read: the token request must carry the registered
      // redirect URI, whatever host and scheme the request reached the hub by (behind a proxy).
      const current = new URL(options.redirectUri);
      for (const [name, value] of callbackUrl.searchParams)
        current.searchParams.append(name, value);
      try {
        const tokens = await client.authorizationCodeGrant(config, current, {
          expectedState: attempt.state,
          expectedNonce: attempt.nonce,
          pkceCodeVerifier: attempt.codeVerifier,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new Error("no ID token in the token response");
        let source: Record<string, unknown> = claims;
        // Providers that follow the specification strictly put scope claims (email, name) in the
        // UserInfo response rather than the ID token when an access token is issued.
        if (
          stringClaim(claims.email) === null &&
          config.serverMetadata().userinfo_endpoint !== undefined
        ) {
          source = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        }
        const trusted = options.trustEmail === true;
        const email =
          stringClaim(source.email) ??
          (trusted ? emailLike(stringClaim(source.preferred_username)) : null);
        return {
          issuer: claims.iss,
          subject: claims.sub,
          email,
          emailVerified: email !== null && (trusted || source.email_verified === true),
          name: stringClaim(source.name) ?? stringClaim(claims.name),
        } satisfies ExternalIdentity;
      } catch (error) {
        throw finishError(error);
      }
    },
  };
}

/** An address-shaped `preferred_username` ("ada.lovelace@nhs.net"), else null. */
function emailLike(value: string | null): string | null {
  return value !== null && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : null;
}
