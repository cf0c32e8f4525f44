/**
 * Security headers for every response. The Content-Security-Policy allows no inline script or
 * style except the NHS.UK page template's one-line script, allowed by its SHA-256 hash (computed
 * at start from a rendered page), so pages carry no per-request nonce and can be cached whole.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";

/** `'sha256-…'` sources for every inline `<script>` (no src) in a page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.add(
      `'sha256-${createHash("sha256")
        .update(m[1] ?? "")
        .digest("base64")}'`,
    );
  }
  return [...hashes];
}

export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(" ")}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers every response carries, whatever sent it (docs/accounts.md, "Hardening"). */
export function securityHeaders(
  scriptHashes: readonly string[],
  options: { production: boolean },
): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(scriptHashes),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    // Production is served over HTTPS: browsers are told to use nothing else, for a year.
    ...(options.production
      ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }
      : {}),
  };
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  headers: Record<string, string>,
): void {
  app.addHook("onSend", async (_request, reply) => {
    reply.headers(headers);
  });
}
