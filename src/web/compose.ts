/**
 * The composition root: the one place where the database becomes stores, stores become services
 * and services become the web application. Nothing else in src/web imports src/storage.
 */
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { PasswordHasher } from "../accounts/passwords.js";
import { defaultAccountSettings, type AccountSettings } from "../accounts/settings.js";
import type pg from "pg";
import { createCoverageService } from "../metrics/data-coverage/service.js";
import { createGroupDashboardService } from "../metrics/dashboards/service.js";
import { createDirectoryService } from "../metrics/directory/service.js";
import { createOverviewService } from "../metrics/overview.js";
import { createAnalyticsService, type AnalyticsService } from "../metrics/service.js";
import { createAdministrationService } from "../accounts/administration.js";
import { createAuditor } from "../accounts/audit.js";
import { createApiTokenService } from "../accounts/api-tokens.js";
import { createRateLimiter } from "../accounts/rate-limits.js";
import { createApiTokenStore } from "../storage/api-token-store.js";
import { createRateLimitStore } from "../storage/rate-limit-store.js";
import { createRebaseService } from "../rebases/service.js";
import { createRebaseStore } from "../storage/rebase-store.js";
import { argon2Hasher } from "../accounts/passwords.js";
import { scopesFromDirectory } from "../accounts/scopes.js";
import type { IdentityProvider } from "../accounts/identity-provider.js";
import { createMailboxService, createOutbox, type Outbox } from "../accounts/mail.js";
import { createAccountService } from "../accounts/service.js";
import { createSingleSignOnService } from "../accounts/single-sign-on.js";
import { MATRIX_FOLDER, readMatrixFolder } from "../assessments/matrix-folder.js";
import { createAssessmentService } from "../assessments/service.js";
import { createGuideFeedbackService } from "../guides/feedback/service.js";
import type { Matrix } from "../assessments/types.js";
import { createGuideService } from "../guides/service.js";
import { createProposalService } from "../proposals/service.js";
import { createProposalStore } from "../storage/proposals-store.js";
import { createReportService } from "../reports/service.js";
import { createReportStore } from "../storage/report-store.js";
import { isTrackableMetricId } from "../metrics/catalogue/index.js";
import { createAssessmentStore } from "../storage/assessment-store.js";
import { createLearningStore } from "../storage/learning-store.js";
import { createLearningService } from "../networks/learning/service.js";
import { seriesOfDetail } from "../networks/learning/series.js";
import { createFollowService } from "../networks/follows/service.js";
import type { Notify } from "../networks/follows/types.js";
import { createFollowStore } from "../storage/follows-store.js";
import { changeVerdict } from "../stats/evaluation/verdict.js";
import { createGuideFeedbackStore } from "../storage/guide-feedback-store.js";
import { createGuideDraftStore } from "../storage/guide-drafts-store.js";
import { createAuthoringService } from "../guides/authoring/service.js";
import { createGuideStore } from "../storage/guides-store.js";
import { createAccountStore } from "../storage/accounts-store.js";
import { createAnalyticsStore } from "../storage/analytics-store.js";
import { createCoverageStore } from "../storage/coverage-store.js";
import type { Db } from "../storage/schema.js";
import { readDataVersion } from "../storage/data-version.js";
import { createDirectoryStore } from "../storage/directory-store.js";
import type { ReadRouter } from "../storage/replica.js";
import { createValueListingStore } from "../storage/value-listing-store.js";
import { createValueListingService } from "../metrics/value-listing/service.js";
import { createGroupAggregateStore } from "../storage/group-aggregate-store.js";
import { createOutboxStore } from "../storage/outbox-store.js";
import { createJobRecords } from "../storage/job-records.js";
import { createJobsService } from "../jobs/service.js";
import { createNetworkWorkspaceStore } from "../storage/network-workspace-store.js";
import { createActivityRecorder } from "../networks/activity.js";
import { createNetworkWorkspaceService } from "../networks/service.js";
import type { GroupAggregateStore } from "../metrics/dashboards/store.js";
import { createApp, type AppDeps } from "./app.js";
import { DataVersionCache } from "./cache.js";
import type { PageCache, Services } from "./context.js";
import { projectRoot } from "./paths.js";
import type { SessionSettings } from "./session.js";

export interface DatabaseAppDeps {
  db: Db;
  /** The pool behind `db`, for the analytics store's bulk reads (required unless `analytics` is given). */
  pool?: pg.Pool;
  /**
   * A read replica (src/storage/replica.ts): the read-only stores (directory, value listing, group
   * aggregates, coverage; analytics when built here) read through it, every other store uses `db`.
   */
  replica?: ReadRouter;
  /** The analytics service; default: one over a PostgreSQL store on `db` and `pool`. */
  analytics?: AnalyticsService;
  /** A pino logger; none (silent) in tests. */
  logger?: FastifyBaseLogger;
  now?: () => Date;
  /** Session secret and lifetimes; default: a per-process secret (tests), the default lifetimes. */
  sessions?: SessionSettings;
  /** Behind a reverse proxy: believe X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy?: boolean;
  /** Single sign-on (absent: local accounts only). */
  sso?: { provider: IdentityProvider; publicUrl: string; createAccounts: boolean };
  /** Serve /dev/mailbox (src/config.ts `devMailboxEnabled`); default false. */
  devMailbox?: boolean;
  /** Where account emails go; default: the outbox table (the mail sender in `serve` delivers). */
  outbox?: Outbox;
  /** Default: argon2id. */
  hasher?: PasswordHasher;
  /** Lock-out, token lifetimes, the public address for links; default: `defaultAccountSettings`. */
  accountSettings?: AccountSettings;
  /** More page routes (tests: `AppDeps.pageRoutes`). */
  pageRoutes?: AppDeps["pageRoutes"];
  /** The open API's caller and rate limits (`AppDeps.api`). */
  api?: AppDeps["api"];
  /** The maturity matrices; default: the repository's content/assessments, read and checked now. */
  matrices?: readonly Matrix[];
  /**
   * Called when this process first sees a new data version (`improve serve`: queues the
   * `recompute-analytics` job, so one process recomputes). Default: learning posts' verdicts are
   * refreshed here, in this process.
   */
  onDataVersion?: (version: string) => void;
}

/**
 * England's aggregate of each metric, once per data version: every group dashboard sets its
 * own aggregate beside England's, which was otherwise summed over every provider again for each
 * of the 65 regions, ICBs and networks (two thirds of a cold group page's database time).
 */
function englandOnce(store: GroupAggregateStore, cache: PageCache): GroupAggregateStore {
  return {
    aggregateSeries: (metricId, group, periodType) =>
      group.kind === "england"
        ? cache.get(`england-aggregate:${metricId}:${periodType}`, () =>
            store.aggregateSeries(metricId, group, periodType),
          )
        : store.aggregateSeries(metricId, group, periodType),
  };
}

/** Every service, over PostgreSQL stores on `db`; with `cache`, shared results per data version. */
export function composeServices(
  deps: Pick<
    DatabaseAppDeps,
    | "db"
    | "pool"
    | "replica"
    | "analytics"
    | "now"
    | "sso"
    | "devMailbox"
    | "outbox"
    | "hasher"
    | "accountSettings"
    | "logger"
    | "matrices"
  > & { cache?: PageCache },
): Services {
  const now = deps.now ?? (() => new Date());
  const accountStore = createAccountStore(deps.db);
  // Pages' reads: the replica's handle when there is one (the primary for read-your-writes).
  const reads = deps.replica?.reads.db ?? deps.db;
  const analytics =
    deps.analytics ??
    (deps.pool
      ? createAnalyticsService(
          createAnalyticsStore(deps.replica?.shared ?? { db: deps.db, pool: deps.pool }),
        )
      : missingAnalytics());
  // Readiness asks the primary, which every write needs, whatever the pages read from.
  const directory = createDirectoryService({
    ...createDirectoryStore(reads),
    ping: createDirectoryStore(deps.db).ping,
  });
  const coverage = createCoverageService(createCoverageStore(reads));
  const audit = createAuditor(accountStore);
  const outbox = deps.outbox ?? createOutbox({ store: createOutboxStore(deps.db), now });
  // Feedback hears of each published version (its changelog closes the feedback it cites).
  const guides = createGuideService({
    store: createGuideStore(deps.db),
    isMetricId: isTrackableMetricId,
    onPublished: [(version, actor) => guideFeedback.onPublished(version, actor)],
  });
  const guideFeedback = createGuideFeedbackService({
    store: createGuideFeedbackStore(deps.db),
    guides,
    outbox,
    publicUrl: (deps.accountSettings ?? defaultAccountSettings).publicUrl,
    now,
  });
  const workspaceStore = createNetworkWorkspaceStore(deps.db);
  // One feed for the network workspace, learning and proposals (src/networks/activity.ts).
  const activity = createActivityRecorder({ store: workspaceStore, now });
  const administration = createAdministrationService({
    store: accountStore,
    outbox: deps.outbox ?? createOutbox({ store: createOutboxStore(deps.db), now }),
    hasher: deps.hasher ?? argon2Hasher,
    now,
    settings: deps.accountSettings ?? defaultAccountSettings,
    audit,
    scopes: scopesFromDirectory(directory),
  });
  const accounts = createAccountService({
    store: accountStore,
    now,
    outbox: deps.outbox ?? createOutbox({ store: createOutboxStore(deps.db), now }),
    ...(deps.hasher ? { hasher: deps.hasher } : {}),
    ...(deps.accountSettings ? { settings: deps.accountSettings } : {}),
  });
  // Followers hear of published learning and proposals' changes of state (the item is already
  // saved, so a failure to notify is logged, never shown as a failed change).
  const follows = createFollowService({
    store: createFollowStore(deps.db),
    actorFor: (userId) => accounts.actorFor(userId),
    outbox,
    audit,
    now,
    siteUrl: (deps.accountSettings ?? defaultAccountSettings).publicUrl,
  });
  const groups = createGroupDashboardService({
    store: deps.cache
      ? englandOnce(createGroupAggregateStore(reads), deps.cache)
      : createGroupAggregateStore(reads),
    directory,
    analytics,
  });
  const proposalStore = createProposalStore(deps.db);
  const notifyFollowers: Notify = (item) =>
    follows
      .notify(item)
      .catch((e: unknown) => deps.logger?.warn({ err: e }, "notifying followers failed"));
  const proposals = createProposalService({
    store: proposalStore,
    changeIdeas: async () => {
      const out = [];
      for (const g of await guides.list()) {
        const current = await guides.current(g.guideId).catch(() => null);
        for (const section of current?.sections ?? [])
          for (const idea of section.changeIdeas)
            out.push({
              guideId: g.guideId,
              guideTitle: g.title,
              changeIdeaId: idea.id,
              title: idea.title,
            });
      }
      return out;
    },
    organisationName: async (orgCode) => (await directory.organisation(orgCode))?.name ?? null,
    networkName: async (networkId) =>
      (await directory.networks()).find((n) => n.networkId === networkId)?.name ?? null,
    monthlySeries: (metricId, orgCodes, from, to) =>
      analytics.monthlySeries(metricId, orgCodes, from, to),
    dataVersion: () => analytics.dataVersion(),
    recommendedPeers: async (orgCode) =>
      (await analytics.recommendedPeers(orgCode)).peers.map((p) => p.orgCode),
    audit,
    outbox,
    activity,
    notifyFollowers,
    publicUrl: (deps.accountSettings ?? defaultAccountSettings).publicUrl,
    now,
  });
  return {
    networkWorkspaces: createNetworkWorkspaceService({
      store: workspaceStore,
      networks: () => directory.networks(),
      networkMembers: (networkId) => directory.networkMembers(networkId),
      organisationName: async (orgCode) => (await directory.organisation(orgCode))?.name,
      activity,
      invite: (actor, input, origin) => administration.invite(actor, input, origin),
      audit,
      outbox,
      publicUrl: (deps.accountSettings ?? defaultAccountSettings).publicUrl,
      now,
    }),
    accounts,
    follows,
    administration,
    jobs: createJobsService(createJobRecords(deps.db)),
    apiTokens: createApiTokenService({
      store: createApiTokenStore(deps.db),
      actorFor: (userId) => accounts.actorFor(userId),
      audit,
      now,
      maxPerPerson: (deps.accountSettings ?? defaultAccountSettings).apiTokensPerPerson,
    }),
    rateLimits: createRateLimiter({ store: createRateLimitStore(deps.db), now }),
    singleSignOn: createSingleSignOnService({
      store: accountStore,
      audit,
      now,
      createAccounts: deps.sso?.createAccounts ?? false,
    }),
    guides,
    guideFeedback,
    authoring: createAuthoringService({
      store: createGuideDraftStore(deps.db),
      guides,
      // A version's publication date is the day in England it was published.
      today: () => now().toLocaleDateString("en-CA", { timeZone: "Europe/London" }),
    }),
    assessments: createAssessmentService({
      store: createAssessmentStore(deps.db),
      matrices: deps.matrices ?? readMatrixFolder(path.join(projectRoot, MATRIX_FOLDER)),
      networkMembers: async (networkId) =>
        (await directory.networkMembers(networkId)).map((m) => m.orgCode),
      currentGuideVersion: async (guideId) =>
        (await guides.versions(guideId).catch(() => []))[0]?.version ?? null,
      now,
    }),
    rebases: createRebaseService({
      store: createRebaseStore(deps.db),
      // The periods the metric page charts for the organisation (NotFoundError when unknown).
      periodsWithData: async (orgCode, metricId) =>
        (await analytics.metricDetail(orgCode, metricId)).series
          .filter((v) => v.value !== null)
          .map((v) => v.period),
      changeIdeaExists: async ({ guideId, changeIdeaId }) => {
        const version = await guides.current(guideId).catch(() => null);
        return (
          version?.sections.some((s) => s.changeIdeas.some((c) => c.id === changeIdeaId)) ?? false
        );
      },
      audit,
    }),
    proposals,
    reports: createReportService({
      store: createReportStore(deps.db),
      analytics,
      groups,
      directory,
      proposal: (proposalId) => proposalStore.byId(proposalId),
      readableProposal: (actor, proposalId) => proposals.readable(actor, proposalId),
      // The published guides' current versions: the measures each tracks, by role.
      guides: async () => {
        const out = [];
        for (const g of await guides.list()) {
          const current = await guides.current(g.guideId).catch(() => null);
          if (current)
            out.push({
              guideId: current.guideId,
              title: current.title,
              version: current.version,
              measures: current.measures,
            });
        }
        return out;
      },
      audit,
      now,
    }),
    learning: createLearningService({
      store: createLearningStore(deps.db),
      guides,
      // The organisation's metric page's own series, so the verdict and the chart agree.
      series: async (orgCode, metricId) =>
        seriesOfDetail(await analytics.metricDetail(orgCode, metricId)),
      verdictOf: changeVerdict,
      activity,
      notifyFollowers,
      audit,
      now,
    }),
    mailbox: deps.devMailbox ? createMailboxService(createOutboxStore(deps.db)) : null,
    analytics,
    directory,
    values: createValueListingService(createValueListingStore(reads)),
    coverage,
    overview: createOverviewService({ directory, coverage }),
    groups,
  };
}

/** The web application over a database: services from `composeServices`, cache per data version. */
export function createAppFromDatabase(deps: DatabaseAppDeps): Promise<FastifyInstance> {
  // Pages follow the analytics engine's data version (the one in storage/data-version.ts, as
  // the engine last read it), so none is cached under a version newer than its analytics.
  const readVersion =
    deps.analytics || deps.pool
      ? () => services.analytics.dataVersion()
      : () => readDataVersion(deps.db);
  // After every import (the data version moves), learning posts' verdicts are recomputed on the
  // new data: a listener here, so src/ingest knows nothing of networks. Each stored verdict
  // carries its data version, so a refresh that finds nothing stale writes nothing. Under
  // `improve serve` the listener queues a job instead (src/cli/serve-jobs.ts), run once.
  let judged: string | undefined;
  const onDataVersion =
    deps.onDataVersion ??
    (() =>
      void services.learning
        .refreshVerdicts()
        .catch((e: unknown) => deps.logger?.warn({ err: e }, "learning verdicts refresh failed")));
  const cache = new DataVersionCache(async () => {
    const version = await readVersion();
    if (version !== judged) {
      judged = version;
      onDataVersion(version);
    }
    return version;
  });
  const services = composeServices({ ...deps, cache });
  return createApp({
    services,
    cache,
    sessions: {
      store: createAccountStore(deps.db),
      settings: deps.sessions ?? {
        secret: randomBytes(32).toString("base64url"),
        ...sessionLifetimes(deps.accountSettings ?? defaultAccountSettings),
        production: false,
      },
    },
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.trustProxy ? { trustProxy: true } : {}),
    ...(deps.sso ? { sso: { provider: deps.sso.provider, publicUrl: deps.sso.publicUrl } } : {}),
    ...(deps.pageRoutes ? { pageRoutes: deps.pageRoutes } : {}),
    ...(deps.api ? { api: deps.api } : {}),
    ...(deps.replica ? { reads: deps.replica } : {}),
  });
}

function sessionLifetimes(settings: typeof defaultAccountSettings) {
  return { idleMs: settings.sessionIdleMs, absoluteMs: settings.sessionAbsoluteMs };
}

/** A service whose every call fails: for apps built without a pool (tests of static pages). */
function missingAnalytics(): AnalyticsService {
  const fail = () =>
    Promise.reject(new Error("createApp: pass `pool` or `analytics` to use analytics pages"));
  return {
    compare: fail,
    funnel: fail,
    opportunities: fail,
    recommendedPeers: fail,
    evaluatePeers: fail,
    organisationDashboard: fail,
    metricDetail: fail,
    metricNational: fail,
    monthlySeries: fail,
    precomputeAll: fail,
    dataVersion: fail,
  };
}
