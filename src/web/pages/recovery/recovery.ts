/**
 * `/forgot-password`, `/reset-password?token=` and `/verify-email?token=`: the links in emails.
 * A reset request always gets the same answer, whether or not the address has an account; a
 * link's token is checked only when the form is sent (a GET changes nothing, so link scanners in
 * mail systems cannot use it up).
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

/** A token as `newToken()` makes them: 256 bits, base64url. */
const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

const SENT =
  "If an account exists for that address, we have sent a link to reset its password. It works once and expires in an hour.";

const expiredLink = (reply: FastifyReply, what: "reset" | "verify") =>
  personal(reply.code(400)).render("recovery/link-expired.njk", {
    title: "This link has expired or has been used",
    what,
  });

export const recoveryRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const forgotPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      email: string,
      errors: FieldErrors = {},
    ) => {
      const notice = request.session.notice;
      if (notice) delete request.session.notice;
      return formPage(
        reply,
        "recovery/forgot-password.njk",
        { title: "Reset your password", email, notice },
        errors,
      );
    };

    app.get("/forgot-password", async (request, reply) => forgotPage(request, reply, ""));

    app.post("/forgot-password", async (request, reply) => {
      const { email } = formFields(request.body, ["email"]);
      if (!email.trim())
        return forgotPage(request, reply.code(400), "", { email: "Enter your email address" });
      await ctx.accounts.requestPasswordReset(email, originOf(request));
      request.session.notice = SENT;
      return reply.redirect("/forgot-password", 303);
    });

    const resetPage = (reply: FastifyReply, token: string, errors: FieldErrors = {}) =>
      formPage(
        reply,
        "recovery/reset-password.njk",
        { title: "Choose a new password", token },
        errors,
      );

    app.get("/reset-password", async (request, reply) => {
      const { token } = formFields(request.query, ["token"]);
      if (!looksLikeToken(token)) return expiredLink(reply, "reset");
      return resetPage(reply, token);
    });

    app.post("/reset-password", async (request, reply) => {
      const form = formFields(request.body, ["token", "password", "confirmPassword"]);
      if (!looksLikeToken(form.token)) return expiredLink(reply, "reset");
      if (form.password !== form.confirmPassword)
        return resetPage(reply.code(400), form.token, {
          confirmPassword: "Enter the same password twice",
        });
      let reset: boolean;
      try {
        reset = await ctx.accounts.resetPassword(form.token, form.password, originOf(request));
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        return resetPage(reply.code(400), form.token, errors);
      }
      if (!reset) return expiredLink(reply, "reset");
      // Every session of the account has ended, this one included if it was signed in.
      if (request.session.userId !== undefined) await request.session.regenerate();
      request.session.notice = "Your password has been changed. Sign in with your new password.";
      return reply.redirect("/sign-in", 303);
    });

    app.get("/verify-email", async (request, reply) => {
      const { token } = formFields(request.query, ["token"]);
      if (!looksLikeToken(token)) return expiredLink(reply, "verify");
      return personal(reply).render("recovery/verify-email.njk", {
        title: "Confirm your email address",
        token,
        csrf: reply.generateCsrf(),
      });
    });

    app.post("/verify-email", async (request, reply) => {
      const { token } = formFields(request.body, ["token"]);
      if (!looksLikeToken(token) || !(await ctx.accounts.verifyEmail(token, originOf(request))))
        return expiredLink(reply, "verify");
      if (request.actor.kind === "user") {
        request.session.notice = "Your email address is confirmed.";
        return reply.redirect("/account", 303);
      }
      request.session.notice = "Your email address is confirmed. You can now sign in.";
      return reply.redirect("/sign-in", 303);
    });
  };
