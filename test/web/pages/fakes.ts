/**
 * The web app over fake services: plain objects implementing the service interfaces, no
 * database. Each test overrides only the methods its page calls; the rest fail loudly.
 */
import type { FastifyInstance } from "fastify";
import { NotFoundError } from "../../../src/errors.js";
import type { GroupDashboard } from "../../../src/metrics/dashboards/service.js";
import type { DataSourcesReport } from "../../../src/metrics/data-coverage/service.js";
import type {
  NetworkSummary,
  OrganisationReference,
} from "../../../src/metrics/directory/store.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import type { Overview } from "../../../src/metrics/overview.js";
import { createSearchIndex } from "../../../src/metrics/search.js";
import type { AnalyticsService, OrganisationDashboard } from "../../../src/metrics/service.js";
import { createApp } from "../../../src/web/app.js";
import { DataVersionCache } from "../../../src/web/cache.js";
import type { PageCache, Services } from "../../../src/web/context.js";

/** Overrides per service: any method left out rejects ("not faked"). */
export type FakeServices = { [K in keyof Services]?: Partial<Services[K]> };

const notFaked = (name: string) => () => Promise.reject(new Error(`${name} is not faked`));

function fake<T extends object>(name: string, overrides: Partial<T> = {}): T {
  return new Proxy(overrides, {
    get: (target, key: string) =>
      key in target ? target[key as keyof typeof target] : notFaked(`${name}.${key}`),
  }) as T;
}

export const now = () => new Date("2026-03-15T12:00:00Z");

/** The app over `services`, with a data version that never changes (or the given cache). */
export function appWith(
  services: FakeServices = {},
  cache: PageCache = new DataVersionCache(async () => "1"),
): Promise<FastifyInstance> {
  return createApp({
    services: {
      analytics: fake("analytics", services.analytics),
      directory: fake("directory", { isSynthetic: async () => false, ...services.directory }),
      values: fake("values", services.values),
      coverage: fake("coverage", services.coverage),
      overview: fake("overview", services.overview),
      groups: fake("groups", services.groups),
      accounts: fake("accounts", services.accounts),
      administration: fake("administration", services.administration),
      jobs: fake("jobs", services.jobs),
      singleSignOn: fake("singleSignOn", services.singleSignOn),
      apiTokens: fake("apiTokens", services.apiTokens),
      rateLimits: fake("rateLimits", services.rateLimits),
      guides: fake("guides", {
        revision: async () => "0",
        allVersions: async () => [],
        usingMetric: async () => [],
        ...services.guides,
      }),
      guideFeedback: fake("guideFeedback", services.guideFeedback),
      authoring: fake("authoring", services.authoring),
      // No maturity matrices unless a test gives some (the network page links each one).
      assessments: fake("assessments", { matrices: () => [], ...services.assessments }),
      // No decisions, and nobody may record one, unless a test says otherwise.
      rebases: fake("rebases", {
        canManage: () => false,
        showsNames: () => false,
        list: async () => [],
        ...services.rebases,
      }),
      networkWorkspaces: fake("networkWorkspaces", services.networkWorkspaces),
      // No proposals or posts match a search unless a test gives some.
      proposals: fake("proposals", { search: async () => [], ...services.proposals }),
      reports: fake("reports", services.reports),
      follows: fake("follows", {
        unreadCount: async () => 0,
        follows: async () => [],
        ...services.follows,
      }),
      learning: fake("learning", {
        testedIdeas: async () => [],
        feed: async () => ({ posts: [], total: 0, pageSize: 20 }),
        ...services.learning,
      }),
      mailbox: services.mailbox ? fake("mailbox", services.mailbox) : null,
    },
    cache,
    now,
  });
}

export const trust: Organisation = {
  orgCode: "RXX",
  name: "Example Hospitals NHS Trust",
  kind: "acute_trust",
  regionCode: "Y56",
  icbCode: "QWE",
  closeDate: null,
  subtype: null,
  kindSource: "list",
  successorCode: null,
  synthetic: false,
};

export const network: NetworkSummary = {
  networkId: "london-uec",
  name: "London UEC LIN",
  regionCode: "Y56",
  regionName: "London",
  footprint: "region",
  focus: "uec",
  leads: [{ name: "A. Lead", organisations: ["RXX"] }],
  note: null,
  memberCount: 1,
  trustCount: 1,
};

export const emptyOverview: Overview = {
  organisations: 0,
  providers: 0,
  icbs: 0,
  networks: [],
  metrics: 0,
  latest: [],
  topics: [],
};

export const emptyDataSources: DataSourcesReport = { sources: [], imports: [] };

export const emptyGroup = (name: string): GroupDashboard => ({
  name,
  members: [],
  metrics: [],
  rows: [],
});

export function emptyDashboard(org: Organisation): OrganisationDashboard {
  return {
    organisation: { ...org, synthetic: false },
    peers: { groupRef: "acute", name: "All acute trusts in England", members: 130, open: 120 },
    metrics: [],
    highlighted: [],
    dataVersion: "1",
  };
}

/** What the reference publications say of an organisation none of them mentions. */
export const noReference: OrganisationReference = {
  networks: [],
  trustType: null,
  predecessors: [],
  successors: [],
  peerFinder: null,
};

/** A directory holding exactly `orgs`. */
export function directoryOf(orgs: Organisation[]): Partial<Services["directory"]> {
  return {
    organisations: async (filter = {}) =>
      orgs.filter(
        (o) =>
          (!filter.kind || o.kind === filter.kind) &&
          (filter.includeClosed || o.closeDate === null),
      ),
    organisation: async (code) => orgs.find((o) => o.orgCode === code.toUpperCase()),
    customPeerGroups: async () => [],
    organisationReference: async () => noReference,
    networks: async () => [network],
    searchIndex: async () => createSearchIndex(orgs),
  };
}

/** An analytics service that knows no organisation or metric. */
export const noAnalytics: Partial<AnalyticsService> = {
  organisationDashboard: (code) => Promise.reject(new NotFoundError(`No ${code}.`)),
  metricDetail: (code) => Promise.reject(new NotFoundError(`No ${code}.`)),
  metricNational: (id) => Promise.reject(new NotFoundError(`There is no metric "${id}".`)),
};
