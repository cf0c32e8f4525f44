/** The path parameters of the network workspace pages, checked (a bad one is a 400). */
import { z } from "zod";

const id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31);

export const networkParams = z.object({ networkId: z.string().regex(/^[a-z0-9-]{2,80}$/) });
export const requestParams = networkParams.extend({ requestId: id });
export const eventParams = networkParams.extend({ eventId: id });
export const actionParams = eventParams.extend({ actionId: id });
export const feedQuery = z.object({
  feed: z.coerce.number().int().min(1).max(10_000).optional(),
});

/**
 * A posted text field kept up to one character past `max` (formFields keeps 1,000), so that the
 * service sees a text that is too long and names the field, instead of a silently cut one.
 */
export function longField(body: unknown, name: string, max: number): string {
  const value = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const text = value[name];
  return typeof text === "string" ? text.slice(0, max + 1) : "";
}
