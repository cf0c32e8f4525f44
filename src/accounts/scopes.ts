/**
 * What the accounts domain needs to know of organisations and networks to grant roles over them:
 * whether one exists and what it is called. src/web/compose.ts implements it over the directory
 * (src/metrics/directory), so accounts does not read the reference tables itself.
 */
import type { Scope } from "./roles.js";

export interface ScopeDirectory {
  /** The organisation's or network's name; undefined when there is none such ("" for national). */
  scopeName(scope: Scope): Promise<string | undefined>;
  /** Every network, for pickers (there are 16). */
  networks(): Promise<{ networkId: string; name: string }[]>;
}
