/**
 * A signed-in person's own account: `/account` (an overview), `/account/name`,
 * `/account/password`, `/account/two-factor` (set up, confirm, new recovery codes, turn off) and
 * `/account/sessions`. Every page is for one person: rendered per request, never cached. The
 * service refuses anyone not signed in (`SignInRequiredError`), which the app's error handler
 * turns into a trip to the sign-in page and back.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../context.js";
import {
  fieldErrorsOf,
  formFields,
  formPage,
  originOf,
  personal,
  type FieldErrors,
} from "../../forms.js";
import * as links from "../../links.js";
import { beginSignedInSession } from "../../sign-in-session.js";
import { describeDuration, sessionRows } from "./account-model.js";
import type { SessionSettings } from "../../session.js";

const breadcrumbs = [
  { text: "Home", href: "/" },
  { text: "Your account", href: links.account() },
];

/** Runs `change`; its field errors (an InputError's problems) are shown on `page`, else thrown. */
async function withFieldErrors(
  change: () => Promise<FastifyReply>,
  page: (errors: FieldErrors) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await change();
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    return page(errors);
  }
}

export const accountRoutes =
  (
    ctx: AppContext,
    options: { lifetime: Pick<SessionSettings, "idleMs" | "absoluteMs"> },
  ): FastifyPluginAsync =>
  async (app) => {
    const takeNotice = (request: FastifyRequest) => {
      const notice = request.session.notice;
      if (notice) delete request.session.notice;
      return notice;
    };
    const done = (request: FastifyRequest, reply: FastifyReply, notice: string, to: string) => {
      request.session.notice = notice;
      return reply.redirect(to, 303);
    };

    app.get("/account", async (request, reply) => {
      const account = await ctx.accounts.account(request.actor);
      return personal(reply).render("account/account.njk", {
        title: "Your account",
        breadcrumbs: [{ text: "Home", href: "/" }],
        account,
        notice: takeNotice(request),
        csrf: reply.generateCsrf(),
      });
    });

    app.post("/account/verify-email", async (request, reply) => {
      await ctx.accounts.sendVerificationEmail(request.actor, originOf(request));
      const account = await ctx.accounts.account(request.actor);
      return done(
        request,
        reply,
        `We have sent a link to ${account.email}. Open it to confirm your address.`,
        links.account(),
      );
    });

    // Name
    const namePage = (reply: FastifyReply, displayName: string, errors: FieldErrors = {}) =>
      formPage(
        reply,
        "account/name.njk",
        { title: "Change your name", breadcrumbs, displayName },
        errors,
      );
    app.get("/account/name", async (request, reply) => {
      const account = await ctx.accounts.account(request.actor);
      return namePage(reply, account.displayName);
    });
    app.post("/account/name", async (request, reply) => {
      const { displayName } = formFields(request.body, ["displayName"]);
      return withFieldErrors(
        async () => {
          await ctx.accounts.changeDisplayName(request.actor, displayName, originOf(request));
          return done(request, reply, "Your name has been changed.", links.account());
        },
        (errors) => namePage(reply.code(400), displayName, errors),
      );
    });

    /**
     * A form whose page changes with whether the person has a password (one signed up with
     * single sign-on may have none): what it asks, and its title.
     */
    const pageByPassword =
      (view: string, title: (hasPassword: boolean) => string) =>
      async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}) => {
        const { hasPassword } = await ctx.accounts.account(request.actor);
        return formPage(
          reply,
          view,
          { title: title(hasPassword), breadcrumbs, hasPassword },
          errors,
        );
      };

    // Password
    const passwordPage = pageByPassword("account/password.njk", (hasPassword) =>
      hasPassword ? "Change your password" : "Set a password",
    );
    app.get("/account/password", async (request, reply) => passwordPage(request, reply));
    app.post("/account/password", async (request, reply) => {
      const form = formFields(request.body, ["currentPassword", "newPassword", "confirmPassword"]);
      if (form.newPassword !== form.confirmPassword)
        return passwordPage(request, reply.code(400), {
          confirmPassword: "Enter the same new password twice",
        });
      return withFieldErrors(
        async () => {
          await ctx.accounts.changePassword(
            request.actor,
            { ...form, currentSessionId: request.session.sessionId },
            originOf(request),
          );
          // Credentials changed: a new session id too, signed in since the same time.
          const { userId, signedInAt } = request.session;
          await beginSignedInSession(request, userId!, new Date(signedInAt ?? ctx.now().getTime()));
          return done(
            request,
            reply,
            "Your password has been changed. Your other sessions have been signed out.",
            links.account(),
          );
        },
        (errors) => passwordPage(request, reply.code(400), errors),
      );
    });

    // Two-factor authentication
    app.get("/account/two-factor", async (request, reply) => {
      const account = await ctx.accounts.account(request.actor);
      return personal(reply).render("account/two-factor.njk", {
        title: "Two-factor authentication",
        breadcrumbs,
        account,
        notice: takeNotice(request),
        csrf: reply.generateCsrf(),
      });
    });

    const setupPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      errors: FieldErrors = {},
    ) => {
      const setup =
        (await ctx.accounts.pendingTotpSetup(request.actor)) ??
        (await ctx.accounts.beginTotpSetup(request.actor));
      return formPage(
        reply,
        "account/two-factor-setup.njk",
        { title: "Set up two-factor authentication", breadcrumbs, setup },
        errors,
      );
    };
    app.get("/account/two-factor/setup", async (request, reply) => {
      const account = await ctx.accounts.account(request.actor);
      if (account.totpEnabled) return reply.redirect(links.account("two-factor"), 303);
      return setupPage(request, reply);
    });
    app.post("/account/two-factor/setup", async (request, reply) => {
      const { code } = formFields(request.body, ["code"]);
      return withFieldErrors(
        async () => {
          const codes = await ctx.accounts.confirmTotp(request.actor, code, originOf(request));
          return recoveryCodesPage(reply, codes, true);
        },
        (errors) => setupPage(request, reply.code(400), errors),
      );
    });

    // Recovery codes are shown once, in the answer to the form that made them (kept nowhere
    // but their digests, so not carried through a redirect in the session).
    const recoveryCodesPage = (reply: FastifyReply, codes: string[], justEnabled: boolean) =>
      personal(reply).render("account/recovery-codes.njk", {
        title: "Your recovery codes",
        breadcrumbs,
        codes,
        justEnabled,
      });
    app.post("/account/two-factor/recovery-codes", async (request, reply) => {
      const codes = await ctx.accounts.regenerateRecoveryCodes(request.actor, originOf(request));
      return recoveryCodesPage(reply, codes, false);
    });

    const disablePage = pageByPassword(
      "account/two-factor-disable.njk",
      () => "Turn off two-factor authentication",
    );
    app.get("/account/two-factor/disable", async (request, reply) => disablePage(request, reply));
    app.post("/account/two-factor/disable", async (request, reply) => {
      const { proof } = formFields(request.body, ["proof"]);
      return withFieldErrors(
        async () => {
          await ctx.accounts.disableTotp(request.actor, proof, originOf(request));
          return done(
            request,
            reply,
            "Two-factor authentication is off.",
            links.account("two-factor"),
          );
        },
        (errors) => disablePage(request, reply.code(400), errors),
      );
    });

    // Sessions
    app.get("/account/sessions", async (request, reply) => {
      const sessions = await ctx.accounts.sessions(request.actor, request.session.sessionId);
      return personal(reply).render("account/sessions.njk", {
        title: "Your sessions",
        breadcrumbs,
        sessions: sessionRows(sessions),
        idle: describeDuration(options.lifetime.idleMs),
        absolute: describeDuration(options.lifetime.absoluteMs),
        others: sessions.filter((s) => !s.current).length,
        notice: takeNotice(request),
        csrf: reply.generateCsrf(),
      });
    });
    app.post("/account/sessions/end-others", async (request, reply) => {
      const ended = await ctx.accounts.endOtherSessions(
        request.actor,
        request.session.sessionId,
        originOf(request),
      );
      return done(
        request,
        reply,
        ended === 1
          ? "1 other session has been signed out."
          : `${ended} other sessions have been signed out.`,
        links.account("sessions"),
      );
    });
  };
