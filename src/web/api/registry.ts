/**
 * The route registry: each API endpoint declared once, with zod schemas for its path
 * parameters, query, body and response. The plugin (./plugin.ts) validates requests with them;
 * ./openapi.ts turns the SAME schemas into the OpenAPI document; the contract tests check each
 * response against that document. A route under /api/v1 that is not declared here fails a test.
 *
 * @example
 *   apiRoute({
 *     method: "GET", path: "/metrics/{metricId}", operationId: "getMetric",
 *     summary: "One metric's definition", tags: ["Metrics"],
 *     params: z.object({ metricId: z.string() }), response: metricSchema,
 *     handle: async ({ params }) => …,
 *   })
 */
import type { z } from "zod";
import type { CsvCell } from "../../metrics/csv.js";
import type { AppContext } from "../context.js";
import type { ApiCaller } from "./caller.js";

type AnyObject = z.ZodObject;

/** What a handler gets: the validated parts of the request, the services and the caller. */
export interface ApiRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: AppContext;
  caller: ApiCaller;
}

/** A list endpoint's CSV: the header and one row per item of `data`. */
export interface CsvShape<R> {
  head: readonly string[];
  rows: (response: R) => Iterable<readonly CsvCell[]>;
}

export interface ApiRouteSpec<
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: "GET" | "POST";
  /** OpenAPI style, under /api/v1: "/organisations/{orgCode}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Lists: also as CSV (`Accept: text/csv` or `?format=csv`). */
  csv?: CsvShape<z.output<R>>;
  /**
   * "data-version" (default): the answer changes only with an import, so its ETag is computed
   * before the work and the answer kept per data version. "content": it changes whenever people
   * write (guides, learning, proposals), so it is computed for every request and its ETag
   * includes a hash of the answer.
   */
  freshness?: Freshness;
  handle(request: ApiRequest<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

export type Freshness = "data-version" | "content";

/** A declared route, its types erased so routes of every shape sit in one list. */
export interface ApiRoute {
  method: "GET" | "POST";
  path: string;
  operationId: string;
  summary: string;
  description: string | undefined;
  tags: readonly string[];
  params: AnyObject | undefined;
  query: AnyObject | undefined;
  body: z.ZodType | undefined;
  response: z.ZodType;
  csv: CsvShape<unknown> | undefined;
  freshness: Freshness;
  handle(request: ApiRequest<unknown, unknown, unknown>): Promise<unknown>;
}

export function apiRoute<
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.ZodType,
  R extends z.ZodType,
>(spec: ApiRouteSpec<P, Q, B, R>): ApiRoute {
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    response: spec.response,
    csv: spec.csv as CsvShape<unknown> | undefined,
    freshness: spec.freshness ?? "data-version",
    handle: spec.handle as ApiRoute["handle"],
  };
}

/** "/organisations/{orgCode}" as Fastify writes it: "/organisations/:orgCode". */
export function fastifyPath(path: string): string {
  return path.replace(/\{([A-Za-z]+)\}/g, ":$1");
}
