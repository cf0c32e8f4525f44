/**
 * `createApp(deps)`: the web application, with every side effect passed in (services, cache,
 * clock, logger) so tests build it against fake services and a fixed clock. ./compose.ts builds
 * it over a database.
 */
import fastifyStatic from "@fastify/static";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
} from "fastify";
import { STATUS_CODES } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
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
import { registerReadYourWrites, type RequestReads } from "./read-your-writes.js";
import { guideRoutes } from "./pages/guides/guides.js";
import { assessmentRoutes } from "./pages/assessments/assessments.js";
import { proposalRoutes } from "./pages/proposals/proposals.js";
import { guideFeedbackRoutes } from "./pages/guide-feedback/guide-feedback.js";
import { guideAuthoringRoutes } from "./pages/guide-authoring/authoring.js";
import { compareRoutes } from "./pages/compare/compare.js";
import { dataRoutes } from "./pages/data/data.js";
import { apiReferenceRoutes } from "./pages/api-reference/api-reference.js";
import { devMailboxRoutes } from "./pages/dev-mailbox/dev-mailbox.js";
import { groupRoutes } from "./pages/group/group.js";
import { healthRoutes } from "./pages/health/health.js";
import { homeRoutes } from "./pages/home/home.js";
import { metricDetailRoutes } from "./pages/metric-detail/metric-detail.js";
import { rebaseRoutes } from "./pages/metric-detail/rebases.js";
import { learningRoutes } from "./pages/learning/learning.js";
import { metricNationalRoutes } from "./pages/metric-national/metric-national.js";
import { metricRoutes } from "./pages/metrics/metrics.js";
import { eventRoutes } from "./pages/networks/events.js";
import { networkRoutes } from "./pages/networks/networks.js";
import { workspaceRoutes } from "./pages/networks/workspace.js";
import { followRoutes } from "./pages/follows/follows.js";
import { boardRoutes } from "./pages/organisation/board.js";
import { reportRoutes } from "./pages/reports/reports.js";
import { organisationRoutes } from "./pages/organisation/organisation.js";
import { peersRoutes } from "./pages/peers/peers.js";
import { organisationsRoutes } from "./pages/organisations/organisations.js";
import { searchRoutes } from "./pages/search/search.js";
import { accountRoutes } from "./pages/account/account.js";
import { apiTokenRoutes } from "./pages/account/api-tokens.js";
import { recoveryRoutes } from "./pages/recovery/recovery.js";
import { signInRoutes } from "./pages/sign-in/sign-in.js";
import { inlineScriptHashes, registerSecurityHeaders, securityHeaders } from "./security.js";
import { registerSessions, type SessionSettings } from "./session.js";
import { anonymousViewer } from "./render.js";
import { loadStylesheet } from "./styles.js";
import type { IdentityProvider } from "../accounts/identity-provider.js";
import type { SessionStore } from "../accounts/store.js";
import { ssoRoutes } from "./pages/sso/sso.js";
import { adminRoutes } from "./pages/admin/admin.js";
import { invitationRoutes } from "./pages/invitations/invitation.js";
import { createViews } from "./views.js";
import { apiPlugin, sendApiError, type ApiDeps } from "./api/plugin.js";
import { defaultApiRateLimits } from "./api/caller.js";
import { API_PREFIX } from "./api/openapi.js";

/** A route as registered: its method and URL pattern (`GET /org/:code`). */
export interface RouteEntry {
  method: string;
  url: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Every route registered, in order (HEAD routes Fastify adds for GET ones included): what
     * test/web/route-matrix.test.ts checks against its table.
     */
    routeList(): readonly RouteEntry[];
  }
}

/**
 * Limits on what a request may send (docs/accounts.md, "Hardening"). Bodies: the pages' forms
 * need a few kilobytes (the form parser's own limit is in session.ts); headers, cookies and the
 * request line together: Node's 16 KB; the web address (path and query): 4 KB; a path parameter:
 * 200 characters.
 */
export const LIMITS = {
  bodyBytes: 1_048_576,
  headerBytes: 16_384,
  urlLength: 4_096,
  paramLength: 200,
} as const;

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
  /**
   * More page routes, registered after the site's own inside the page scope (sessions, CSRF,
   * the form parser): tests of what every form route gets use it for a form of their own.
   */
  pageRoutes?: FastifyPluginAsync;
  /**
   * The open API's caller and rate limits (src/web/api). Default: no token is accepted, and
   * limits (src/config.ts's defaults) counted in this process's memory.
   */
  /** The API's callers, counts and limits; by default tokens and counts from the services. */
  api?: Partial<ApiDeps>;
  /** With a read replica: each request's reads, and read-your-writes markers (./read-your-writes.ts). */
  reads?: RequestReads;
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

  const production = deps.sessions?.settings.production ?? false;
  // The template's inline scripts are the same on every page: hash them once for the CSP.
  const scriptHashes = inlineScriptHashes(
    env.render("error.njk", { title: "", message: "", cssHref, currentPath: "/" }),
  );
  const headers = securityHeaders(scriptHashes, { production });
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Query strings and paths never need to be long; refuse abuse early.
    routerOptions: { maxParamLength: LIMITS.paramLength },
    bodyLimit: LIMITS.bodyBytes,
    http: { maxHeaderSize: LIMITS.headerBytes },
    // A request Node cannot parse (headers over the limit, a malformed request line) never
    // reaches Fastify's handlers: answer it with the site's error page and headers.
    clientErrorHandler: clientErrorAnswer(env, cssHref, headers),
    trustProxy: deps.trustProxy ?? false,
    return503OnClosing: true,
    // A malformed (%ZZ) or overlong web address: the site's error page, not Fastify's own JSON.
    // (Its reply skips the app's hooks, so the security headers are set here too.)
    frameworkErrors: (error, request, reply) => {
      reply.headers(headers);
      // Under the open API: its JSON error shape, never an HTML page.
      if (request.url.startsWith(`${API_PREFIX}/`)) return void sendApiError(reply, error);
      void sendError(renderer, request, reply, errorAnswer(error) ?? serviceProblem);
    },
  });
  const routes: RouteEntry[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.decorate("routeList", () => routes);
  // The site takes forms (session.ts registers their parser) and nothing else: a JSON or
  // plain-text body is refused with 415, not parsed. The API (issue 18) adds its own in its scope.
  app.removeContentTypeParser(["application/json", "text/plain"]);
  registerSecurityHeaders(app, headers);
  if (deps.reads) registerReadYourWrites(app, deps.reads, { production });
  // A web address longer than any the site makes (path and query): 414, before any work.
  // (A callback hook, not an async one: no promise per request for a comparison.)
  app.addHook("onRequest", (request, _reply, done) => {
    if (request.url.length <= LIMITS.urlLength) return done();
    done(Object.assign(new Error("URI too long"), { statusCode: 414, code: "HUB_URL_TOO_LONG" }));
  });
  registerRender(app, renderer, ctx.cache, (actor) => ctx.follows.unreadCount(actor));

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
  // The open API: its own scope, beside the pages' (no session, no CSRF), with its own JSON
  // parser, error and not-found handlers (src/web/api/plugin.ts).
  // Callers are personal API tokens' owners (src/accounts/api-tokens.ts) or anonymous; counts
  // are held in PostgreSQL (src/accounts/rate-limits.ts), so every web process shares them.
  await app.register(
    apiPlugin(ctx, {
      authenticator: ctx.apiTokens,
      rateLimiter: ctx.rateLimits,
      limits: defaultApiRateLimits,
      ...deps.api,
    }),
    { prefix: API_PREFIX },
  );
  // Page routes, with sessions, CSRF protection and `request.actor`; static files and the
  // health check stay outside, so they never read a session.
  const sessionSettings = deps.sessions?.settings ?? testSessionSettings;
  await app.register(async (pages) => {
    await registerSessions(pages, {
      store: deps.sessions?.store ?? noSessions,
      settings: sessionSettings,
      accounts: ctx.accounts,
      now: ctx.now,
    });
    await pages.register(homeRoutes(ctx));
    await pages.register(networkRoutes(ctx));
    await pages.register(workspaceRoutes(ctx));
    await pages.register(eventRoutes(ctx));
    await pages.register(searchRoutes(ctx));
    await pages.register(organisationsRoutes(ctx));
    await pages.register(organisationRoutes(ctx));
    await pages.register(boardRoutes(ctx));
    await pages.register(reportRoutes(ctx));
    await pages.register(peersRoutes(ctx));
    await pages.register(metricDetailRoutes(ctx));
    await pages.register(rebaseRoutes(ctx));
    await pages.register(metricRoutes());
    await pages.register(metricNationalRoutes(ctx));
    await pages.register(groupRoutes(ctx));
    await pages.register(dataRoutes(ctx));
    await pages.register(apiReferenceRoutes());
    await pages.register(compareRoutes(ctx));
    await pages.register(guideRoutes(ctx));
    await pages.register(assessmentRoutes(ctx));
    await pages.register(proposalRoutes(ctx));
    await pages.register(guideFeedbackRoutes(ctx));
    await pages.register(guideAuthoringRoutes(ctx));
    await pages.register(learningRoutes(ctx));
    await pages.register(followRoutes(ctx));
    await pages.register(
      signInRoutes(ctx, {
        sso: deps.sso ? { displayName: deps.sso.provider.displayName } : null,
      }),
    );
    await pages.register(recoveryRoutes(ctx));
    await pages.register(accountRoutes(ctx, { lifetime: sessionSettings }));
    await pages.register(apiTokenRoutes(ctx));
    await pages.register(adminRoutes(ctx));
    await pages.register(invitationRoutes(ctx));
    if (deps.sso) await pages.register(ssoRoutes(ctx, deps.sso.provider, deps.sso.publicUrl));
    // Development only (no SMTP_URL, not production): otherwise no mailbox service, no route.
    if (ctx.mailbox) await pages.register(devMailboxRoutes(ctx.mailbox));
    if (deps.pageRoutes) await pages.register(deps.pageRoutes);
  });

  app.setNotFoundHandler(async (request, reply) =>
    sendError(renderer, request, reply, pageNotFound),
  );
  return app;
}

/**
 * Fastify's `clientErrorHandler`: the site's error page, with every security header, for a
 * request Node refused before parsing it (431 for headers over `LIMITS.headerBytes`, else 400).
 */
function clientErrorAnswer(
  env: ReturnType<typeof createViews>,
  cssHref: string,
  headers: Record<string, string>,
): (error: Error & { code?: string }, socket: Duplex) => void {
  const page = (status: number, message: string) => {
    const body = Buffer.from(
      env.render("error.njk", {
        title: "There is a problem",
        message,
        cssHref,
        currentPath: "/",
        viewer: anonymousViewer,
      }),
    );
    const head = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      "Content-Type: text/html; charset=utf-8",
      `Content-Length: ${body.length}`,
      "Cache-Control: no-store",
      "Connection: close",
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ].join("\r\n");
    return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]);
  };
  const tooLarge = page(
    431,
    "The request sends too much with it. If this keeps happening, clear this site's cookies.",
  );
  const malformed = page(400, "The request could not be understood.");
  return (error, socket) => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    if (socket.writable) socket.write(error.code === "HPE_HEADER_OVERFLOW" ? tooLarge : malformed);
    socket.destroy();
  };
}
