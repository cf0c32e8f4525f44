/**
 * The accounts domain's store port: what the account services need from persistence, in domain
 * words. src/storage/accounts-store.ts implements it over PostgreSQL. Secrets arrive here already
 * hashed (./secrets.ts): the store never sees a password, token, session id or recovery code.
 */
import type { Grant } from "./roles.js";

export interface UserRecord {
  userId: number;
  email: string;
  displayName: string;
  passwordHash: string | null;
  emailVerifiedAt: Date | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  /** The last TOTP time step accepted (a code is never accepted twice). */
  totpLastStep: number | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export type UserPatch = Partial<
  Pick<
    UserRecord,
    | "displayName"
    | "passwordHash"
    | "emailVerifiedAt"
    | "totpSecret"
    | "totpEnabledAt"
    | "totpLastStep"
    | "failedSignIns"
    | "lockedUntil"
    | "disabledAt"
    | "lastSignInAt"
  >
>;

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash?: string | null;
  emailVerifiedAt?: Date | null;
}

export interface GrantRecord extends Grant {
  grantId: number;
  userId: number;
  grantedBy: number | null;
  grantedAt: Date;
}

/** A grant with the name and email address of the person holding it. */
export interface GrantHolder extends GrantRecord {
  email: string;
  displayName: string;
}

export interface InvitationRecord {
  invitationId: number;
  email: string;
  grant: Grant;
  invitedBy: number | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: number | null;
  revokedAt: Date | null;
}

export interface IdentityRecord {
  issuer: string;
  subject: string;
  userId: number;
  email: string | null;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

export type TokenPurpose = "verify_email" | "reset_password";

export interface SessionRecord {
  sidHash: string;
  userId: number | null;
  data: Record<string, unknown>;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export type AuditOutcome = "success" | "failure" | "denied";

/** One line of the audit log, as written. */
export interface AuditEntry {
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  outcome: AuditOutcome;
  targetKind?: string | null;
  targetRef?: string | null;
  orgCode?: string | null;
  networkId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends Required<Omit<AuditEntry, "details">> {
  auditId: number;
  at: Date;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  from?: Date;
  to?: Date;
  /** An exact action, or a prefix ending in "." ("sign_in." for every sign-in event). */
  action?: string;
  actorUserId?: number;
  /** Part of the actor's label (an email address). */
  actor?: string;
  orgCode?: string;
  networkId?: string;
  outcome?: AuditOutcome;
  /** Entries older than this id (paging backwards in time). */
  before?: number;
  limit: number;
}

export interface UserQuery {
  /** Part of a name or email address. */
  search?: string;
  /** Only accounts locked at `now`. */
  lockedAt?: Date;
  limit: number;
  offset: number;
}

export interface UserWithGrants extends UserRecord {
  grants: GrantRecord[];
}

/** Sessions, for the session plugin and for listing and ending them. */
export interface SessionStore {
  /** The session, unless it has expired at `now`. */
  session(sidHash: string, now: Date): Promise<SessionRecord | undefined>;
  saveSession(record: SessionRecord): Promise<void>;
  /** Moves the idle expiry on (cheap: no data rewritten). */
  touchSession(sidHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  destroySession(sidHash: string): Promise<void>;
  /** Ends every session of `userId` but `exceptSidHash`; how many ended. */
  destroyUserSessions(userId: number, exceptSidHash?: string): Promise<number>;
  userSessions(userId: number, now: Date): Promise<SessionRecord[]>;
  /** Signed-in sessions across the hub, newest activity first. */
  activeSessions(now: Date, limit: number): Promise<SessionRecord[]>;
  purgeExpiredSessions(now: Date): Promise<number>;
}

export interface AccountStore extends SessionStore {
  /**
   * Runs `work` on a store bound to one transaction: all it writes commits together, or nothing
   * does (it rolls back when `work` throws, and the error is rethrown). Inside, a call that
   * would open its own transaction joins this one.
   */
  transaction<T>(work: (store: AccountStore) => Promise<T>): Promise<T>;
  /** ConflictError when the email address (case-insensitively) already has an account. */
  createUser(user: NewUser): Promise<UserRecord>;
  userById(userId: number): Promise<UserRecord | undefined>;
  userByEmail(email: string): Promise<UserRecord | undefined>;
  updateUser(userId: number, patch: UserPatch): Promise<void>;
  /**
   * Counts a failed sign-in atomically (two instances at once both count) and locks the account
   * until `now + lockFor` when the count reaches `threshold`.
   */
  recordFailedSignIn(
    userId: number,
    now: Date,
    threshold: number,
    lockForMs: number,
  ): Promise<{ failedSignIns: number; lockedUntil: Date | null }>;
  users(query: UserQuery): Promise<{ users: UserWithGrants[]; total: number }>;

  identity(issuer: string, subject: string): Promise<IdentityRecord | undefined>;
  identitiesOf(userId: number): Promise<IdentityRecord[]>;
  linkIdentity(identity: Omit<IdentityRecord, "linkedAt" | "lastUsedAt">): Promise<void>;
  touchIdentity(issuer: string, subject: string, at: Date): Promise<void>;

  replaceRecoveryCodes(userId: number, codeHashes: readonly string[]): Promise<void>;
  /** Marks the code used; false if it was not one of the user's unused codes. */
  useRecoveryCode(userId: number, codeHash: string, at: Date): Promise<boolean>;
  unusedRecoveryCodes(userId: number): Promise<number>;

  grantsOf(userId: number): Promise<GrantRecord[]>;
  /** Undefined when the user already held the grant. */
  addGrant(
    userId: number,
    grant: Grant,
    grantedBy: number | null,
  ): Promise<GrantRecord | undefined>;
  /** False when the user did not hold it. */
  removeGrant(userId: number, grant: Grant): Promise<boolean>;
  /** Who holds each of `grants` (role in scope), by name. */
  grantHolders(grants: readonly Grant[]): Promise<GrantHolder[]>;
  /** People holding `role` anywhere (to keep at least one national administrator). */
  countHolders(role: Grant["role"]): Promise<number>;

  createInvitation(invitation: {
    email: string;
    grant: Grant;
    tokenHash: string;
    invitedBy: number | null;
    expiresAt: Date;
  }): Promise<InvitationRecord>;
  invitationByToken(tokenHash: string): Promise<InvitationRecord | undefined>;
  invitationById(invitationId: number): Promise<InvitationRecord | undefined>;
  /** Accepts it once: false if it was already accepted, revoked or expired at `now`. */
  acceptInvitation(invitationId: number, userId: number, now: Date): Promise<boolean>;
  revokeInvitation(invitationId: number, now: Date): Promise<boolean>;
  invitations(options: { pendingAt?: Date; limit: number }): Promise<InvitationRecord[]>;

  createToken(token: {
    tokenHash: string;
    userId: number;
    purpose: TokenPurpose;
    expiresAt: Date;
  }): Promise<void>;
  /** Uses the token once: its user, or undefined if unknown, used, expired or for another purpose. */
  consumeToken(tokenHash: string, purpose: TokenPurpose, now: Date): Promise<number | undefined>;
  /** Voids a user's unused tokens of one purpose (a new reset link voids the old). */
  voidTokens(userId: number, purpose: TokenPurpose, now: Date): Promise<void>;

  /**
   * Counts one hit for `key` in `bucket` in the window starting at `windowStart`; the count so
   * far, this hit included. Held in PostgreSQL so that every instance counts together.
   */
  hit(bucket: string, key: string, windowStart: Date): Promise<number>;
  /** Forgets the counts of `key` in `bucket` (a successful sign-in clears its failures). */
  clearHits(bucket: string, key: string): Promise<void>;

  audit(entry: AuditEntry): Promise<void>;
  auditLog(query: AuditQuery): Promise<AuditRecord[]>;
}
