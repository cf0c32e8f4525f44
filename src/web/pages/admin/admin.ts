/**
 * Administration pages (issue 15; docs/accounts.md, "Administration"): /admin (overview),
 * /admin/users and one person's page, /admin/invitations, /admin/sessions, /admin/audit (and its
 * CSV), /admin/jobs (the background jobs). Every page and form goes through the administration service, which asks the policy:
 * a person it refuses gets 403, someone not signed in is asked to sign in. Forms carry the
 * session's CSRF token and answer with a 303 redirect; pages are private (never cached).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { auditActionLabel, auditDetailsText } from "../../../accounts/audit-labels.js";
import { auditFilterSchema, withoutBlanks } from "../../../accounts/audit-log.js";
import { can, requireUser } from "../../../accounts/policy.js";
import { grantOf, roleSchema, ROLE_LABELS, scopeRef } from "../../../accounts/roles.js";
import { AppError, InputError } from "../../../errors.js";
import type { AppContext } from "../../context.js";
import { param } from "../../present.js";
import { NOT_METRIC_DATA, provenanceLines } from "../../../metrics/csv.js";
import { tokenRows } from "../account/api-tokens-model.js";
import { grantForm, type GrantFormValues } from "./grant-form.js";
import { formErrors, originOf, privatePage, stateTag, when, type FormErrors } from "./present.js";

const userIdSchema = z.object({
  userId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
/** A person's API token, by the person's id and the token's. */
const userTokenSchema = userIdSchema.extend({
  tokenId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
const invitationIdSchema = z.object({
  invitationId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
const usersQuery = z.object({
  search: z.string().max(200).optional(),
  locked: z.enum(["1"]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});
const doneQuery = z.object({ done: z.string().max(40).optional() });
const grantBody = z.object({
  role: z.string().max(40).default(""),
  orgCode: z.string().max(20).optional(),
  networkId: z.string().max(100).optional(),
});
const revokeBody = z.object({ role: roleSchema, scope: z.string().max(100) });
const memberRevokeBody = revokeBody.merge(userIdSchema);
const endBody = z.object({
  sid: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
const inviteBody = grantBody.extend({ email: z.string().max(300).default("") });

/** What a finished form says on the page it returns to (`?done=`). */
const DONE: Record<string, string> = {
  granted: "Role granted.",
  revoked: "Role removed.",
  locked: "Account locked. Their sessions have ended.",
  unlocked: "Account unlocked.",
  disabled: "Account disabled. Their sessions have ended.",
  enabled: "Account enabled.",
  ended: "Session ended.",
  "ended-all": "Every session of this account has ended.",
  invited: "Invitation sent.",
  "invitation-revoked": "Invitation withdrawn.",
  "token-revoked": "API token revoked: it no longer works.",
};

const breadcrumbs = (...extra: { href: string; text: string }[]) => [
  { href: "/", text: "Home" },
  ...extra,
];
const adminCrumb = { href: "/admin", text: "Administration" };

/** Query-string of the audit filters, for paging and the CSV link. */
function auditQueryString(filter: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter))
    if (v !== undefined && k !== "before") params.set(k, String(v));
  return params.toString();
}

export const adminRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const admin = ctx.administration;
    const networks = () => ctx.directory.networks();

    // Every administration answer is private, whatever it is (errors included).
    app.addHook("onRequest", async (request, reply) => {
      if (request.url.startsWith("/admin")) privatePage(reply);
    });

    app.get("/admin", async (request, reply) => {
      const { done } = param(doneQuery, request.query, "page");
      const options = admin.grantOptions(request.actor);
      // Network leads and organisation analysts may only send invitations; anyone else who
      // may not see people is refused by the service (and the refusal audited).
      const overview =
        can(request.actor, "users.view") || options.length === 0
          ? await admin.overview(request.actor)
          : null;
      return reply.render("admin/overview.njk", {
        title: "Administration",
        breadcrumbs: breadcrumbs(),
        overview,
        canInvite: options.length > 0,
        members: overview
          ? []
          : (await admin.delegatedMembers(request.actor)).map((m) => ({
              ...m,
              scopeRef: scopeRef(m.scope),
            })),
        csrfToken: reply.generateCsrf(),
        done: done ? DONE[done] : undefined,
      });
    });

    // A network lead or organisation analyst removes a member's role (administrators do it on
    // the person's page). The service asks the policy: only their own networks and organisations.
    app.post("/admin/members/revoke", async (request, reply) => {
      const actor = requireUser(request.actor);
      const body = param(memberRevokeBody, request.body, "role");
      await admin.revoke(actor, body.userId, grantOf(body.role, body.scope), originOf(request));
      return reply.redirect("/admin?done=revoked", 303);
    });

    app.get("/admin/users", async (request, reply) => {
      const q = param(usersQuery, withoutBlanks(request.query), "search");
      const result = await admin.users(request.actor, {
        ...(q.search ? { search: q.search } : {}),
        locked: q.locked === "1",
        ...(q.page ? { page: q.page } : {}),
      });
      const at = ctx.now();
      const base = new URLSearchParams({
        ...(q.search ? { search: q.search } : {}),
        ...(q.locked ? { locked: "1" } : {}),
      });
      const pageLink = (page: number) => {
        const p = new URLSearchParams(base);
        p.set("page", String(page));
        return `/admin/users?${p.toString()}`;
      };
      return reply.render("admin/users.njk", {
        title: "People",
        breadcrumbs: breadcrumbs(adminCrumb),
        search: q.search ?? "",
        locked: q.locked === "1",
        total: result.total,
        users: result.users.map((u) => ({
          userId: u.userId,
          email: u.email,
          displayName: u.displayName,
          state: stateTag(u, at),
          roles: [...new Set(u.grants.map((g) => ROLE_LABELS[g.role]))],
          lastSignIn: when(u.lastSignInAt) || "Never",
        })),
        previous: result.page > 1 ? pageLink(result.page - 1) : null,
        next: result.page < result.pages ? pageLink(result.page + 1) : null,
        page: result.page,
        pages: result.pages,
      });
    });

    async function userPage(
      request: FastifyRequest,
      reply: FastifyReply,
      userId: number,
      extra: { errors?: FormErrors; values?: GrantFormValues; done?: string } = {},
    ) {
      const detail = await admin.user(request.actor, userId);
      const at = ctx.now();
      const { user } = detail;
      const self = request.actor.kind === "user" && request.actor.userId === userId;
      return reply.render("admin/user.njk", {
        title: user.displayName,
        breadcrumbs: breadcrumbs(adminCrumb, { href: "/admin/users", text: "People" }),
        csrfToken: reply.generateCsrf(),
        user: {
          ...user,
          state: stateTag(user, at),
          createdAt: when(user.createdAt),
          lastSignInAt: when(user.lastSignInAt) || "Never",
          emailVerifiedAt: when(user.emailVerifiedAt),
          locked: Boolean(user.lockedUntil && user.lockedUntil > at),
          disabled: Boolean(user.disabledAt),
          twoFactor: Boolean(user.totpEnabledAt),
        },
        self,
        grants: detail.grants.map((g) => ({
          description: g.description,
          role: g.role,
          label: ROLE_LABELS[g.role],
          scope: scopeRef(g.scope),
          grantedAt: when(g.grantedAt),
        })),
        identities: detail.identities.map((i) => ({ ...i, linkedAt: when(i.linkedAt) })),
        apiTokens: tokenRows(await ctx.apiTokens.listFor(request.actor, userId)),
        sessions: detail.sessions.map((s) => ({
          sid: s.sidHash,
          createdAt: when(s.createdAt),
          lastSeenAt: when(s.lastSeenAt),
          ip: s.ip ?? "",
          userAgent: s.userAgent ?? "",
        })),
        form: grantForm(admin.grantOptions(request.actor), await networks(), extra.values),
        errors: extra.errors ?? null,
        done: extra.done ? DONE[extra.done] : undefined,
      });
    }

    app.get("/admin/users/:userId", async (request, reply) => {
      const { userId } = param(userIdSchema, request.params, "person");
      const { done } = param(doneQuery, request.query, "page");
      return userPage(request, reply, userId, done ? { done } : {});
    });

    /**
     * A form on a person's page: on success back to the page with `?done=`; a problem the
     * person can fix (a wrong field, the last administrator) shown on the page itself.
     */
    const userAction = (
      path: string,
      done: string,
      act: (request: FastifyRequest, userId: number) => Promise<unknown>,
    ) =>
      app.post(path, async (request, reply) => {
        const { userId } = param(userIdSchema, request.params, "person");
        try {
          await act(request, userId);
        } catch (e) {
          if (!(e instanceof AppError) || !["input", "conflict", "usage"].includes(e.kind)) throw e;
          reply.code(e.kind === "conflict" ? 409 : 400);
          const errors =
            e instanceof InputError
              ? formErrors(e)
              : { summary: [{ text: e.message, href: "#main-content" }], fields: {} };
          const values = grantBody.safeParse(request.body);
          return userPage(request, reply, userId, {
            errors,
            ...(values.success ? { values: values.data } : {}),
          });
        }
        return reply.redirect(`/admin/users/${userId}?done=${done}`, 303);
      });

    userAction("/admin/users/:userId/grants", "granted", (request, userId) => {
      const body = param(grantBody, request.body, "role");
      return admin.grantFromForm(
        request.actor,
        userId,
        {
          role: body.role,
          ...(body.orgCode ? { orgCode: body.orgCode } : {}),
          ...(body.networkId ? { networkId: body.networkId } : {}),
        },
        originOf(request),
      );
    });
    userAction("/admin/users/:userId/grants/revoke", "revoked", (request, userId) => {
      const body = param(revokeBody, request.body, "role");
      return admin.revoke(request.actor, userId, grantOf(body.role, body.scope), originOf(request));
    });
    userAction("/admin/users/:userId/lock", "locked", (request, userId) =>
      admin.lock(request.actor, userId, originOf(request)),
    );
    userAction("/admin/users/:userId/unlock", "unlocked", (request, userId) =>
      admin.unlock(request.actor, userId, originOf(request)),
    );
    userAction("/admin/users/:userId/disable", "disabled", (request, userId) =>
      admin.disable(request.actor, userId, originOf(request)),
    );
    userAction("/admin/users/:userId/enable", "enabled", (request, userId) =>
      admin.enable(request.actor, userId, originOf(request)),
    );
    app.post("/admin/users/:userId/sessions/end", async (request, reply) => {
      const { userId } = param(userIdSchema, request.params, "person");
      const { sid } = param(endBody, request.body, "session");
      await admin.endSessions(request.actor, userId, sid, originOf(request));
      return reply.redirect(`/admin/users/${userId}?done=${sid ? "ended" : "ended-all"}`, 303);
    });

    app.post("/admin/users/:userId/api-tokens/:tokenId/revoke", async (request, reply) => {
      const { userId, tokenId } = param(userTokenSchema, request.params, "token");
      await ctx.apiTokens.revokeFor(request.actor, userId, tokenId, originOf(request));
      return reply.redirect(`/admin/users/${userId}?done=token-revoked`, 303);
    });

    async function invitationsPage(
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { errors?: FormErrors; values?: GrantFormValues & { email?: string }; done?: string },
    ) {
      const list = await admin.invitations(request.actor);
      const row = (i: (typeof list)[number]) => ({
        invitationId: i.invitationId,
        email: i.email,
        description: i.description,
        createdAt: when(i.createdAt),
        expiresAt: when(i.expiresAt),
        state: i.state,
      });
      return reply.render("admin/invitations.njk", {
        title: "Invitations",
        breadcrumbs: breadcrumbs(adminCrumb),
        csrfToken: reply.generateCsrf(),
        pending: list.filter((i) => i.state === "pending").map(row),
        past: list.filter((i) => i.state !== "pending").map(row),
        form: grantForm(admin.grantOptions(request.actor), await networks(), extra.values),
        email: extra.values?.email ?? "",
        errors: extra.errors ?? null,
        done: extra.done ? DONE[extra.done] : undefined,
      });
    }

    app.get("/admin/invitations", async (request, reply) => {
      const { done } = param(doneQuery, request.query, "page");
      return invitationsPage(request, reply, done ? { done } : {});
    });

    app.post("/admin/invitations", async (request, reply) => {
      const body = param(inviteBody, request.body, "invitation");
      try {
        await admin.invite(
          request.actor,
          {
            email: body.email,
            role: body.role,
            ...(body.orgCode ? { orgCode: body.orgCode } : {}),
            ...(body.networkId ? { networkId: body.networkId } : {}),
          },
          originOf(request),
        );
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        reply.code(400);
        return invitationsPage(request, reply, { errors: formErrors(e), values: body });
      }
      return reply.redirect("/admin/invitations?done=invited", 303);
    });

    app.post("/admin/invitations/:invitationId/revoke", async (request, reply) => {
      const { invitationId } = param(invitationIdSchema, request.params, "invitation");
      await admin.revokeInvitation(request.actor, invitationId, originOf(request));
      return reply.redirect("/admin/invitations?done=invitation-revoked", 303);
    });

    app.get("/admin/sessions", async (request, reply) => {
      const sessions = await admin.sessions(request.actor);
      return reply.render("admin/sessions.njk", {
        title: "Sessions",
        breadcrumbs: breadcrumbs(adminCrumb),
        sessions: sessions.map((s) => ({
          userId: s.userId,
          email: s.email,
          displayName: s.displayName,
          createdAt: when(s.createdAt),
          lastSeenAt: when(s.lastSeenAt),
          ip: s.ip ?? "",
          userAgent: s.userAgent ?? "",
        })),
      });
    });

    app.get("/admin/jobs", async (request, reply) => {
      const { queues, recent } = await ctx.jobs.overview(request.actor);
      return reply.render("admin/jobs.njk", {
        title: "Background jobs",
        breadcrumbs: breadcrumbs(adminCrumb),
        queues,
        jobs: recent.map((j) => ({
          ...j,
          createdAt: when(j.createdAt),
          startedAt: when(j.startedAt),
          completedAt: when(j.completedAt),
          startAfter: j.state === "retry" ? when(j.startAfter) : "",
        })),
      });
    });

    app.get("/admin/audit", async (request, reply) => {
      const raw = withoutBlanks(request.query);
      const parsed = auditFilterSchema.safeParse(raw);
      const filter = parsed.success ? parsed.data : {};
      const errors = parsed.success
        ? null
        : formErrors(
            new InputError(
              "Check the filters",
              parsed.error.issues.map((i) => ({ column: String(i.path[0]), reason: i.message })),
            ),
          );
      if (errors) reply.code(400);
      const page = await admin.auditLog(request.actor, filter);
      const query = auditQueryString(filter);
      return reply.render("admin/audit.njk", {
        title: "Audit log",
        breadcrumbs: breadcrumbs(adminCrumb),
        values: raw,
        errors,
        entries: page.entries.map((e) => ({
          ...e,
          at: when(e.at),
          actionLabel: auditActionLabel(e.action),
          details: auditDetailsText(e.details),
        })),
        older:
          page.older === null
            ? null
            : `/admin/audit?${query}${query ? "&" : ""}before=${page.older}`,
        csvHref: `/admin/audit.csv${query ? `?${query}` : ""}`,
        outcomes: [
          { value: "", text: "Any" },
          { value: "success", text: "Success" },
          { value: "failure", text: "Failure" },
          { value: "denied", text: "Denied" },
        ],
      });
    });

    app.get("/admin/audit.csv", async (request, reply) => {
      const filter = param(auditFilterSchema, withoutBlanks(request.query), "filter");
      const csv = await admin.exportAuditLog(request.actor, filter, originOf(request));
      const now = ctx.now();
      const day = now.toISOString().slice(0, 10);
      const provenance = provenanceLines({
        source: "Improvement Hub's audit log",
        period: `${filter.from ?? "the first entry"} to ${filter.to ?? day}`,
        dataVersion: NOT_METRIC_DATA,
        generatedAt: now,
      });
      return reply
        .type("text/csv; charset=utf-8")
        .header("Content-Disposition", `attachment; filename="audit-log-${day}.csv"`)
        .send(provenance + csv);
    });
  };
