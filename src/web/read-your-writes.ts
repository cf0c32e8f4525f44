/**
 * Read-your-writes with a read replica (src/storage/replica.ts routes the reads; this file only
 * carries each request to it): every request's handler runs inside the router's context for that
 * request, and a request that may have written leaves its browser a marker cookie (the primary's
 * WAL position after it), so that the same person's next pages read from the primary until the
 * replica has replayed past it or the window has passed.
 */
import type { FastifyInstance } from "fastify";

/** What the web needs of the read router (src/storage/replica.ts `ReadRouter`). */
export interface RequestReads {
  windowMs: number;
  enter(info: { method: string; marker: string | undefined }, fn: () => void): void;
  writes(method: string): boolean;
  afterWrite(): Promise<string>;
}

/** The marker's cookie: `__Host-` in production, as the session's (./session.ts). */
function cookieName(production: boolean): string {
  return production ? "__Host-hub_reads" : "hub_reads";
}

/** A cookie's value in a Cookie header, or undefined. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/**
 * Registers the hooks on the root instance, before any route scope, so that every route's
 * handler (and every hook after the form parser) runs in its request's read context. The context
 * is entered at `preHandler`: a form body is read from the socket, whose callbacks would lose a
 * context entered earlier.
 */
export function registerReadYourWrites(
  app: FastifyInstance,
  reads: RequestReads,
  options: { production: boolean },
): void {
  const name = cookieName(options.production);
  app.addHook("preHandler", (request, _reply, done) => {
    reads.enter(
      {
        method: request.method,
        marker: cookieValue(request.headers.cookie, name),
      },
      done,
    );
  });
  app.addHook("onSend", async (request, reply) => {
    if (!reads.writes(request.method)) return;
    // Without the primary's position (the primary failing now) the answer goes without a marker.
    const marker = await reads.afterWrite().catch((e: unknown) => {
      request.log.warn({ err: e }, "read-your-writes marker not set");
      return undefined;
    });
    if (marker === undefined) return;
    const attributes = [
      `Max-Age=${Math.ceil(reads.windowMs / 1000)}`,
      "Path=/",
      "HttpOnly",
      "SameSite=Lax",
      ...(options.production ? ["Secure"] : []),
    ];
    reply.header("set-cookie", `${name}=${marker}; ${attributes.join("; ")}`);
  });
}
