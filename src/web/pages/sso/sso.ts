/**
 * Single sign-on with the configured OpenID Connect provider (src/adapters/oidc.ts):
 * `POST /sign-in/sso` starts it (the attempt's state, nonce and PKCE verifier kept in the
 * session), the provider sends the browser back to `GET /sign-in/sso/callback`, and the identity
 * it proves opens an account (src/accounts/single-sign-on.ts). Registered only when OIDC is
 * configured.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import {
  safeReturnTo,
  type IdentityProvider,
  type SignInAttempt,
} from "../../../accounts/identity-provider.js";
import { UsageError } from "../../../errors.js";
import type { AppContext } from "../../context.js";
import { param } from "../../present.js";
import { beginSignedInSession } from "../../sign-in-session.js";

declare module "fastify" {
  interface Session {
    /** A single sign-on under way: what the callback must match. */
    sso?: SignInAttempt & { startedAt: number };
  }
}

/** A sign-in at the provider should take minutes, not hours. */
const ATTEMPT_MS = 10 * 60_000;

const startSchema = z.object({ returnTo: z.string().max(500).optional(), _csrf: z.string() });

export const ssoRoutes =
  (ctx: AppContext, provider: IdentityProvider, publicUrl: string): FastifyPluginAsync =>
  async (app) => {
    app.post("/sign-in/sso", async (request, reply) => {
      const { returnTo } = param(startSchema, request.body, "sign-in");
      const { url, attempt } = await provider.start(safeReturnTo(returnTo) ?? "/");
      request.session.sso = { ...attempt, startedAt: ctx.now().getTime() };
      return reply.redirect(url, 303);
    });

    app.get("/sign-in/sso/callback", async (request, reply) => {
      const attempt = request.session.sso;
      request.session.sso = undefined;
      if (!attempt || ctx.now().getTime() - attempt.startedAt > ATTEMPT_MS)
        throw new UsageError(
          "This sign-in has expired or was started in another browser. Go to the sign-in page and try again.",
        );
      const callbackUrl = new URL(request.url, publicUrl);
      const identity = await provider.finish(callbackUrl, attempt);
      const result = await ctx.singleSignOn.signInWithIdentity(identity, { ip: request.ip });
      if (result.outcome === "signed_in") {
        await beginSignedInSession(request, result.userId, ctx.now());
        return reply.redirect(safeReturnTo(attempt.returnTo) ?? "/", 303);
      }
      reply.code(403).header("Cache-Control", "private, no-store");
      return reply.render("sso/no-account.njk", {
        title:
          result.outcome === "disabled" ? "Your account is disabled" : "You do not have an account",
        disabled: result.outcome === "disabled",
        email: result.outcome === "no_account" ? result.email : null,
        providerName: provider.displayName,
      });
    });
  };
