/**
 * Organisations: the kinds an organisation can be (the `organisations.kind` vocabulary, also the
 * CHECK in migration 001), which of them are NHS providers, the acute subtypes and where a kind
 * comes from (migration 007), England's code and the labels pages show. One home: storage,
 * ingest, analytics and pages import these rather than listing kinds.
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

/**
 * The NHS Oversight Framework 2025/26 subtypes of acute trusts (its file's Trust_subtype, e.g.
 * "Acute - Teaching"), the `organisations.subtype` vocabulary (migration 007). A specialist acute
 * trust (children's, orthopaedic, cancer, heart and lung…) is an acute trust of subtype
 * `specialist`: decision 0010.
 */
export const acuteSubtypes = [
  "teaching",
  "large",
  "medium",
  "small",
  "multi_service",
  "specialist",
] as const;

export type AcuteSubtype = (typeof acuteSubtypes)[number];

/** How pages name each subtype: "Acute trust (teaching)". */
export const acuteSubtypeLabel: Readonly<Record<AcuteSubtype, string>> = {
  teaching: "teaching",
  large: "large",
  medium: "medium",
  small: "small",
  multi_service: "multi-service",
  specialist: "specialist",
};

/**
 * Where an organisation's kind comes from (`organisations.kind_source`, migration 007), best
 * founded first:
 * - `trust_types`: the trust-type table (the shared data's derived/trust_types.csv, built from
 *   NHS England's publications: the Oversight Framework subtype, else the Staff Survey
 *   benchmarking group);
 * - `activity`: with no trust type held, a trust named like a mental health or community trust
 *   that reports type 1 A&E attendances or general and acute beds is acute, and a trust named
 *   like an acute trust that reports only mental illness or learning disability beds (KH03) is
 *   a mental health trust;
 * - `name`: a trust in an ODS list with no trust type held, classified by its name
 *   (ingest/sources/shared/trust-kind.ts);
 * - `list`: what the list that holds it says (England, regions and ICBs from the reference seed,
 *   sub-ICB locations, providers not in the ODS list, the demo's organisations).
 * Kinds from activity or names apply only where no trust type is held (decision 0010).
 */
export const kindSources = ["trust_types", "activity", "name", "list"] as const;

export type KindSource = (typeof kindSources)[number];

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

/** A stored subtype as an AcuteSubtype, null for none; an unknown one is a bug, as for kinds. */
export function parseAcuteSubtype(text: string | null): AcuteSubtype | null {
  if (text === null) return null;
  if (!(acuteSubtypes as readonly string[]).includes(text))
    throw new Error(`unknown acute subtype "${text}"`);
  return text as AcuteSubtype;
}

/** A stored kind source as a KindSource; an unknown one is a bug, as for kinds. */
export function parseKindSource(text: string): KindSource {
  if (!(kindSources as readonly string[]).includes(text))
    throw new Error(`unknown kind source "${text}"`);
  return text as KindSource;
}

/** An organisation as every module sees it (directory pages, analytics, networks). */
export interface Organisation {
  orgCode: string;
  name: string;
  kind: OrgKind;
  /** The Oversight Framework subtype of an acute trust with a trust type; null otherwise. */
  subtype: AcuteSubtype | null;
  /** Where the kind comes from. */
  kindSource: KindSource;
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

/** "Acute trust (teaching)", "Mental health trust": the kind with its subtype. */
export function orgKindWithSubtype(org: Pick<Organisation, "kind" | "subtype">): string {
  const label = orgKindLabel[org.kind];
  return org.subtype ? `${label} (${acuteSubtypeLabel[org.subtype]})` : label;
}

/** How the trust-type table (the shared data's derived/trust_types.csv) types a trust. */
const TRUST_TYPE_RULE =
  "the NHS Oversight Framework 2025/26 subtype where there is one, else the NHS Staff Survey 2024 benchmarking group";

/**
 * Where a provider's kind comes from, as a page says it: "Acute trust (teaching), from the
 * trust-type table of 2024–25 (…)"; "Acute trust, classified from its activity (…)"; "Mental health trust,
 * classified from its name (…)". Kinds given by a list (regions, ICBs, unlisted providers) are
 * just named.
 */
export function orgKindStatement(
  org: Pick<Organisation, "kind" | "subtype" | "kindSource">,
): string {
  const kind = orgKindWithSubtype(org);
  switch (org.kindSource) {
    case "trust_types":
      return `${kind}, from the trust-type table of 2024–25 (${TRUST_TYPE_RULE})`;
    case "activity":
      return org.kind === "acute_trust"
        ? `${kind}, classified from its activity: no trust type is held for it, and it reports type 1 A&E attendances or general and acute beds`
        : `${kind}, classified from its activity: no trust type is held for it, and it reports mental illness or learning disability beds but no type 1 A&E attendances or general and acute beds`;
    case "name":
      return `${kind}, classified from its name: no trust type is held for it`;
    case "list":
      return kind;
  }
}
