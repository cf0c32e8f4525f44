/**
 * What the directory of organisations, networks and peer groups needs from storage (the port;
 * src/storage/directory-store.ts implements it over PostgreSQL).
 */

import type { NetworkFocus, NetworkFootprint } from "../networks.js";
import type { Organisation } from "../organisations.js";

export interface OrganisationFilter {
  kind?: string;
  regionCode?: string;
  icbCode?: string;
  includeClosed?: boolean;
}

/** A learning and improvement network, with how many members (and trusts among them) it has. */
export interface NetworkSummary {
  networkId: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  footprint: NetworkFootprint;
  focus: NetworkFocus;
  leads: { name: string; organisations: string[] }[];
  note: string | null;
  memberCount: number;
  trustCount: number;
}

export type NetworkMember = Pick<Organisation, "orgCode" | "name" | "kind">;

/** A peer group someone made (a list of organisations), offered beside the built-in ones. */
export interface CustomPeerGroup {
  peerGroupId: string;
  name: string;
}

export interface DirectoryStore {
  /** Ordered by kind, then name; open organisations only unless `includeClosed`. */
  organisations(filter?: OrganisationFilter): Promise<Organisation[]>;
  organisation(orgCode: string): Promise<Organisation | undefined>;
  /** How many organisations of each kind are held. */
  countByKind(): Promise<Record<string, number>>;
  /** In the networks' own order. */
  networks(): Promise<NetworkSummary[]>;
  /** A network's active members, ordered by kind, then name. */
  networkMembers(networkId: string): Promise<NetworkMember[]>;
  customPeerGroups(): Promise<CustomPeerGroup[]>;
  /** Whether any organisation held is synthetic (demo data). */
  hasSyntheticOrganisations(): Promise<boolean>;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
}
