/** How long things last and how many tries people get (config.ts reads the overrides). */
export interface AccountSettings {
  /** A session ends after this long without a request. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however busy. */
  sessionAbsoluteMs: number;
  /** Failed sign-ins in a row that lock an account … */
  lockThreshold: number;
  /** … for this long. */
  lockForMs: number;
  resetTokenMs: number;
  verifyTokenMs: number;
  invitationMs: number;
  /** Personal API tokens a person may hold at once (not revoked, not expired). */
  apiTokensPerPerson: number;
  /** The site's external address, for links in emails ("https://hub.example.nhs.uk"). */
  publicUrl: string;
}

export const defaultAccountSettings: AccountSettings = {
  sessionIdleMs: 30 * 60_000,
  sessionAbsoluteMs: 12 * 3_600_000,
  lockThreshold: 5,
  lockForMs: 15 * 60_000,
  resetTokenMs: 60 * 60_000,
  verifyTokenMs: 24 * 3_600_000,
  invitationMs: 7 * 24 * 3_600_000,
  apiTokensPerPerson: 10,
  publicUrl: "http://localhost:3000",
};
