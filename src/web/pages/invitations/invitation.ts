/**
 * Sign-up by invitation (src/accounts/invitations.ts): `GET /invitations/:token` says who invited
 * the person to what, in plain words. A new person sets their name and password and is signed in
 * (a new session id); someone with an account is sent to sign in first, then accepts with one
 * button (the session id rotates again, as for any change of privilege). Used, withdrawn and
 * expired invitations say so. The token is in the path: the site's Referrer-Policy (same-origin)
 * keeps it from other sites.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { INVITATION_GONE, type InvitationView } from "../../../accounts/invitations.js";
import { MIN_PASSWORD_LENGTH } from "../../../accounts/passwords.js";
import { InputError } from "../../../errors.js";
import type { AppContext } from "../../context.js";
import { longDateTime, param } from "../../present.js";
import { beginSignedInSession } from "../../sign-in-session.js";
import { formErrors, originOf, privatePage, type FormErrors } from "../admin/present.js";

const tokenParams = z.object({ token: z.string().max(100) });
const acceptBody = z.object({
  displayName: z.string().max(300).optional(),
  password: z.string().max(1000).optional(),
  confirmPassword: z.string().max(1000).optional(),
});

export const invitationRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const admin = ctx.administration;

    app.addHook("onRequest", async (request, reply) => {
      if (request.url.startsWith("/invitations/")) privatePage(reply);
    });

    async function page(
      request: FastifyRequest,
      reply: FastifyReply,
      token: string,
      view: InvitationView,
      extra: { errors?: FormErrors; displayName?: string } = {},
    ) {
      const actor = request.actor;
      const signedIn = actor.kind === "user";
      if (view.state !== "pending") {
        reply.code(410);
        return reply.render("invitations/gone.njk", {
          title: "This invitation cannot be used",
          message: INVITATION_GONE[view.state],
        });
      }
      const path = `/invitations/${token}`;
      if (!signedIn && view.accountExists)
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(path)}`, 303);
      const wrongAccount =
        signedIn && actor.email.toLowerCase() !== view.email.toLowerCase() ? actor.email : null;
      if (wrongAccount) reply.code(403);
      return reply.render("invitations/invitation.njk", {
        title: signedIn ? "Accept your invitation" : "Create your account",
        view,
        expires: longDateTime(view.expiresAt),
        path,
        signedIn,
        wrongAccount,
        csrfToken: reply.generateCsrf(),
        minPassword: MIN_PASSWORD_LENGTH,
        errors: extra.errors ?? null,
        displayName: extra.displayName ?? "",
      });
    }

    // A static route: Fastify prefers it to "/invitations/:token" (and it is no token's shape).
    app.get("/invitations/accepted", async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== "user") return reply.redirect("/sign-in", 303);
      const roles = await admin.describeGrants(actor.grants);
      return reply.render("invitations/accepted.njk", {
        title: "Invitation accepted",
        name: actor.displayName,
        roles,
        canInvite: admin.grantOptions(actor).length > 0,
      });
    });

    app.get("/invitations/:token", async (request, reply) => {
      const { token } = param(tokenParams, request.params, "invitation link");
      return page(request, reply, token, await admin.invitationByToken(token));
    });

    app.post("/invitations/:token", async (request, reply) => {
      const { token } = param(tokenParams, request.params, "invitation link");
      const body = param(acceptBody, request.body, "form");
      const view = await admin.invitationByToken(token);
      if (view.state !== "pending") return page(request, reply, token, view);
      const actor = request.actor;
      if (actor.kind === "user") {
        await admin.acceptAsUser(actor, token, originOf(request));
        // A change of privilege: a new session id, the same person and sign-in time.
        const { userId, signedInAt, ip, userAgent } = request.session;
        await request.session.regenerate();
        request.session.userId = userId;
        request.session.signedInAt = signedInAt;
        request.session.ip = ip;
        request.session.userAgent = userAgent;
        return reply.redirect("/invitations/accepted", 303);
      }
      if (view.accountExists) return page(request, reply, token, view);
      try {
        const userId = await admin.acceptAsNewUser(
          token,
          {
            displayName: body.displayName ?? "",
            password: body.password ?? "",
            confirmPassword: body.confirmPassword ?? "",
          },
          originOf(request),
        );
        await beginSignedInSession(request, userId, ctx.now());
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        reply.code(400);
        return page(request, reply, token, view, {
          errors: formErrors(e),
          displayName: body.displayName ?? "",
        });
      }
      return reply.redirect("/invitations/accepted", 303);
    });
  };
