/**
 * The directory: organisations, learning and improvement networks, custom peer groups, the name
 * search and whether the data is synthetic. One service the HTML pages (and later an API or an
 * authorisation check) all go through, instead of reading tables themselves.
 */
import { createSearchIndex, type SearchHit } from "../search.js";
import type {
  CustomPeerGroup,
  DirectoryStore,
  NetworkMember,
  NetworkSummary,
  OrganisationFilter,
  OrganisationReference,
  StoredPeerGroup,
} from "./store.js";
import type { Organisation } from "../organisations.js";

/** An organisation as the search returns it. */
export type OrganisationSearchItem = Pick<
  Organisation,
  "orgCode" | "name" | "kind" | "closeDate" | "regionCode"
>;

/** Finds organisations by name or code, best first, typo-tolerant (see ../search.ts). */
export type OrganisationSearch = (
  query: string,
  limit: number,
) => SearchHit<OrganisationSearchItem>[];

export interface DirectoryService {
  organisations(filter?: OrganisationFilter): Promise<Organisation[]>;
  organisation(orgCode: string): Promise<Organisation | undefined>;
  countByKind(): Promise<Record<string, number>>;
  networks(): Promise<NetworkSummary[]>;
  networkMembers(networkId: string): Promise<NetworkMember[]>;
  customPeerGroups(): Promise<CustomPeerGroup[]>;
  /** Every stored peer group, predefined (seeded, Peer Finder) and custom. */
  storedPeerGroups(): Promise<StoredPeerGroup[]>;
  /** What the reference publications say of it: trust type, history, Peer Finder group. */
  organisationReference(orgCode: string): Promise<OrganisationReference>;
  /** A search over every organisation (closed ones too) except the country. */
  searchIndex(): Promise<OrganisationSearch>;
  /** Shows the "synthetic data" banner. */
  isSynthetic(): Promise<boolean>;
  /** Whether storage answers (for the readiness probe). */
  ready(): Promise<boolean>;
}

export function createDirectoryService(store: DirectoryStore): DirectoryService {
  return {
    organisations: (filter) => store.organisations(filter),
    organisation: (orgCode) => store.organisation(orgCode.toUpperCase()),
    countByKind: () => store.countByKind(),
    networks: () => store.networks(),
    networkMembers: (networkId) => store.networkMembers(networkId),
    customPeerGroups: () => store.customPeerGroups(),
    storedPeerGroups: () => store.storedPeerGroups(),
    organisationReference: (orgCode) => store.organisationReference(orgCode.toUpperCase()),
    async searchIndex() {
      const orgs = await store.organisations({ includeClosed: true });
      return createSearchIndex(
        orgs
          .filter((o) => o.kind !== "country")
          .map((o) => ({
            orgCode: o.orgCode,
            name: o.name,
            kind: o.kind,
            closeDate: o.closeDate,
            regionCode: o.regionCode,
          })),
      );
    },
    isSynthetic: () => store.hasSyntheticOrganisations(),
    ready: () =>
      store.ping().then(
        () => true,
        () => false,
      ),
  };
}
