/**
 * Content encoding: which of the encodings we hold a response in the browser accepts
 * (`Accept-Encoding`, with its q-values: `gzip;q=0` refuses gzip), or null for none (send it as
 * is). Responses that vary by it say so (`Vary: Accept-Encoding`).
 */
import { negotiate } from "@fastify/accept-negotiator";
import type { FastifyReply } from "fastify";

export type ContentEncoding = "br" | "gzip";

export function acceptedEncoding<E extends ContentEncoding>(
  reply: FastifyReply,
  offered: E[],
): E | null {
  reply.header("Vary", "Accept-Encoding");
  const accept = reply.request.headers["accept-encoding"];
  return accept ? negotiate(accept, offered) : null;
}
