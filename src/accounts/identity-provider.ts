/**
 * The port through which a person signs in with an external OpenID Connect provider (NHS Care
 * Identity Service 2, Microsoft Entra ID). Its adapter is src/adapters/oidc.ts (openid-client);
 * which account the proven identity opens is decided by src/accounts/single-sign-on.ts.
 */

/** What a sign-in with an external provider proves about a person. */
export interface ExternalIdentity {
  /** The provider's issuer identifier, e.g. "https://am.nhsidentity.spineservices.nhs.uk/…". */
  issuer: string;
  /** The provider's stable identifier of the person (the `sub` claim); unique per issuer. */
  subject: string;
  email: string | null;
  /** True only when the provider said `email_verified: true`. */
  emailVerified: boolean;
  name: string | null;
}

/** The secrets of one sign-in attempt, kept server-side in the person's session between start and callback. */
export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after signing in: a same-site path (`safeReturnTo`). */
  returnTo: string;
}

export interface IdentityProvider {
  /** Shown on the sign-in button: "Sign in with NHS Care Identity Service 2". */
  readonly displayName: string;
  /** Where to send the browser, and the attempt to remember. */
  start(returnTo: string): Promise<{ url: string; attempt: SignInAttempt }>;
  /**
   * The callback's full URL (with code and state) → the identity; throws on any mismatch (state,
   * nonce, PKCE, issuer, audience, expiry) or provider error.
   */
  finish(callbackUrl: URL, attempt: SignInAttempt): Promise<ExternalIdentity>;
}

/**
 * `value` when it is a path on this site ("/org/RXX?x=1"), else undefined: the one rule for where
 * a person may be sent after signing in, by password or by an external provider. Refuses what a
 * browser would take to another site: absolute URLs ("https://evil.example"), protocol-relative
 * ones ("//evil.example") and their backslash spelling ("/\evil", which browsers read as
 * "//evil"), and any control character or whitespace (browsers strip tabs and newlines, so
 * "/\t/evil" is "//evil" to them).
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 500) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]|\s/.test(value)) return undefined;
  return value;
}
