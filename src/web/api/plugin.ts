/**
 * The API's Fastify plugin, registered at /api/v1 beside (never inside) the page scope: no
 * session cookie is read and no CSRF token asked for. It parses JSON bodies (the site refuses
 * them elsewhere), identifies the caller (a bearer token or the address), applies the rate limit,
 * validates every request with the registry's zod schemas and answers every failure, unknown
 * paths included, in the one error shape (./errors.ts). Never an HTML page.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { echoValue } from "../../errors.js";
import { catalogueVersion } from "../../metrics/catalogue/index.js";
import { toCsv } from "../../metrics/csv.js";
import type { AppContext } from "../context.js";
import { etagOf, matchesIfNoneMatch, PRIVATE_CACHE, PUBLIC_CACHE } from "./caching.js";
import {
  bearerToken,
  type ApiAuthenticator,
  type ApiCaller,
  type ApiRateLimiter,
  type ApiRateLimits,
} from "./caller.js";
import { apiErrorAnswer, ApiProblem, badRequest } from "./errors.js";
import { answerFormat } from "./negotiation.js";
import { API_VERSION } from "./openapi.js";
import { fastifyPath, type ApiRoute } from "./registry.js";
import { apiRoutes } from "./routes/index.js";

export interface ApiDeps {
  authenticator: ApiAuthenticator;
  rateLimiter: ApiRateLimiter;
  limits: ApiRateLimits;
  /** Check every response against its schema too (tests): a mismatch is a 500. */
  validateResponses?: boolean;
}

const JSON_TYPE = "application/json; charset=utf-8";
/** The query of a route that takes none: any parameter is refused. */
const emptyQuery = z.object({}).strict();

export function apiPlugin(ctx: AppContext, deps: ApiDeps): FastifyPluginAsync {
  return async (api) => {
    const callers = new WeakMap<FastifyRequest, ApiCaller>();
    registerJsonParser(api);

    api.addHook("onRequest", async (request, reply) => {
      reply.header("Vary", "Accept, Authorization");
      // A refused token counts against its address, so guessing tokens is rate limited too.
      const caller = await identify(request, deps.authenticator).catch(async (e: unknown) => {
        await takeOrRefuse(reply, deps, `ip:${request.ip}`, deps.limits.anonymous);
        throw e;
      });
      callers.set(request, caller);
      const key = caller.kind === "token" ? `token:${caller.tokenId}` : `ip:${caller.address}`;
      const limit = caller.kind === "token" ? deps.limits.token : deps.limits.anonymous;
      await takeOrRefuse(reply, deps, key, limit);
    });

    api.setErrorHandler(async (error, request, reply) => {
      if (apiErrorAnswer(error).bug) request.log.error({ err: error }, "API request failed");
      return sendApiError(reply, error);
    });
    api.setNotFoundHandler(async (request, reply) =>
      reply
        .code(404)
        .header("Cache-Control", "no-store")
        .type(JSON_TYPE)
        .send(
          JSON.stringify({
            error: {
              code: "not_found",
              message: `No such endpoint: ${request.method} ${echoValue(request.url.split("?")[0] ?? "")}. See /api/v1/openapi.json.`,
            },
          }),
        ),
    );

    for (const route of apiRoutes) {
      api.route({
        method: route.method,
        url: fastifyPath(route.path),
        handler: (request, reply) =>
          answer(route, request, reply, ctx, callers.get(request)!, deps),
      });
    }
  };
}

/** Takes one request from `key`'s allowance, with the RateLimit headers; a 429 when none is left. */
async function takeOrRefuse(
  reply: FastifyReply,
  deps: ApiDeps,
  key: string,
  limit: number,
): Promise<void> {
  const taken = await deps.rateLimiter.take(key, limit, deps.limits.windowSeconds);
  reply.headers({
    "RateLimit-Limit": String(taken.limit),
    "RateLimit-Remaining": String(taken.remaining),
    "RateLimit-Reset": String(taken.resetSeconds),
  });
  if (!taken.allowed) {
    throw new ApiProblem(
      429,
      "rate_limited",
      `Too many requests: at most ${taken.limit} every ${deps.limits.windowSeconds} seconds. Try again in ${taken.resetSeconds} seconds.`,
      undefined,
      { "Retry-After": String(taken.resetSeconds) },
    );
  }
}

/** Any error as the API's answer (./errors.ts): status, headers, the one JSON shape. */
export function sendApiError(reply: FastifyReply, error: unknown): FastifyReply {
  const answer = apiErrorAnswer(error);
  // An error is never cached, and its ETag (set before the handler failed) would say otherwise.
  reply.removeHeader("ETag");
  return reply
    .code(answer.status)
    .headers(answer.headers)
    .header("Cache-Control", "no-store")
    .type(JSON_TYPE)
    .send(JSON.stringify(answer.body));
}

/** JSON bodies, in this scope only; a malformed one is a 400 naming the body. */
function registerJsonParser(api: FastifyInstance): void {
  api.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, body === "" ? undefined : JSON.parse(body as string));
    } catch {
      done(new ApiProblem(400, "bad_request", "The body is not valid JSON."), undefined);
    }
  });
}

async function identify(
  request: FastifyRequest,
  authenticator: ApiAuthenticator,
): Promise<ApiCaller> {
  const token = bearerToken(request.headers.authorization);
  if (token === null) return { kind: "anonymous", address: request.ip };
  const unauthorized = new ApiProblem(
    401,
    "unauthorized",
    "The bearer token is malformed, unknown, expired or revoked.",
    undefined,
    { "WWW-Authenticate": 'Bearer realm="api"' },
  );
  if (token === false) throw unauthorized;
  const found = await authenticator.authenticate(token);
  if (!found) throw unauthorized;
  return { kind: "token", actor: found.actor, tokenId: found.tokenId };
}

function parsePart<T extends z.ZodType>(
  schema: T | undefined,
  input: unknown,
  where: "path" | "query" | "body",
): z.output<T> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (!result.success) throw badRequest(where, result.error, input);
  return result.data;
}

async function answer(
  route: ApiRoute,
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: AppContext,
  caller: ApiCaller,
  deps: ApiDeps,
): Promise<FastifyReply> {
  const rawQuery = { ...(request.query as Record<string, unknown>) };
  const format = answerFormat(request.headers.accept, rawQuery.format, route.csv !== undefined);
  if (route.csv) delete rawQuery.format;
  // Unknown query parameters are refused, so a misspelt filter is never silently ignored.
  const params = parsePart(route.params?.strict(), request.params, "path");
  const query = parsePart(route.query?.strict() ?? emptyQuery, rawQuery, "query");
  const body = route.method === "POST" ? parsePart(route.body, request.body, "body") : undefined;

  const render = async (): Promise<string> => {
    const result = await route.handle({ params, query, body, ctx, caller });
    if (deps.validateResponses) route.response.parse(result);
    return format === "csv" && route.csv
      ? toCsv(route.csv.head, route.csv.rows(result))
      : JSON.stringify(result);
  };

  let text: string;
  if (route.method === "GET") {
    const etagFor = (version: string) =>
      etagOf({
        dataVersion: version,
        catalogueVersion,
        apiVersion: API_VERSION,
        method: route.method,
        path: request.url.split("?")[0] ?? "",
        query: rawQuery,
        format,
        audience: caller.kind === "token" ? `user:${caller.actor.userId}` : "public",
      });
    reply.header("Cache-Control", caller.kind === "token" ? PRIVATE_CACHE : PUBLIC_CACHE);
    const dataVersion = await ctx.analytics.dataVersion();
    // A CSV list is a plain table for programs (decision 0019): its provenance is here instead.
    if (format === "csv") reply.header("X-Data-Version", dataVersion);
    if (route.freshness === "content") {
      // Written by people between imports: computed every time, the ETag naming the answer.
      text = await render();
      const etag = etagFor(`content:${createHash("sha256").update(text).digest("base64url")}`);
      reply.header("ETag", etag);
      if (matchesIfNoneMatch(request.headers["if-none-match"], etag)) return reply.code(304).send();
    } else {
      const etag = etagFor(dataVersion);
      reply.header("ETag", etag);
      if (matchesIfNoneMatch(request.headers["if-none-match"], etag)) return reply.code(304).send();
      // A GET's answer is kept per data version under its ETag, which names everything it
      // depends on (the request, the format and whose permissions apply), as the pages are kept.
      text = await ctx.cache.get(`api:${etag}`, render);
    }
  } else {
    reply.header("Cache-Control", "no-store");
    text = await render();
  }
  if (format === "csv" && route.csv)
    return reply
      .type("text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="${route.operationId}.csv"`)
      .send(text);
  return reply.type(JSON_TYPE).send(text);
}
