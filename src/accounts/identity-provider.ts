/** Placeholder of the port the oidc branch brings (replaced at its merge). */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}
