/**
 * Table types for Kysely. The migrations in `./migrations/` create exactly these tables; keep the
 * two in step (the migration test compares them with the live catalogue).
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** PostgreSQL `date`, read as 'YYYY-MM-DD' text (the pg type parser is set in database.ts). */
type DateText = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface OrganisationsTable {
  org_code: string;
  name: string;
  kind: string;
  region_code: string | null;
  icb_code: string | null;
  postcode: string | null;
  open_date: DateText | null;
  close_date: DateText | null;
  successor_code: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  source: string;
  updated_at: Timestamp;
  /** The Oversight Framework acute subtype (migration 007); null for other kinds or untyped trusts. */
  subtype: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where the kind comes from: trust_types, activity, name or list (migration 007). */
  kind_source: ColumnType<string, string | undefined, string>;
}

/** the trust-type table as published, one row per code (migration 007). */
export interface TrustTypesTable {
  org_code: string;
  name: string;
  /** acute, acute_specialist, mental_health_learning_disability, community, ambulance */
  published_type: string;
  /** The organisation kind the type gives. */
  kind: string;
  subtype: string | null;
  /** The NHS Staff Survey 2024 benchmarking group. */
  survey_group: string | null;
  /** The Staff Survey and the Oversight Framework disagree; the Oversight Framework subtype won. */
  types_disagree: ColumnType<boolean, boolean | undefined, boolean>;
  /** For a sector counted apart (R1F1, R1F2), the organisation it is a sector of. */
  sector_of: string | null;
  /** The format that imported the row. */
  source: string;
  import_id: number | null;
}

/** Successions: predecessor → successor from a date (migration 007). */
export interface OrgSuccessionsTable {
  predecessor_code: string;
  successor_code: string;
  effective_date: DateText;
  /** trust or icb */
  org_level: string;
  /** Only part of the predecessor's services passed to this successor. */
  partial: ColumnType<boolean, boolean | undefined, boolean>;
  /** The successor's name where the source gives one (for successors the registry does not hold). */
  successor_name: string | null;
  note: string | null;
  source: string;
  import_id: number | null;
}

export interface NetworkLead {
  name: string;
  organisations: string[];
}

export interface NetworksTable {
  network_id: string;
  name: string;
  region_code: string;
  footprint: string;
  focus: string;
  leads: Json<NetworkLead[]>;
  note: string | null;
  sort_order: number;
}

export interface NetworkMembersTable {
  network_id: string;
  org_code: string;
  /** `footprint` (seeded from the network's footprint) or `manual` (added by a person). */
  origin: string;
  /** False when a person removed a footprint member: re-seeding must not bring it back. */
  active: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

export interface PeerGroupRule {
  /** `peer_finder` and `custom` groups list their members in `peer_group_members`. */
  kind: "acute_trusts" | "region" | "icb" | "network" | "custom" | "peer_finder";
  regionCode?: string;
  icbCode?: string;
  networkId?: string;
  /** A Peer Finder group's trust. */
  orgCode?: string;
}

export interface PeerGroupsTable {
  peer_group_id: string;
  name: string;
  /** predefined (seeded), peer_finder (imported: the NHS Trust Peer Finder groups) or custom. */
  kind: string;
  rule: Json<PeerGroupRule>;
  owner: string | null;
  created_at: Timestamp;
}

export interface PeerGroupMembersTable {
  peer_group_id: string;
  org_code: string;
}

export interface MetricsTable {
  metric_id: string;
  title: string;
  unit: string;
  improvement_direction: string;
  topic: string;
  aggregation: string;
  definition: Json<unknown>;
  catalogue_version: string;
}

export interface SourcesTable {
  source: string;
  title: string;
  /** Lower wins when several sources give the same organisation, metric and period. */
  precedence: number;
}

export interface ImportsTable {
  import_id: Generated<number>;
  source: string;
  format: string;
  file_name: string;
  file_path: string | null;
  checksum: string;
  bytes: number;
  status: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  rows_read: number;
  values_inserted: number;
  values_updated: number;
  values_unchanged: number;
  report: Json<unknown>;
}

export interface MetricValuesTable {
  org_code: string;
  metric_id: string;
  period_type: string;
  period_start: DateText;
  source: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  import_id: number | null;
  dq_flags: ColumnType<string[], string[] | undefined, string[]>;
}

/** A metric value with its source's precedence (view `ranked_values`, migration 005). */
export interface RankedValuesView extends MetricValuesTable {
  precedence: number;
}

export interface MetricValueRevisionsTable {
  revision_id: Generated<number>;
  org_code: string;
  metric_id: string;
  period_type: string;
  period_start: DateText;
  source: string;
  old_numerator: number | null;
  old_denominator: number | null;
  old_value: number | null;
  new_numerator: number | null;
  new_denominator: number | null;
  new_value: number | null;
  import_id: number;
  changed_at: Timestamp;
}

/**
 * A publication's own banding and control limits for a value (migration 006), and where it
 * places the value among its peers (migration 008), kept as published.
 */
export interface PublishedLimitsTable {
  org_code: string;
  metric_id: string;
  period_type: string;
  period_start: DateText;
  source: string;
  banding: string | null;
  banding_label: string | null;
  /** PublishedLimit[] (metrics/values.ts), as JSON. */
  limits: Json<unknown>;
  /** PublishedStanding (metrics/values.ts), as JSON; null where the publication gives none. */
  standing: Json<unknown> | null;
  import_id: number | null;
}

/** Per configured publication, what `improve sync` last fetched (migration 002). */
export interface SyncStateTable {
  name: string;
  url: string | null;
  etag: string | null;
  last_modified: string | null;
  checksum: string | null;
  bytes: number | null;
  file_path: string | null;
  import_id: number | null;
  /** imported, unchanged, not_modified, failed */
  status: string;
  message: string | null;
  checked_at: Timestamp;
  fetched_at: Timestamp | null;
}

/** Accounts (migration 012, docs/accounts.md). */
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface UsersTable {
  user_id: ColumnType<number, never, never>;
  email: string;
  display_name: string;
  password_hash: string | null;
  email_verified_at: NullableTimestamp;
  totp_secret: string | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: number | null;
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
  last_sign_in_at: NullableTimestamp;
}

export interface UserIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: number;
  email: string | null;
  linked_at: Timestamp;
  last_used_at: NullableTimestamp;
}

export interface RecoveryCodesTable {
  user_id: number;
  code_hash: string;
  used_at: NullableTimestamp;
}

export interface RoleGrantsTable {
  grant_id: ColumnType<number, never, never>;
  user_id: number;
  role: string;
  scope: string;
  granted_by: number | null;
  granted_at: Timestamp;
}

export interface InvitationsTable {
  invitation_id: ColumnType<number, never, never>;
  email: string;
  role: string;
  scope: string;
  token_hash: string;
  invited_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_by: number | null;
  revoked_at: NullableTimestamp;
}

export interface AccountTokensTable {
  token_hash: string;
  user_id: number;
  purpose: "verify_email" | "reset_password";
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface SessionsTable {
  sid_hash: string;
  user_id: number | null;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface RateLimitsTable {
  bucket: string;
  key: string;
  window_start: Timestamp;
  hits: number;
}

/** Personal API tokens (migration 027, src/accounts/api-tokens.ts). */
export interface ApiTokensTable {
  token_id: ColumnType<number, never, never>;
  user_id: number;
  name: string;
  scope: "read" | "read_write";
  prefix: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** The API's fixed-window counters (migration 027, src/accounts/rate-limits.ts). */
export interface ApiRateLimitsTable {
  key: string;
  window_seconds: number;
  window_start: Timestamp;
  count: number;
}

export interface AuditLogTable {
  audit_id: ColumnType<number, never, never>;
  at: Timestamp;
  actor_user_id: ColumnType<number | null, number | null, never>;
  actor_label: string;
  action: string;
  outcome: "success" | "failure" | "denied";
  target_kind: string | null;
  target_ref: string | null;
  org_code: string | null;
  network_id: string | null;
  ip: string | null;
  details: Json<Record<string, unknown>>;
}

/** The mail outbox (migration 011, src/accounts/mail.ts). */
export interface MailOutboxTable {
  id: Generated<number>;
  kind: "invitation" | "verify_email" | "reset_password" | "security" | "notification";
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: Timestamp;
  /** Null once sent or given up. */
  next_attempt_at: NullableTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
  sent_at: NullableTimestamp;
  last_error: string | null;
  delivered_by: "smtp" | "log" | null;
}

/** Improvement guides (migration 015). */
export interface GuidesTable {
  guide_id: string;
  created_at: Timestamp;
}

/** Published guide versions, immutable (migration 015): `content` is a whole `GuideVersion`. */
export interface GuideVersionsTable {
  guide_id: string;
  version: string;
  major: number;
  minor: number;
  title: string;
  status: "interim" | "final";
  published_on: DateText;
  content: Json<unknown>;
  published_by: string;
  created_at: Timestamp;
}

/** Self-assessment rounds (migration 017). */
export interface AssessmentRoundsTable {
  round_id: Generated<number>;
  matrix_id: string;
  org_code: string;
  assessed_on: DateText;
  status: ColumnType<
    "draft" | "submitted",
    "draft" | "submitted" | undefined,
    "draft" | "submitted"
  >;
  visibility: ColumnType<
    "private" | "shared",
    "private" | "shared" | undefined,
    "private" | "shared"
  >;
  guide_version: string | null;
  started_by: string;
  submitted_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A round's level and evidence per matrix row (migration 017). */
export interface AssessmentAnswersTable {
  round_id: number;
  row_id: string;
  score: number | null;
  evidence: string;
}

/** Rebase decisions (migration 023): recorded, then perhaps withdrawn; never edited. */
export interface RebaseDecisionsTable {
  decision_id: Generated<number>;
  org_code: string;
  metric_id: string;
  period_start: DateText;
  reason: string;
  guide_id: string | null;
  change_idea_id: string | null;
  proposal_id: number | null;
  recorded_by_user_id: number | null;
  recorded_by_name: string;
  recorded_at: Timestamp;
  withdrawn_at: NullableTimestamp;
  withdrawn_by_user_id: number | null;
  withdrawn_by_name: string | null;
  withdrawal_reason: string | null;
}

/** Feedback on guides (migration 018); samples have no giver or organisation. */
export interface GuideFeedbackTable {
  feedback_id: Generated<number>;
  ref: string;
  guide_id: string;
  version: string;
  section_id: string | null;
  change_idea_id: string | null;
  user_id: number | null;
  org_code: string | null;
  show_org: boolean;
  useful: "yes" | "partly" | "no";
  tried: "yes" | "planning" | "no";
  worked: "yes" | "partly" | "no" | "too_early" | null;
  change_text: string;
  comment: string;
  status: "new" | "accepted" | "planned" | "done" | "declined";
  planned_for: string | null;
  landed_in: string | null;
  reason: string | null;
  response: string;
  sample: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  answered_at: NullableTimestamp;
  seen_by_giver_at: NullableTimestamp;
}

/** A feedback item's history (migration 018). */
export interface GuideFeedbackEventsTable {
  event_id: Generated<number>;
  feedback_id: number;
  at: Timestamp;
  actor: string;
  what: string;
}

/** Guide drafts being written and reviewed (migration 019): `content` is a whole `GuideVersion`. */
export interface GuideDraftsTable {
  draft_id: Generated<number>;
  guide_id: string;
  base_version: string | null;
  version: string;
  content: Json<unknown>;
  status: ColumnType<DraftStatusText, DraftStatusText | undefined, DraftStatusText>;
  author_user_id: number;
  reviewer_user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
type DraftStatusText =
  "draft" | "in_review" | "changes_requested" | "approved" | "published" | "withdrawn";

/** Every status change of a draft, and its review comments (migration 019). */
export interface GuideDraftEventsTable {
  event_id: Generated<number>;
  draft_id: number;
  at: Timestamp;
  actor: string;
  action: string;
  comment: ColumnType<string, string | undefined, string>;
}

/** Deputy lead designations (migration 020). */
export interface NetworkDeputiesTable {
  network_id: string;
  user_id: number;
  designated_at: Timestamp;
}

/** Requests to join a network (migration 020). */
export interface NetworkJoinRequestsTable {
  request_id: Generated<number>;
  network_id: string;
  user_id: number;
  as_person: boolean;
  org_code: string | null;
  message: ColumnType<string, string | undefined, string>;
  status: ColumnType<
    "pending" | "approved" | "declined",
    "pending" | undefined,
    "approved" | "declined"
  >;
  reason: ColumnType<string, string | undefined, string>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  created_at: Timestamp;
}

/** A network's meetings (migration 020). */
export interface NetworkEventsTable {
  event_id: Generated<number>;
  network_id: string;
  title: string;
  held_on: DateText;
  starts_at: string | null;
  place: string;
  agenda: string;
  notes: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A meeting's actions (migration 020). */
export interface NetworkEventActionsTable {
  action_id: Generated<number>;
  event_id: number;
  text: string;
  owner_user_id: number | null;
  owner_name: string;
  due_on: ColumnType<string | null, string | null, string | null>;
  done_at: NullableTimestamp;
  done_by: number | null;
  created_at: Timestamp;
}

/** The network activity feed (migration 020, src/networks/activity.ts). */
export interface NetworkActivityTable {
  activity_id: Generated<number>;
  network_id: string;
  at: Timestamp;
  kind: string;
  summary: string;
  href: string;
  actor_user_id: number | null;
  visibility: "network" | "public";
}

/** Migration 028: saved report definitions (src/reports); sections as JSON text when written. */
export interface ReportDefinitionsTable {
  id: Generated<number>;
  subject_key: string;
  title: string;
  description: string;
  sections: Json<{ title: string; metricIds: string[] }[]>;
  created_by: number | null;
  updated_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

/** Migration 028: commentary on a report's metric for a period, append-only versions. */
export interface ReportCommentaryTable {
  id: Generated<number>;
  subject_key: string;
  metric_id: string;
  period: DateText;
  version: number;
  text: string;
  author_user_id: number | null;
  author_label: string;
  saved_at: Timestamp;
}

/** Migration 022: test-at-scale proposals (src/proposals). */
export interface ProposalsTable {
  proposal_id: ColumnType<number, never, never>;
  network_id: string;
  state: string;
  title: string;
  aim: string;
  approach: string;
  change_ideas: string[];
  primary_metric_id: string;
  balancing_metric_ids: string[];
  baseline_start: DateText;
  baseline_end: DateText;
  planned_start: DateText;
  follow_up_end: DateText;
  expected_effect: number;
  expected_direction: "increase" | "decrease";
  mde: number | null;
  mde_standard_error: number | null;
  mde_placebos: number | null;
  mde_participants: number | null;
  mde_comparators: number | null;
  mde_computed_at: Timestamp | null;
  timeline: string;
  resources: string;
  evaluation: Generated<string>;
  /** Migration 024: the numbers the evaluation was recorded on (src/proposals/evaluation.ts). */
  evaluation_snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProposalOrganisationsTable {
  proposal_id: number;
  org_code: string;
  part: "participant" | "comparator";
}

export interface ProposalTransitionsTable {
  transition_id: ColumnType<number, never, never>;
  proposal_id: number;
  from_state: string | null;
  to_state: string;
  actor_user_id: number | null;
  actor_label: string;
  reason: Generated<string>;
  at: Timestamp;
}

export interface ProposalCommentsTable {
  comment_id: ColumnType<number, never, never>;
  proposal_id: number;
  author_user_id: number | null;
  author_label: string;
  body: string;
  at: Timestamp;
}

/** Follows and notifications (migration 025; src/networks/follows). */
export interface FollowsTable {
  user_id: number;
  target_kind: "network" | "topic";
  target_id: string;
  email: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface NotificationsTable {
  notification_id: Generated<number>;
  user_id: number;
  kind: string;
  summary: string;
  href: string;
  created_at: Generated<Date>;
  read_at: Date | null;
}

/** Shared learning (migration 021; src/networks/learning). */
export interface LearningPostsTable {
  post_id: Generated<number>;
  network_id: string;
  author_user_id: number;
  org_code: string;
  kind: "what_worked" | "case_study";
  title: string;
  body: string;
  change_date: DateText;
  topic: string | null;
  care_setting: string | null;
  visibility: "network" | "public";
  status: ColumnType<
    "draft" | "published",
    "draft" | "published" | undefined,
    "draft" | "published"
  >;
  published_at: NullableTimestamp;
  nominated_at: NullableTimestamp;
  nominated_by: number | null;
  featured_at: NullableTimestamp;
  featured_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LearningPostIdeasTable {
  post_id: number;
  guide_id: string;
  change_idea_id: string;
  position: number;
}

export interface LearningPostMeasuresTable {
  post_id: number;
  metric_id: string;
  position: number;
  verdict: string | null;
  reason: string | null;
  points_since: number | null;
  baseline_points: number | null;
  provisional: boolean | null;
  data_version: string | null;
  computed_at: NullableTimestamp;
}

export interface LearningVerdictChangesTable {
  change_id: Generated<number>;
  post_id: number;
  metric_id: string;
  from_verdict: string;
  to_verdict: string;
  changed_at: Timestamp;
}

export interface LearningUpdatesTable {
  update_id: Generated<number>;
  post_id: number;
  body: string;
  created_at: Timestamp;
}

export interface LearningCommentsTable {
  comment_id: Generated<number>;
  post_id: number;
  author_user_id: number;
  body: string;
  created_at: Timestamp;
}

export interface Tables {
  organisations: OrganisationsTable;
  networks: NetworksTable;
  network_members: NetworkMembersTable;
  peer_groups: PeerGroupsTable;
  peer_group_members: PeerGroupMembersTable;
  metrics: MetricsTable;
  sources: SourcesTable;
  imports: ImportsTable;
  metric_values: MetricValuesTable;
  metric_value_revisions: MetricValueRevisionsTable;
  published_limits: PublishedLimitsTable;
  sync_state: SyncStateTable;
  trust_types: TrustTypesTable;
  org_successions: OrgSuccessionsTable;
  users: UsersTable;
  user_identities: UserIdentitiesTable;
  recovery_codes: RecoveryCodesTable;
  role_grants: RoleGrantsTable;
  invitations: InvitationsTable;
  account_tokens: AccountTokensTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  api_tokens: ApiTokensTable;
  api_rate_limits: ApiRateLimitsTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  guides: GuidesTable;
  guide_versions: GuideVersionsTable;
  assessment_rounds: AssessmentRoundsTable;
  assessment_answers: AssessmentAnswersTable;
  rebase_decisions: RebaseDecisionsTable;
  guide_feedback: GuideFeedbackTable;
  guide_feedback_events: GuideFeedbackEventsTable;
  proposals: ProposalsTable;
  proposal_organisations: ProposalOrganisationsTable;
  proposal_transitions: ProposalTransitionsTable;
  proposal_comments: ProposalCommentsTable;
  guide_drafts: GuideDraftsTable;
  guide_draft_events: GuideDraftEventsTable;
  follows: FollowsTable;
  notifications: NotificationsTable;
  learning_posts: LearningPostsTable;
  learning_post_ideas: LearningPostIdeasTable;
  learning_post_measures: LearningPostMeasuresTable;
  learning_verdict_changes: LearningVerdictChangesTable;
  learning_updates: LearningUpdatesTable;
  learning_comments: LearningCommentsTable;
  network_deputies: NetworkDeputiesTable;
  network_join_requests: NetworkJoinRequestsTable;
  network_events: NetworkEventsTable;
  network_event_actions: NetworkEventActionsTable;
  network_activity: NetworkActivityTable;
  report_definitions: ReportDefinitionsTable;
  report_commentary: ReportCommentaryTable;
  /** Views (migration 005): every value with its precedence; the preferred value per key. */
  ranked_values: RankedValuesView;
  preferred_values: RankedValuesView;
}

/**
 * The typed handle on these tables that repositories receive (opened by ./database.ts). It lives
 * with the tables so that modules which only query need not import the module that connects.
 */
export type Db = Kysely<Tables>;

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
