/**
 * `createApp(deps)`: the web application, with every side effect passed in (database, clock,
 * logger) so tests build it against a test database and a fixed clock.
 */
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import path from "node:path";
import { AppError } from "../errors.js";
import type pg from "pg";
import { createAnalyticsService, type AnalyticsService } from "../metrics/service.js";
import { createAnalyticsStore } from "../storage/analytics-store.js";
import type { Db } from "../storage/schema.js";
import { readDataVersion } from "../storage/data-version.js";
import { DataVersionCache } from "./cache.js";
import { clientScriptsDir, nhsukDistDir } from "./paths.js";
import { createRenderer, registerRender } from "./render.js";
import { healthRoutes } from "./routes/health.js";
import { homeRoutes } from "./routes/home.js";
import { dataRoutes } from "./routes/data.js";
import { groupRoutes } from "./routes/groups.js";
import { metricRoutes } from "./routes/metrics.js";
import { networkRoutes } from "./routes/networks.js";
import { organisationRoutes } from "./routes/organisations.js";
import { searchRoutes } from "./routes/search.js";
import { inlineScriptHashes, registerSecurityHeaders } from "./security.js";
import { loadStylesheet } from "./styles.js";
import { createViews } from "./views.js";

export interface AppDeps {
  db: Db;
  /** The pool behind `db`, for the analytics store's bulk reads (required unless `analytics` is given). */
  pool?: pg.Pool;
  /** The analytics service; default: one over a PostgreSQL store on `db` and `pool`. */
  analytics?: AnalyticsService;
  /** A pino logger; none (silent) in tests. */
  logger?: FastifyBaseLogger;
  now?: () => Date;
}

export interface AppContext {
  db: Db;
  analytics: AnalyticsService;
  now: () => Date;
  cache: DataVersionCache;
}

const statusByKind: Record<AppError["kind"], number> = {
  usage: 400,
  input: 400,
  not_found: 404,
  conflict: 409,
};

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Query strings and paths never need to be long; refuse abuse early.
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1_048_576,
    return503OnClosing: true,
  });
  const analytics =
    deps.analytics ??
    (deps.pool
      ? createAnalyticsService(createAnalyticsStore({ db: deps.db, pool: deps.pool }))
      : missingAnalytics());
  const ctx: AppContext = {
    db: deps.db,
    analytics,
    now: deps.now ?? (() => new Date()),
    // Pages follow the analytics engine's data version (the one in storage/data-version.ts, as
    // the engine last read it), so none is cached under a version newer than its analytics.
    cache: new DataVersionCache(
      deps.analytics || deps.pool ? () => analytics.dataVersion() : () => readDataVersion(deps.db),
    ),
  };
  const env = createViews();
  const stylesheet = await loadStylesheet();
  const cssHref = `/static/app.${stylesheet.hash}.css`;

  const renderer = createRenderer(env, {
    cssHref,
    synthetic: () =>
      ctx.cache.get("synthetic", async () => {
        const row = await deps.db
          .selectFrom("organisations")
          .select("org_code")
          .where("synthetic", "=", true)
          .limit(1)
          .executeTakeFirst();
        return row !== undefined;
      }),
  });
  // The template's inline scripts are the same on every page: hash them once for the CSP.
  registerSecurityHeaders(
    app,
    inlineScriptHashes(
      env.render("error.njk", { title: "", message: "", cssHref, currentPath: "/" }),
    ),
  );
  registerRender(app, renderer, ctx.cache);

  app.get(`/static/app.:hash.css`, async (_request, reply) => {
    reply
      .header("Cache-Control", "public, max-age=31536000, immutable")
      .type("text/css; charset=utf-8")
      .send(stylesheet.css);
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
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      reply.code(statusByKind[error.kind]).render("error.njk", {
        title: error.kind === "not_found" ? "Page not found" : "There is a problem",
        message: error.message,
      });
      return;
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      reply.code(status).render("error.njk", {
        title: "There is a problem",
        message: "The request could not be understood.",
      });
      return;
    }
    request.log.error({ err: error }, "request failed");
    reply.code(500).render("error.njk", {
      title: "Sorry, there is a problem with the service",
      message: "Try again later.",
    });
  });
  await app.register(healthRoutes(ctx));
  await app.register(homeRoutes(ctx));
  await app.register(networkRoutes(ctx));
  await app.register(searchRoutes(ctx));
  await app.register(organisationRoutes(ctx));
  await app.register(metricRoutes(ctx));
  await app.register(groupRoutes(ctx));
  await app.register(dataRoutes(ctx));

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).render("error.njk", {
      title: "Page not found",
      message:
        "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.",
    });
  });
  return app;
}

/** A service whose every call fails: for apps built without a pool (tests of static pages). */
function missingAnalytics(): AnalyticsService {
  const fail = () =>
    Promise.reject(new Error("createApp: pass `pool` or `analytics` to use analytics pages"));
  return {
    compare: fail,
    funnel: fail,
    opportunities: fail,
    recommendedPeers: fail,
    organisationDashboard: fail,
    metricDetail: fail,
    metricNational: fail,
    precomputeAll: fail,
    dataVersion: fail,
  };
}
