/**
 * The API reference page's model, read from the OpenAPI document (never written apart from it):
 * each operation with its parameters, body and answer schemas and an example curl command.
 *
 * @example referenceModel(doc, "https://hub.example").operations[0]
 *   // { method: "GET", path: "/api/v1/organisations", parameters: [{ name: "kind", … }],
 *   //   curl: "curl -H 'Accept: application/json' 'https://hub.example/api/v1/organisations'" }
 */
export interface ReferenceParameter {
  name: string;
  where: string;
  required: boolean;
  type: string;
  description: string;
}

export interface ReferenceOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: ReferenceParameter[];
  /** The request body's JSON Schema, pretty-printed; null when there is none. */
  body: string | null;
  /** The answer's component schema name ("OrganisationPage"). */
  response: string;
  csv: boolean;
  curl: string;
}

export interface ReferenceModel {
  title: string;
  version: string;
  description: string;
  operations: ReferenceOperation[];
  schemas: { name: string; description: string; json: string }[];
}

interface Doc {
  info: { title: string; version: string; description?: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema?: Record<string, unknown>;
  }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}

/** "string", "integer (1 to 1000)", "one of: acute_trust, …". */
function typeOf(schema: Record<string, unknown> | undefined): string {
  if (!schema) return "";
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.join(", ")}`;
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : String(schema.type ?? "");
  const range =
    schema.minimum !== undefined && schema.maximum !== undefined
      ? ` (${String(schema.minimum)} to ${String(schema.maximum)})`
      : "";
  const fallback =
    schema.default !== undefined ? `, default ${JSON.stringify(schema.default)}` : "";
  return `${type}${range}${fallback}`;
}

/** A shell-quoted example call. */
function curlFor(base: string, method: string, path: string, op: Operation): string {
  const query = (op.parameters ?? [])
    .filter((p) => p.in === "query" && p.required)
    .map((p) => `${p.name}=…`)
    .join("&");
  const url = `${base}${path}${query ? `?${query}` : ""}`;
  if (method === "POST")
    return `curl -X POST -H 'Content-Type: application/json' -d '{"points": [{"date": "2025-01-01", "value": 12}]}' '${url}'`;
  return `curl -H 'Accept: application/json' '${url}'`;
}

export function referenceModel(doc: Doc, origin: string): ReferenceModel {
  const prefix = doc.servers[0]?.url ?? "";
  const operations: ReferenceOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const ok = op.responses["200"]?.content ?? {};
      const ref = ok["application/json"]?.schema.$ref ?? "";
      const body = op.requestBody?.content["application/json"]?.schema;
      operations.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path: `${prefix}${path}`,
        summary: op.summary,
        description: op.description ?? "",
        tags: op.tags ?? [],
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          where: p.in,
          required: p.required ?? false,
          type: typeOf(p.schema),
          description: p.description ?? "",
        })),
        body: body === undefined ? null : JSON.stringify(body, null, 2),
        response: ref.replace("#/components/schemas/", ""),
        csv: "text/csv" in ok,
        curl: curlFor(origin, method.toUpperCase(), `${prefix}${path}`, op),
      });
    }
  }
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description ?? "",
    operations,
    schemas: Object.entries(doc.components.schemas).map(([name, schema]) => ({
      name,
      description: typeof schema.description === "string" ? schema.description : "",
      json: JSON.stringify(schema, null, 2),
    })),
  };
}
