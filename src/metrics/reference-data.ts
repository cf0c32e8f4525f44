/**
 * Reference data about organisations that no organisation list gives (decision 0010): the
 * trust-type table (built from NHS England's publications), successions (mergers and splits) and the NHS Trust Peer Finder groups.
 * The reference formats (ingest/sources/trust-types, org-successions, peer-finder) read them;
 * storage keeps them (migration 007, peer_groups); the directory shows them. What the published
 * codes mean lives here, once.
 */
import type { AcuteSubtype, ProviderKind } from "./organisations.js";

/** A row of the trust-type table (the shared data's derived/trust_types.csv). */
export interface TrustType {
  orgCode: string;
  /** As published (upper case, as in ODS). */
  name: string;
  /** As published: acute, acute_specialist, mental_health_learning_disability, community, ambulance. */
  publishedType: string;
  kind: ProviderKind;
  subtype: AcuteSubtype | null;
  /** The NHS Staff Survey 2024 benchmarking group, where the trust has one. */
  surveyGroup: string | null;
  /** The Staff Survey and the Oversight Framework disagree; the Oversight Framework subtype won. */
  typesDisagree: boolean;
  /** A sector the Staff Survey counts apart (R1F1, R1F2 of the Isle of Wight's R1F): its trust. */
  sectorOf: string | null;
}

/** One predecessor → successor link. Several for one predecessor are a split. */
export interface Succession {
  predecessorCode: string;
  successorCode: string;
  /** The first day under the successor (YYYY-MM-DD). */
  effectiveDate: string;
  orgLevel: "trust" | "icb";
  /** Only part of the predecessor's services passed to this successor (RW6 → RM3). */
  partial: boolean;
  /** The successor's name where the source gives it (a successor the registry may not hold). */
  successorName: string | null;
  note: string | null;
}

/** A trust's NHS Trust Peer Finder group: its members as published (usually the trust first). */
export interface PeerFinderGroup {
  orgCode: string;
  members: string[];
}

/**
 * The trust-type table's types and the kind each gives. A specialist acute trust is an acute
 * trust of subtype specialist (decision 0010); mental health and learning disability trusts
 * (with or without community services) are mental health trusts.
 */
const kindOfType: Readonly<Record<string, ProviderKind>> = {
  acute: "acute_trust",
  acute_specialist: "acute_trust",
  mental_health_learning_disability: "mental_health_trust",
  community: "community_trust",
  ambulance: "ambulance_trust",
};

const typeLabels: Readonly<Record<string, string>> = {
  acute: "acute",
  acute_specialist: "specialist acute",
  mental_health_learning_disability: "mental health and learning disability",
  community: "community",
  ambulance: "ambulance",
};

/** A published trust type in words: mental_health_learning_disability → "mental health and learning disability". */
export function publishedTrustTypeLabel(publishedType: string): string {
  return typeLabels[publishedType] ?? publishedType;
}

/** The kind a published trust type gives, or undefined for a type not in the table's vocabulary. */
export function kindOfTrustType(publishedType: string): ProviderKind | undefined {
  return kindOfType[publishedType];
}

/** The Oversight Framework 2025/26 subtypes as its file writes them. */
const subtypeOfPublished: Readonly<Record<string, AcuteSubtype>> = {
  "Acute - Teaching": "teaching",
  "Acute - Large": "large",
  "Acute - Medium": "medium",
  "Acute - Small": "small",
  "Acute - Multi-Service": "multi_service",
  "Acute - Specialist": "specialist",
};

/** "Acute - Teaching" → teaching; undefined for a subtype not in the Oversight Framework's list. */
export function acuteSubtypeOf(published: string): AcuteSubtype | undefined {
  return subtypeOfPublished[published];
}

/** The published subtypes, for messages. */
export const publishedSubtypes: readonly string[] = Object.keys(subtypeOfPublished);

/** The published trust types, for messages. */
export const publishedTrustTypes: readonly string[] = Object.keys(kindOfType);

/** The peer group id of a trust's Peer Finder group, usable with `--peers`: `peer-finder-R0A`. */
export function peerFinderGroupId(orgCode: string): string {
  return `peer-finder-${orgCode}`;
}

/** "Manchester University NHS Foundation Trust's Peer Finder group". */
export function peerFinderGroupName(trustName: string): string {
  return `${trustName}'s Peer Finder group`;
}
