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

export function registerSecurityHeaders(
  app: FastifyInstance,
  scriptHashes: readonly string[],
): void {
  const csp = contentSecurityPolicy(scriptHashes);
  app.addHook("onSend", async (_request, reply) => {
    reply.header("Content-Security-Policy", csp);
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "same-origin");
    reply.header("X-Frame-Options", "DENY");
    reply.header("Cross-Origin-Opener-Policy", "same-origin");
    reply.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  });
}
