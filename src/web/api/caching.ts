/**
 * HTTP caching of API answers. The ETag is a hash of what decides the answer: the data version
 * (it moves with every import), the catalogue's version, the API's, the canonical request (method,
 * path, query parameters sorted, format) and whose permissions apply. An unchanged ETag in
 * `If-None-Match` gets 304 without the work. Anonymous answers may be cached by anyone for a
 * minute; answers to a token are the token owner's alone (`private, no-store`).
 *
 * @example etagOf({ dataVersion: "v7", …, path: "/api/v1/metrics", query: { limit: "2" } })
 *   // '"3f1c…"' (the same for ?limit=2 whatever order other parameters come in)
 */
import { createHash } from "node:crypto";

export interface CanonicalRequest {
  dataVersion: string;
  catalogueVersion: string;
  apiVersion: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  format: string;
  /** "public", or the token owner's user id. */
  audience: string;
}

export function etagOf(r: CanonicalRequest): string {
  const query = Object.keys(r.query)
    .sort()
    .map((k) => [k, r.query[k]]);
  const text = JSON.stringify([
    r.dataVersion,
    r.catalogueVersion,
    r.apiVersion,
    r.method,
    r.path,
    query,
    r.format,
    r.audience,
  ]);
  return `"${createHash("sha256").update(text).digest("base64url").slice(0, 32)}"`;
}

/** Whether an If-None-Match header names `etag` (weakly: W/ prefixes ignored, `*` matches any). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

export const PUBLIC_CACHE = "public, max-age=60";
export const PRIVATE_CACHE = "private, no-store";
