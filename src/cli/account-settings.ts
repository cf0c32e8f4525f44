/**
 * The account settings the configuration sets (PUBLIC_URL, session lifetimes, lock-out,
 * invitation lifetime, API tokens per person); the rest keep their defaults. One home, so that `improve serve` and
 * `improve users` agree on them (an invitation made at the command line links to PUBLIC_URL).
 */
import { defaultAccountSettings, type AccountSettings } from "../accounts/settings.js";
import type { Config } from "../config.js";

export function accountSettingsOf(config: Config): AccountSettings {
  return {
    ...defaultAccountSettings,
    publicUrl: config.publicUrl,
    sessionIdleMs: config.sessionIdleMs,
    sessionAbsoluteMs: config.sessionAbsoluteMs,
    lockThreshold: config.lockThreshold,
    lockForMs: config.lockForMs,
    invitationMs: config.invitationMs,
    apiTokensPerPerson: config.apiTokensPerPerson,
  };
}
