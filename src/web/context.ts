/**
 * What every route gets: the domain services (never the database), the clock and the cache of
 * results per data version. Built in one place, ./compose.ts.
 */
import type { AdministrationService } from "../accounts/administration.js";
import type { ApiTokenService } from "../accounts/api-tokens.js";
import type { RateLimiter } from "../accounts/rate-limits.js";
import type { MailboxService } from "../accounts/mail.js";
import type { AccountService } from "../accounts/service.js";
import type { SingleSignOnService } from "../accounts/single-sign-on.js";
import type { AssessmentService } from "../assessments/service.js";
import type { RebaseService } from "../rebases/service.js";
import type { GuideFeedbackService } from "../guides/feedback/service.js";
import type { AuthoringService } from "../guides/authoring/service.js";
import type { GuideService } from "../guides/service.js";
import type { CoverageService } from "../metrics/data-coverage/service.js";
import type { NetworkWorkspaceService } from "../networks/service.js";
import type { GroupDashboardService } from "../metrics/dashboards/service.js";
import type { DirectoryService } from "../metrics/directory/service.js";
import type { OverviewService } from "../metrics/overview.js";
import type { AnalyticsService } from "../metrics/service.js";
import type { ValueListingService } from "../metrics/value-listing/service.js";
import type { ProposalService } from "../proposals/service.js";
import type { ReportService } from "../reports/service.js";
import type { LearningService } from "../networks/learning/service.js";
import type { FollowService } from "../networks/follows/service.js";
import type { JobsService } from "../jobs/service.js";

export interface Services {
  analytics: AnalyticsService;
  directory: DirectoryService;
  /** Stored values across organisations and metrics, filtered and paged by key (the API, exports). */
  values: ValueListingService;
  coverage: CoverageService;
  overview: OverviewService;
  groups: GroupDashboardService;
  accounts: AccountService;
  administration: AdministrationService;
  /** The background jobs' queues and recent runs (/admin/jobs). */
  jobs: JobsService;
  singleSignOn: SingleSignOnService;
  /** Personal API tokens: made, listed and revoked on the account pages; `authenticate` for the API. */
  apiTokens: ApiTokenService;
  /** Fixed-window rate limits held in PostgreSQL (the API's per-token and per-address limits). */
  rateLimits: RateLimiter;
  /** Improvement guides and their versions (src/guides). */
  guides: GuideService;
  /** Feedback on guides: giving, the community view, authors' triage (src/guides/feedback). */
  guideFeedback: GuideFeedbackService;
  /** Drafting, reviewing and publishing guide versions (src/guides/authoring). */
  authoring: AuthoringService;
  /** Self-assessment against maturity matrices (src/assessments). */
  assessments: AssessmentService;
  /** Organisations' rebase decisions: where a metric's SPC limits start again, and why (src/rebases). */
  rebases: RebaseService;
  /** Network workspaces: members, joining, events, the activity feed (src/networks). */
  networkWorkspaces: NetworkWorkspaceService;
  /** Test-at-scale proposals: drafting, review, running and evaluation (src/proposals). */
  proposals: ProposalService;
  /** Integrated performance reports: definitions, their figures and commentary (src/reports). */
  reports: ReportService;
  /** Networks' shared learning with its evidence verdicts (src/networks/learning). */
  learning: LearningService;
  /** Follows of networks and topics, and the notifications they bring (src/networks/follows). */
  follows: FollowService;
  /** The development mailbox (/dev/mailbox); null where mail is really sent or in production. */
  mailbox: MailboxService | null;
}

/** How a result is kept (./cache.ts). */
export interface CacheOptions<T = unknown> {
  /** About an ad hoc list of organisations: kept in the small bucket of such results. */
  adHoc?: boolean;
  /** The result's size in bytes (default: a cheap estimate, metrics/approximate-bytes.ts). */
  size?: (value: T) => number;
}

/**
 * Results kept per data version (./cache.ts), bounded by bytes; `get` computes a missing key
 * once, however many ask for it at the same time.
 */
export interface PageCache {
  get<T>(key: string, compute: () => Promise<T>, options?: CacheOptions<T>): Promise<T>;
  invalidate(): void;
}

export interface AppContext extends Services {
  now: () => Date;
  cache: PageCache;
}
