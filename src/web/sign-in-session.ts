/**
 * Turning a session into a signed-in one. Always a new session id (`regenerate`): an id a
 * visitor held before signing in, perhaps planted by someone else, never becomes a signed-in
 * one (session fixation).
 */
import type { FastifyRequest } from "fastify";

export async function beginSignedInSession(
  request: FastifyRequest,
  userId: number,
  now: Date,
): Promise<void> {
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.signedInAt = now.getTime();
  request.session.ip = request.ip;
  request.session.userAgent = request.headers["user-agent"]?.slice(0, 200);
}
