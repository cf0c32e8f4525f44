/**
 * What the directory of organisations, networks and peer groups needs from storage (the port;
 * src/storage/directory-store.ts implements it over PostgreSQL).
 */

import type { NetworkFocus, NetworkFootprint } from "../networks.js";
import type { AcuteSubtype, Organisation, OrgKind } from "../organisations.js";

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

/**
 * A peer group held in storage: "predefined" ones seeded from the reference data (`acute`,
 * `region-Y56`, `icb-QMF`, `network-<id>`) or imported (`peer-finder-<ORG>`), "custom" ones made
 * by people.
 */
export interface StoredPeerGroup {
  peerGroupId: string;
  name: string;
  kind: "predefined" | "custom";
}

/** What the trust-type table say of an organisation (decision 0010). */
export interface TrustTypeEntry {
  /** As published: acute, acute_specialist, mental_health_learning_disability, community, ambulance. */
  publishedType: string;
  subtype: AcuteSubtype | null;
  /** The NHS Staff Survey 2024 benchmarking group. */
  surveyGroup: string | null;
  /** The Staff Survey and the Oversight Framework disagree; the Oversight Framework subtype won. */
  typesDisagree: boolean;
  /** Sectors the Staff Survey counts apart (the Isle of Wight's R1F1 acute, R1F2 ambulance). */
  sectors: { orgCode: string; name: string; publishedType: string }[];
}

/** One end of a succession, as the other end's history shows it. */
export interface HistoryLink {
  orgCode: string;
  /** Its name as held, else as the successions give it; null when neither knows it. */
  name: string | null;
  /** Its kind when the registry holds it (the page links to it), else null. */
  kind: OrgKind | null;
  /** The first day under the successor; null for a successor known only from a list. */
  effectiveDate: string | null;
  /** Only part of the services passed (RW6 → RM3). */
  partial: boolean;
  /** The predecessor passed to several successors (a split). */
  split: boolean;
  note: string | null;
}

/** A trust's NHS Trust Peer Finder group, as the peer selector offers it. */
export interface PeerFinderSummary {
  peerGroupId: string;
  name: string;
  members: number;
  /** Members that have closed (kept as published). */
  closedMembers: string[];
  /** Whether the trust is among its own group's members (not for 19 closed trusts' groups). */
  includesItself: boolean;
}

/** A learning and improvement network an organisation is an active member of. */
export interface MemberNetwork {
  networkId: string;
  name: string;
  focus: NetworkFocus;
  /**
   * Its lead chief executives, each with their organisation(s) spelt as in Annex A, and the code
   * of the open organisation the registry holds under that name (null for one it does not hold
   * by that name, such as "University Hospitals of Northamptonshire NHS Group").
   */
  leads: { name: string; organisations: { name: string; orgCode: string | null }[] }[];
}

/** What the reference publications say about one organisation. */
export interface OrganisationReference {
  /** The networks it belongs to (NHS England letter PRN01435, annex A), in the networks' order. */
  networks: MemberNetwork[];
  trustType: TrustTypeEntry | null;
  /** The organisations it succeeded. */
  predecessors: HistoryLink[];
  /** The organisations that succeeded it (several: a split). */
  successors: HistoryLink[];
  peerFinder: PeerFinderSummary | null;
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
  /** Every stored peer group, predefined and custom, in peerGroupId order. */
  storedPeerGroups(): Promise<StoredPeerGroup[]>;
  /** Its trust type, history and Peer Finder group (empty parts where none is held). */
  organisationReference(orgCode: string): Promise<OrganisationReference>;
  /** Whether any organisation held is synthetic (demo data). */
  hasSyntheticOrganisations(): Promise<boolean>;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
}
