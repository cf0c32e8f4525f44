/**
 * `createApp(deps)`: the web application, with every side effect passed in (services, cache,
 * clock, logger) so tests build it against fake services and a fixed clock. ./compose.ts builds
 * it over a database.
 */
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import path from "node:path";
import { acceptedEncoding } from "./compression.js";
import type { AppContext, PageCache, Services } from "./context.js";
import {
  errorAnswer,
  pageNotFound,
  sendError,
  serviceProblem,
  signInRedirect,
} from "./error-pages.js";
import { clientScriptsDir, nhsukDistDir } from "./paths.js";
import { createRenderer, registerRender } from "./render.js";
import { compareRoutes } from "./pages/compare/compare.js";
import { dataRoutes } from "./pages/data/data.js";
import { devMailboxRoutes } from "./pages/dev-mailbox/dev-mailbox.js";
import { groupRoutes } from "./pages/group/group.js";
import { healthRoutes } from "./pages/health/health.js";
import { homeRoutes } from "./pages/home/home.js";
import { metricDetailRoutes } from "./pages/metric-detail/metric-detail.js";
import { metricNationalRoutes } from "./pages/metric-national/metric-national.js";
import { metricRoutes } from "./pages/metrics/metrics.js";
import { networkRoutes } from "./pages/networks/networks.js";
import { boardRoutes } from "./pages/organisation/board.js";
import { organisationRoutes } from "./pages/organisation/organisation.js";
import { peersRoutes } from "./pages/peers/peers.js";
import { organisationsRoutes } from "./pages/organisations/organisations.js";
import { searchRoutes } from "./pages/search/search.js";
import { accountRoutes } from "./pages/account/account.js";
import { recoveryRoutes } from "./pages/recovery/recovery.js";
import { signInRoutes } from "./pages/sign-in/sign-in.js";
import { inlineScriptHashes, registerSecurityHeaders } from "./security.js";
import { registerSessions, type SessionSettings } from "./session.js";
import { loadStylesheet } from "./styles.js";
import type { IdentityProvider } from "../accounts/identity-provider.js";
import type { SessionStore } from "../accounts/store.js";
import { ssoRoutes } from "./pages/sso/sso.js";
import { adminRoutes } from "./pages/admin/admin.js";
import { invitationRoutes } from "./pages/invitations/invitation.js";
import { createViews } from "./views.js";

export interface AppDeps {
  services: Services;
  /** Results per data version (a `DataVersionCache` in production). */
  cache: PageCache;
  /** A pino logger; none (silent) in tests. */
  logger?: FastifyBaseLogger;
  now?: () => Date;
  /**
   * Where sessions are kept and how long they last. Absent (tests of public pages over fake
   * services): no session is ever found, and saving one fails.
   */
  sessions?: { store: SessionStore; settings: SessionSettings };
  /** Behind a reverse proxy: believe X-Forwarded-For and X-Forwarded-Proto (secure cookies, IPs). */
  trustProxy?: boolean;
  /** Single sign-on: the OpenID Connect provider, and the site's external address for its callback. */
  sso?: { provider: IdentityProvider; publicUrl: string };
}

/** For apps built without a session store: nobody is signed in, and nobody can sign in. */
const noSessions: SessionStore = {
  session: async () => undefined,
  saveSession: () => Promise.reject(new Error("createApp: pass `sessions` to sign people in")),
  touchSession: async () => undefined,
  destroySession: async () => undefined,
  destroyUserSessions: async () => 0,
  userSessions: async () => [],
  activeSessions: async () => [],
  purgeExpiredSessions: async () => 0,
};

const testSessionSettings: SessionSettings = {
  secret: "tests-without-sessions-never-sign-anyone-in",
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  production: false,
};

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const ctx: AppContext = {
    ...deps.services,
    now: deps.now ?? (() => new Date()),
    cache: deps.cache,
  };
  const env = createViews();
  const stylesheet = await loadStylesheet();
  const cssHref = `/static/app.${stylesheet.hash}.css`;
  const renderer = createRenderer(env, {
    cssHref,
    synthetic: () => ctx.cache.get("synthetic", () => ctx.directory.isSynthetic()),
  });

  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Query strings and paths never need to be long; refuse abuse early.
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1_048_576,
    trustProxy: deps.trustProxy ?? false,
    return503OnClosing: true,
    // A malformed (%ZZ) or overlong web address: the site's error page, not Fastify's own JSON.
    frameworkErrors: (error, request, reply) => {
      void sendError(renderer, request, reply, errorAnswer(error) ?? serviceProblem);
    },
  });
  // The template's inline scripts are the same on every page: hash them once for the CSP.
  registerSecurityHeaders(
    app,
    inlineScriptHashes(
      env.render("error.njk", { title: "", message: "", cssHref, currentPath: "/" }),
    ),
  );
  registerRender(app, renderer, ctx.cache);

  // Compressed once at build (styles.ts), sent in the encoding the browser accepts.
  app.get(`/static/app.:hash.css`, async (_request, reply) => {
    reply
      .header("Cache-Control", "public, max-age=31536000, immutable")
      .type("text/css; charset=utf-8");
    const encoding = acceptedEncoding(reply, ["br", "gzip"]);
    if (encoding)
      return reply.header("Content-Encoding", encoding).send(stylesheet.encoded[encoding]);
    return reply.send(stylesheet.css);
  });
  await app.register(fastifyStatic, {
    root: path.join(nhsukDistDir, "nhsuk", "assets"),
    prefix: "/assets/",
    maxAge: "7d",
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: path.join(nhsukDistDir, "nhsuk"),
    prefix: "/static/nhsuk/",
    allowedPath: (pathName) => /^\/nhsuk-frontend\.min\.js(\.map)?$/.test(pathName),
    maxAge: "7d",
    decorateReply: false,
  });

  await app.register(fastifyStatic, {
    root: clientScriptsDir,
    prefix: "/static/js/",
    maxAge: "1h",
    decorateReply: false,
  });

  // Before the route plugins: Fastify plugins inherit the error handler set when they register.
  // Fastify's own errors (a body over bodyLimit, malformed JSON) come here too.
  app.setErrorHandler(async (error, request, reply) => {
    // A page for signed-in people, asked for by someone who is not: sign in, then come back.
    const signIn = signInRedirect(error, request);
    if (signIn) return reply.redirect(signIn, 303);
    const answer = errorAnswer(error);
    if (!answer) request.log.error({ err: error }, "request failed");
    return sendError(renderer, request, reply, answer ?? serviceProblem);
  });
  await app.register(healthRoutes(ctx));
  // Page routes, with sessions, CSRF protection and `request.actor`; static files and the
  // health check stay outside, so they never read a session.
  await app.register(async (pages) => {
    await registerSessions(pages, {
      store: deps.sessions?.store ?? noSessions,
      settings: deps.sessions?.settings ?? testSessionSettings,
      accounts: ctx.accounts,
      now: ctx.now,
    });
    await app.register(homeRoutes(ctx));
    await app.register(networkRoutes(ctx));
    await app.register(searchRoutes(ctx));
    await app.register(organisationsRoutes(ctx));
    await app.register(organisationRoutes(ctx));
    await app.register(boardRoutes(ctx));
    await app.register(peersRoutes(ctx));
    await app.register(metricDetailRoutes(ctx));
    await app.register(metricRoutes());
    await app.register(metricNationalRoutes(ctx));
    await app.register(groupRoutes(ctx));
    await app.register(dataRoutes(ctx));
    await app.register(compareRoutes(ctx));
    await app.register(
      signInRoutes(ctx, {
        sso: deps.sso ? { displayName: deps.sso.provider.displayName } : null,
      }),
    );
    await app.register(recoveryRoutes(ctx));
    await app.register(accountRoutes(ctx));
    await app.register(adminRoutes(ctx));
    await app.register(invitationRoutes(ctx));
    if (deps.sso) await app.register(ssoRoutes(ctx, deps.sso.provider, deps.sso.publicUrl));
    // Development only (no SMTP_URL, not production): otherwise no mailbox service, no route.
    if (ctx.mailbox) await app.register(devMailboxRoutes(ctx.mailbox));
  });

  app.setNotFoundHandler(async (request, reply) =>
    sendError(renderer, request, reply, pageNotFound),
  );
  return app;
}
