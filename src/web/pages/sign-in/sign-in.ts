/**
 * `/sign-in` (email and password), `/sign-in/second-factor` (a code from an authenticator app or
 * a recovery code) and `/sign-out`. The session id changes when sign-in completes, and between
 * the two steps the session holds only who passed the first (`pendingUserId`), for five minutes.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../context.js";
import {
  errorList,
  formFields,
  formPage,
  originOf,
  personal,
  type FieldErrors,
} from "../../forms.js";
import { safeReturnTo } from "../../../accounts/identity-provider.js";
import { beginSignedInSession } from "../../sign-in-session.js";

/** How long the second step may wait after the first. */
const PENDING_MS = 5 * 60_000;

/** The single sign-on button, when a provider is configured (its text: "Sign in with …"). */
export interface SsoButton {
  displayName: string;
}

export const signInRoutes =
  (ctx: AppContext, options: { sso?: SsoButton | null } = {}): FastifyPluginAsync =>
  async (app) => {
    const sso = options.sso ?? null;

    const signInPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      values: { email: string; returnTo: string | undefined },
      errors: FieldErrors = {},
      refusal?: string,
    ) => {
      const notice = request.session.notice;
      if (notice) delete request.session.notice;
      return personal(reply).render("sign-in/sign-in.njk", {
        title: "Sign in",
        email: values.email,
        returnTo: values.returnTo,
        errors,
        errorList: refusal ? [{ text: refusal, href: "#email" }] : errorList(errors),
        refusal,
        notice,
        sso,
        signedInAs: request.actor.kind === "user" ? request.actor.displayName : null,
        csrf: reply.generateCsrf(),
      });
    };

    async function finish(request: FastifyRequest, reply: FastifyReply, userId: number) {
      const returnTo = safeReturnTo(request.session.returnTo) ?? "/account";
      await beginSignedInSession(request, userId, ctx.now());
      return reply.redirect(returnTo, 303);
    }

    app.get("/sign-in", async (request, reply) => {
      const { returnTo } = formFields(request.query, ["returnTo"]);
      return signInPage(request, reply, { email: "", returnTo: safeReturnTo(returnTo) });
    });

    app.post("/sign-in", async (request, reply) => {
      const form = formFields(request.body, ["email", "password", "returnTo"]);
      const values = { email: form.email.trim(), returnTo: safeReturnTo(form.returnTo) };
      const errors: FieldErrors = {};
      if (!values.email) errors.email = "Enter your email address";
      if (!form.password) errors.password = "Enter your password";
      if (Object.keys(errors).length > 0)
        return signInPage(request, reply.code(400), values, errors);
      const result = await ctx.accounts.signIn(values.email, form.password, originOf(request));
      if (result.outcome === "refused")
        return signInPage(request, reply.code(400), values, {}, result.message);
      if (values.returnTo) request.session.returnTo = values.returnTo;
      else delete request.session.returnTo;
      if (result.outcome === "second_factor") {
        // Not signed in yet: a new id now too, and only who passed the first step.
        const returnTo = request.session.returnTo;
        await request.session.regenerate();
        request.session.pendingUserId = result.userId;
        request.session.pendingAt = ctx.now().getTime();
        if (returnTo) request.session.returnTo = returnTo;
        return reply.redirect("/sign-in/second-factor", 303);
      }
      return finish(request, reply, result.userId);
    });

    const pendingUser = (request: FastifyRequest): number | undefined => {
      const { pendingUserId, pendingAt } = request.session;
      if (pendingUserId === undefined || pendingAt === undefined) return undefined;
      if (ctx.now().getTime() - pendingAt > PENDING_MS) return undefined;
      return pendingUserId;
    };

    const secondFactorPage = (reply: FastifyReply, errors: FieldErrors = {}) =>
      formPage(reply, "sign-in/second-factor.njk", { title: "Enter your security code" }, errors);

    app.get("/sign-in/second-factor", async (request, reply) => {
      if (pendingUser(request) === undefined) return reply.redirect("/sign-in", 303);
      return secondFactorPage(reply);
    });

    app.post("/sign-in/second-factor", async (request, reply) => {
      const userId = pendingUser(request);
      if (userId === undefined) {
        request.session.notice = "Your sign-in took too long. Sign in again.";
        return reply.redirect("/sign-in", 303);
      }
      const { code } = formFields(request.body, ["code"]);
      if (!code.trim())
        return secondFactorPage(reply.code(400), {
          code: "Enter the code from your authenticator app, or a recovery code",
        });
      const result = await ctx.accounts.completeSecondFactor(userId, code, originOf(request));
      if (result.outcome === "refused")
        return secondFactorPage(reply.code(400), { code: result.message });
      return finish(request, reply, userId);
    });

    app.get("/sign-out", async (request, reply) => {
      if (request.actor.kind !== "user") return reply.redirect("/", 303);
      return personal(reply).render("sign-in/sign-out.njk", {
        title: "Sign out",
        csrf: reply.generateCsrf(),
      });
    });

    app.post("/sign-out", async (request, reply) => {
      await ctx.accounts.signOut(request.actor, originOf(request));
      await request.session.destroy();
      return reply.redirect("/", 303);
    });
  };
