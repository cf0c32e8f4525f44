/**
 * What the accounts domain needs to know of organisations and networks to grant roles over them:
 * whether one exists and what it is called. src/web/compose.ts implements it over the directory
 * (src/metrics/directory, through `scopesFromDirectory`), so accounts reads no reference tables.
 */
import type { DirectoryService } from "../metrics/directory/service.js";
import type { Scope } from "./roles.js";

export interface ScopeDirectory {
  /** The organisation's or network's name; undefined when there is none such ("" for national). */
  scopeName(scope: Scope): Promise<string | undefined>;
  /** Every network, for pickers (there are 16). */
  networks(): Promise<{ networkId: string; name: string }[]>;
}

/** The directory's organisations and networks as scopes (compose.ts and the CLI use this). */
export function scopesFromDirectory(
  directory: Pick<DirectoryService, "organisation" | "networks">,
): ScopeDirectory {
  return {
    async scopeName(scope) {
      if (scope.kind === "national") return "";
      if (scope.kind === "organisation") return (await directory.organisation(scope.orgCode))?.name;
      return (await directory.networks()).find((n) => n.networkId === scope.networkId)?.name;
    },
    async networks() {
      return (await directory.networks()).map(({ networkId, name }) => ({ networkId, name }));
    },
  };
}
