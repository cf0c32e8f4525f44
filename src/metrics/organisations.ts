/**
 * Organisations: the kinds an organisation can be (the `organisations.kind` vocabulary, also the
 * CHECK in migration 001), which of them are NHS providers, England's code and the labels pages
 * show. One home: storage, ingest, analytics and pages import these rather than listing kinds.
 */

/** Every organisation kind, in the order pages list them. */
export const orgKinds = [
  "country",
  "region",
  "icb",
  "sub_icb",
  "acute_trust",
  "ambulance_trust",
  "mental_health_trust",
  "community_trust",
  "independent_provider",
  "unlisted_provider",
  "other",
] as const;

export type OrgKind = (typeof orgKinds)[number];

/** Organisation kinds that can be network members and peers: NHS providers (trusts). */
export const providerKinds = [
  "acute_trust",
  "ambulance_trust",
  "mental_health_trust",
  "community_trust",
] as const satisfies readonly OrgKind[];

export type ProviderKind = (typeof providerKinds)[number];

const providerKindSet: ReadonlySet<string> = new Set(providerKinds);

/** True for the NHS provider kinds (trusts). */
export function isProviderKind(kind: string): kind is ProviderKind {
  return providerKindSet.has(kind);
}

/** England's organisation code: national rows are stored under it. */
export const ENGLAND = "ENG";

/** How pages name each kind. */
export const orgKindLabel: Readonly<Record<OrgKind, string>> = {
  country: "Country",
  region: "NHS England region",
  icb: "Integrated care board",
  sub_icb: "Sub-ICB location",
  acute_trust: "Acute trust",
  ambulance_trust: "Ambulance trust",
  mental_health_trust: "Mental health trust",
  community_trust: "Community trust",
  independent_provider: "Independent provider",
  unlisted_provider: "Provider not in the ODS list",
  other: "Other organisation",
};

const orgKindSet: ReadonlySet<string> = new Set(orgKinds);

/** Is this text one of the organisation kinds? */
export function isOrgKind(text: string): text is OrgKind {
  return orgKindSet.has(text);
}

/**
 * A stored kind as an OrgKind, or a thrown Error: the database's CHECK allows only these, so an
 * unknown kind means the schema and this list have drifted (a bug, not bad input).
 */
export function parseOrgKind(text: string): OrgKind {
  if (!isOrgKind(text)) throw new Error(`unknown organisation kind "${text}"`);
  return text;
}

/** An organisation as every module sees it (directory pages, analytics, networks). */
export interface Organisation {
  orgCode: string;
  name: string;
  kind: OrgKind;
  regionCode: string | null;
  icbCode: string | null;
  /** Last day open (ODS), or null while open. */
  closeDate: string | null;
  /** The organisation its services passed to, when closed. */
  successorCode: string | null;
  /** Made up by the demo generator, not a real organisation. */
  synthetic: boolean;
}

/** The label of a kind as stored (a string from the database); the kind itself when unknown. */
export function orgKindName(kind: string): string {
  return (orgKindLabel as Readonly<Record<string, string>>)[kind] ?? kind;
}
