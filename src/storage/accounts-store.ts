/**
 * The PostgreSQL side of the accounts domain: implements `AccountStore` (src/accounts/store.ts)
 * over the tables of migration 012. Every statement is built by Kysely (parameterised).
 */
import { sql, type Selectable } from "kysely";
import { ConflictError } from "../errors.js";
import { withTransaction } from "./transaction.js";
import { grantOf, scopeRef, type Role } from "../accounts/roles.js";
import type {
  AccountStore,
  AuditRecord,
  GrantRecord,
  IdentityRecord,
  InvitationRecord,
  SessionRecord,
  UserPatch,
  UserRecord,
} from "../accounts/store.js";
import type {
  AuditLogTable,
  Db,
  InvitationsTable,
  RoleGrantsTable,
  SessionsTable,
  UserIdentitiesTable,
  UsersTable,
} from "./schema.js";

const UNIQUE_VIOLATION = "23505";

function userFromRow(r: Selectable<UsersTable>): UserRecord {
  return {
    userId: r.user_id,
    email: r.email,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    emailVerifiedAt: r.email_verified_at,
    totpSecret: r.totp_secret,
    totpEnabledAt: r.totp_enabled_at,
    totpLastStep: r.totp_last_step,
    failedSignIns: r.failed_sign_ins,
    lockedUntil: r.locked_until,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
  };
}

function grantFromRow(r: Selectable<RoleGrantsTable>): GrantRecord {
  return {
    ...grantOf(r.role as Role, r.scope),
    grantId: r.grant_id,
    userId: r.user_id,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
  };
}

function invitationFromRow(r: Selectable<InvitationsTable>): InvitationRecord {
  return {
    invitationId: r.invitation_id,
    email: r.email,
    grant: grantOf(r.role as Role, r.scope),
    invitedBy: r.invited_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    acceptedBy: r.accepted_by,
    revokedAt: r.revoked_at,
  };
}

function identityFromRow(r: Selectable<UserIdentitiesTable>): IdentityRecord {
  return {
    issuer: r.issuer,
    subject: r.subject,
    userId: r.user_id,
    email: r.email,
    linkedAt: r.linked_at,
    lastUsedAt: r.last_used_at,
  };
}

function sessionFromRow(r: Selectable<SessionsTable>): SessionRecord {
  return {
    sidHash: r.sid_hash,
    userId: r.user_id,
    data: r.data,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

function auditFromRow(r: Selectable<AuditLogTable>): AuditRecord {
  return {
    auditId: r.audit_id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorLabel: r.actor_label,
    action: r.action,
    outcome: r.outcome,
    targetKind: r.target_kind,
    targetRef: r.target_ref,
    orgCode: r.org_code,
    networkId: r.network_id,
    ip: r.ip,
    details: r.details,
  };
}

const userColumns: Record<keyof UserPatch, keyof UsersTable> = {
  displayName: "display_name",
  passwordHash: "password_hash",
  emailVerifiedAt: "email_verified_at",
  totpSecret: "totp_secret",
  totpEnabledAt: "totp_enabled_at",
  totpLastStep: "totp_last_step",
  failedSignIns: "failed_sign_ins",
  lockedUntil: "locked_until",
  disabledAt: "disabled_at",
  lastSignInAt: "last_sign_in_at",
};

/** `text` for a LIKE pattern, its `%`, `_` and `\` literal. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A search: anywhere in the text, `%` and `_` in it literal. */
function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function createAccountStore(db: Db): AccountStore {
  /** Sessions not yet expired at `now`: the only ones that count, whatever the purge has reached. */
  const liveSessions = (now: Date) =>
    db.selectFrom("sessions").selectAll().where("expires_at", ">", now);

  const grantsFor = async (userIds: number[]): Promise<Map<number, GrantRecord[]>> => {
    const byUser = new Map<number, GrantRecord[]>();
    if (userIds.length === 0) return byUser;
    const rows = await db
      .selectFrom("role_grants")
      .selectAll()
      .where("user_id", "in", userIds)
      .orderBy("granted_at")
      .execute();
    for (const row of rows) {
      const list = byUser.get(row.user_id) ?? [];
      list.push(grantFromRow(row));
      byUser.set(row.user_id, list);
    }
    return byUser;
  };

  return {
    transaction(work) {
      return withTransaction(db, (trx) => work(createAccountStore(trx)));
    },
    async createUser(user) {
      try {
        const row = await db
          .insertInto("users")
          .values({
            email: user.email,
            display_name: user.displayName,
            password_hash: user.passwordHash ?? null,
            email_verified_at: user.emailVerifiedAt ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return userFromRow(row);
      } catch (e) {
        if ((e as { code?: string }).code === UNIQUE_VIOLATION)
          throw new ConflictError(`An account for ${user.email} already exists.`);
        throw e;
      }
    },
    async userById(userId) {
      const row = await db
        .selectFrom("users")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return row && userFromRow(row);
    },
    async userByEmail(email) {
      const row = await db
        .selectFrom("users")
        .selectAll()
        .where(sql<string>`lower(email)`, "=", email.toLowerCase())
        .executeTakeFirst();
      return row && userFromRow(row);
    },
    async updateUser(userId, patch) {
      const values: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(patch))
        if (value !== undefined) values[userColumns[key as keyof UserPatch]] = value;
      if (Object.keys(values).length === 0) return;
      await db.updateTable("users").set(values).where("user_id", "=", userId).execute();
    },
    async recordFailedSignIn(userId, now, threshold, lockForMs) {
      const row = await db
        .updateTable("users")
        .set({
          failed_sign_ins: sql`failed_sign_ins + 1`,
          locked_until: sql`CASE WHEN failed_sign_ins + 1 >= ${threshold}
            THEN ${new Date(now.getTime() + lockForMs)}::timestamptz ELSE locked_until END`,
        })
        .where("user_id", "=", userId)
        .returning(["failed_sign_ins", "locked_until"])
        .executeTakeFirst();
      return { failedSignIns: row?.failed_sign_ins ?? 0, lockedUntil: row?.locked_until ?? null };
    },
    async users(query) {
      let q = db.selectFrom("users");
      if (query.search) {
        const pattern = likePattern(query.search);
        q = q.where((eb) =>
          eb.or([eb("email", "ilike", pattern), eb("display_name", "ilike", pattern)]),
        );
      }
      if (query.lockedAt) q = q.where("locked_until", ">", query.lockedAt);
      const [rows, count] = await Promise.all([
        q
          .selectAll()
          .orderBy(sql`lower(email)`)
          .limit(query.limit)
          .offset(query.offset)
          .execute(),
        q.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
      ]);
      const grants = await grantsFor(rows.map((r) => r.user_id));
      return {
        users: rows.map((r) => ({ ...userFromRow(r), grants: grants.get(r.user_id) ?? [] })),
        total: count.n,
      };
    },

    async identity(issuer, subject) {
      const row = await db
        .selectFrom("user_identities")
        .selectAll()
        .where("issuer", "=", issuer)
        .where("subject", "=", subject)
        .executeTakeFirst();
      return row && identityFromRow(row);
    },
    async identitiesOf(userId) {
      const rows = await db
        .selectFrom("user_identities")
        .selectAll()
        .where("user_id", "=", userId)
        .execute();
      return rows.map(identityFromRow);
    },
    async linkIdentity(identity) {
      await db
        .insertInto("user_identities")
        .values({
          issuer: identity.issuer,
          subject: identity.subject,
          user_id: identity.userId,
          email: identity.email,
        })
        .execute();
    },
    async touchIdentity(issuer, subject, at) {
      await db
        .updateTable("user_identities")
        .set({ last_used_at: at })
        .where("issuer", "=", issuer)
        .where("subject", "=", subject)
        .execute();
    },

    async replaceRecoveryCodes(userId, codeHashes) {
      await withTransaction(db, async (trx) => {
        await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
        if (codeHashes.length > 0)
          await trx
            .insertInto("recovery_codes")
            .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
            .execute();
      });
    },
    async useRecoveryCode(userId, codeHash, at) {
      const result = await db
        .updateTable("recovery_codes")
        .set({ used_at: at })
        .where("user_id", "=", userId)
        .where("code_hash", "=", codeHash)
        .where("used_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async unusedRecoveryCodes(userId) {
      const row = await db
        .selectFrom("recovery_codes")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async grantsOf(userId) {
      return (await grantsFor([userId])).get(userId) ?? [];
    },
    async addGrant(userId, grant, grantedBy) {
      const row = await db
        .insertInto("role_grants")
        .values({
          user_id: userId,
          role: grant.role,
          scope: scopeRef(grant.scope),
          granted_by: grantedBy,
        })
        .onConflict((oc) => oc.columns(["user_id", "role", "scope"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && grantFromRow(row);
    },
    async removeGrant(userId, grant) {
      const result = await db
        .deleteFrom("role_grants")
        .where("user_id", "=", userId)
        .where("role", "=", grant.role)
        .where("scope", "=", scopeRef(grant.scope))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async grantHolders(grants) {
      if (grants.length === 0) return [];
      const rows = await db
        .selectFrom("role_grants")
        .innerJoin("users", "users.user_id", "role_grants.user_id")
        .selectAll("role_grants")
        .select(["users.email", "users.display_name"])
        .where((eb) =>
          eb.or(
            grants.map((g) =>
              eb.and([eb("role", "=", g.role), eb("scope", "=", scopeRef(g.scope))]),
            ),
          ),
        )
        .orderBy("users.display_name")
        .orderBy("role_grants.grant_id")
        .execute();
      return rows.map((r) => ({
        ...grantFromRow(r),
        email: r.email,
        displayName: r.display_name,
      }));
    },
    async countHolders(role) {
      const row = await db
        .selectFrom("role_grants")
        .innerJoin("users", "users.user_id", "role_grants.user_id")
        .select(sql<number>`count(DISTINCT role_grants.user_id)::int`.as("n"))
        .where("role", "=", role)
        .where("users.disabled_at", "is", null)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async createInvitation(invitation) {
      const row = await db
        .insertInto("invitations")
        .values({
          email: invitation.email,
          role: invitation.grant.role,
          scope: scopeRef(invitation.grant.scope),
          token_hash: invitation.tokenHash,
          invited_by: invitation.invitedBy,
          expires_at: invitation.expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return invitationFromRow(row);
    },
    async invitationByToken(tokenHash) {
      const row = await db
        .selectFrom("invitations")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .executeTakeFirst();
      return row && invitationFromRow(row);
    },
    async invitationById(invitationId) {
      const row = await db
        .selectFrom("invitations")
        .selectAll()
        .where("invitation_id", "=", invitationId)
        .executeTakeFirst();
      return row && invitationFromRow(row);
    },
    async acceptInvitation(invitationId, userId, now) {
      const result = await db
        .updateTable("invitations")
        .set({ accepted_at: now, accepted_by: userId })
        .where("invitation_id", "=", invitationId)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async revokeInvitation(invitationId, now) {
      const result = await db
        .updateTable("invitations")
        .set({ revoked_at: now })
        .where("invitation_id", "=", invitationId)
        .where("accepted_at", "is", null)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async invitations(options) {
      let q = db.selectFrom("invitations").selectAll();
      if (options.pendingAt)
        q = q
          .where("accepted_at", "is", null)
          .where("revoked_at", "is", null)
          .where("expires_at", ">", options.pendingAt);
      const rows = await q.orderBy("created_at", "desc").limit(options.limit).execute();
      return rows.map(invitationFromRow);
    },

    async createToken(token) {
      await db
        .insertInto("account_tokens")
        .values({
          token_hash: token.tokenHash,
          user_id: token.userId,
          purpose: token.purpose,
          expires_at: token.expiresAt,
        })
        .execute();
    },
    async consumeToken(tokenHash, purpose, now) {
      const row = await db
        .updateTable("account_tokens")
        .set({ used_at: now })
        .where("token_hash", "=", tokenHash)
        .where("purpose", "=", purpose)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returning("user_id")
        .executeTakeFirst();
      return row?.user_id;
    },
    async voidTokens(userId, purpose, now) {
      await db
        .updateTable("account_tokens")
        .set({ used_at: now })
        .where("user_id", "=", userId)
        .where("purpose", "=", purpose)
        .where("used_at", "is", null)
        .execute();
    },

    async hit(bucket, key, windowStart) {
      const row = await db
        .insertInto("rate_limits")
        .values({ bucket, key, window_start: windowStart, hits: 1 })
        .onConflict((oc) =>
          oc.columns(["bucket", "key", "window_start"]).doUpdateSet({
            hits: sql`rate_limits.hits + 1`,
          }),
        )
        .returning("hits")
        .executeTakeFirstOrThrow();
      // Old windows are of no further use; clear them now and then, not on every hit.
      if (Math.random() < 0.01)
        await db
          .deleteFrom("rate_limits")
          .where("window_start", "<", new Date(windowStart.getTime() - 86_400_000))
          .execute();
      return row.hits;
    },
    async clearHits(bucket, key) {
      await db
        .deleteFrom("rate_limits")
        .where("bucket", "=", bucket)
        .where("key", "=", key)
        .execute();
    },

    async audit(entry) {
      await db
        .insertInto("audit_log")
        .values({
          actor_user_id: entry.actorUserId,
          actor_label: entry.actorLabel,
          action: entry.action,
          outcome: entry.outcome,
          target_kind: entry.targetKind ?? null,
          target_ref: entry.targetRef ?? null,
          org_code: entry.orgCode ?? null,
          network_id: entry.networkId ?? null,
          ip: entry.ip ?? null,
          details: JSON.stringify(entry.details ?? {}),
        })
        .execute();
    },
    async auditLog(query) {
      let q = db.selectFrom("audit_log").selectAll();
      if (query.from) q = q.where("at", ">=", query.from);
      if (query.to) q = q.where("at", "<", query.to);
      if (query.action)
        q = query.action.endsWith(".")
          ? q.where("action", "like", `${escapeLike(query.action)}%`)
          : q.where("action", "=", query.action);
      if (query.actorUserId !== undefined) q = q.where("actor_user_id", "=", query.actorUserId);
      if (query.actor) q = q.where("actor_label", "ilike", likePattern(query.actor));
      if (query.orgCode) q = q.where("org_code", "=", query.orgCode);
      if (query.networkId) q = q.where("network_id", "=", query.networkId);
      if (query.outcome) q = q.where("outcome", "=", query.outcome);
      if (query.before !== undefined) q = q.where("audit_id", "<", query.before);
      const rows = await q.orderBy("audit_id", "desc").limit(query.limit).execute();
      return rows.map(auditFromRow);
    },

    async session(sidHash, now) {
      const row = await liveSessions(now).where("sid_hash", "=", sidHash).executeTakeFirst();
      return row && sessionFromRow(row);
    },
    async saveSession(record) {
      const values = {
        sid_hash: record.sidHash,
        user_id: record.userId,
        data: JSON.stringify(record.data),
        created_at: record.createdAt,
        last_seen_at: record.lastSeenAt,
        expires_at: record.expiresAt,
        ip: record.ip,
        user_agent: record.userAgent,
      };
      await db
        .insertInto("sessions")
        .values(values)
        .onConflict((oc) =>
          oc.column("sid_hash").doUpdateSet({
            user_id: values.user_id,
            data: values.data,
            last_seen_at: values.last_seen_at,
            expires_at: values.expires_at,
            // A session is first saved before sign-in (its CSRF secret); signing in adds these.
            ip: values.ip,
            user_agent: values.user_agent,
          }),
        )
        .execute();
    },
    async touchSession(sidHash, lastSeenAt, expiresAt) {
      await db
        .updateTable("sessions")
        .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
        .where("sid_hash", "=", sidHash)
        .execute();
    },
    async destroySession(sidHash) {
      await db.deleteFrom("sessions").where("sid_hash", "=", sidHash).execute();
    },
    async destroyUserSessions(userId, exceptSidHash) {
      let q = db.deleteFrom("sessions").where("user_id", "=", userId);
      if (exceptSidHash) q = q.where("sid_hash", "<>", exceptSidHash);
      const result = await q.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async userSessions(userId, now) {
      const rows = await liveSessions(now)
        .where("user_id", "=", userId)
        .orderBy("last_seen_at", "desc")
        .execute();
      return rows.map(sessionFromRow);
    },
    async activeSessions(now, limit) {
      const rows = await liveSessions(now)
        .where("user_id", "is not", null)
        .orderBy("last_seen_at", "desc")
        .limit(limit)
        .execute();
      return rows.map(sessionFromRow);
    },
    async purgeExpiredSessions(now) {
      const result = await db
        .deleteFrom("sessions")
        .where("expires_at", "<=", now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
