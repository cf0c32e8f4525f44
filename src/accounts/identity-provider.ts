/** Placeholder of the port the oidc branch brings (replaced at its merge). */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}
export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}
export interface IdentityProvider {
  readonly displayName: string;
  start(returnTo: string): Promise<{ url: string; attempt: SignInAttempt }>;
  finish(callbackUrl: URL, attempt: SignInAttempt): Promise<ExternalIdentity>;
}
export function safeReturnPath(path: string | undefined): string {
  return path && /^\/(?![/\\])/.test(path) ? path : "/";
}
