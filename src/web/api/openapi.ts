/**
 * The OpenAPI 3.1 document, generated from the route registry: the same zod schemas that check
 * requests (and, in the tests, responses) become its parameters, bodies and component schemas
 * through zod 4's own `z.toJSONSchema` (JSON Schema draft 2020-12, the dialect OpenAPI 3.1
 * uses). Nothing here is written by hand but the prose: docs/decisions/0017-open-api.md.
 */
import { z } from "zod";
import type { ApiRoute } from "./registry.js";
import { components } from "./schemas.js";

type Json = Record<string, unknown>;

export const API_VERSION = "1.0.0";
export const API_PREFIX = "/api/v1";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** A JSON Schema without the keywords only a whole document carries. */
function bare(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function componentSchemas(): Record<string, Json> {
  const out = z.toJSONSchema(components, {
    target: "draft-2020-12",
    io: "output",
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(Object.entries(out.schemas).map(([id, s]) => [id, bare(s)]));
}

/** A request schema (input side: defaults optional), inline. */
function inputSchema(schema: z.ZodType): Json {
  return bare(z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as Json);
}

function parameters(schema: z.ZodObject | undefined, where: "path" | "query"): Json[] {
  if (!schema) return [];
  const object = inputSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (object.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function componentId(schema: z.ZodType, route: ApiRoute): string {
  const id = components.get(schema)?.id;
  if (!id) throw new Error(`${route.operationId}: its response schema is not a named component`);
  return id;
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

function operation(route: ApiRoute): Json {
  const ok: Json = { "application/json": { schema: ref(componentId(route.response, route)) } };
  if (route.csv) ok["text/csv"] = { schema: { type: "string" } };
  const query = route.csv
    ? [
        ...parameters(route.query, "query"),
        {
          name: "format",
          in: "query",
          required: false,
          description: "csv: the list as CSV (as `Accept: text/csv`); json (default).",
          schema: { type: "string", enum: ["json", "csv"] },
        },
      ]
    : parameters(route.query, "query");
  const responses: Json = {
    "200": { description: "OK", content: ok },
    "400": errorResponse("A parameter or the body is not valid; `details` names each."),
    "401": errorResponse("The bearer token is malformed, unknown or revoked."),
    "404": errorResponse("No such thing, or not one the caller may see."),
    "406": errorResponse("None of the formats in Accept can be given."),
    "429": errorResponse("Too many requests: try again after Retry-After seconds."),
    "500": errorResponse("A failure on the server's side."),
  };
  if (route.method === "GET") responses["304"] = { description: "Not modified (If-None-Match)." };
  if (route.body) responses["415"] = errorResponse("The body is not application/json.");
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    parameters: [...parameters(route.params, "path"), ...query],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: inputSchema(route.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** The whole document for these routes. */
export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "Improvement Hub API",
      version: API_VERSION,
      description:
        "Public NHS performance data and statistical process control. Anonymous for public data; a personal API token (Authorization: Bearer) gives its owner's permissions. See docs/api.md.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: API_PREFIX }],
    security: [{}, { bearerToken: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token." },
      },
    },
  };
}
