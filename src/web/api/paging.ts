/**
 * Stable cursor paging. A list is sorted by a key that is unique per item (an organisation's
 * code, a value's period); the cursor is the last key of a page, base64url-encoded JSON, and the
 * next page starts after it. Paging by key, not by offset, means an item added or removed
 * between two requests never makes another appear twice or go missing.
 *
 * @example page(["A", "B", "C"], (x) => x, { limit: 2 })
 *   // { data: ["A", "B"], next: "IkIi" }  ("IkIi" is base64url of '"B"')
 */
import { z } from "zod";
import { ApiProblem } from "./errors.js";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** The query parameters of every paged list. */
export const pagingQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .describe(`Items per page, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`),
  cursor: z
    .string()
    .max(400)
    .regex(/^[A-Za-z0-9_-]+$/, "must be a cursor from a previous page's `next`")
    .optional()
    .describe("The `next` of the previous page; absent for the first page."),
};

export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The key a cursor holds; a 400 naming `query.cursor` when it holds none. */
export function decodeCursor(cursor: string): string {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof key === "string") return key;
  } catch {
    // Falls through to the problem below.
  }
  throw new ApiProblem(400, "bad_request", `query.cursor "${cursor}": not a cursor of this list`, [
    { parameter: "query.cursor", value: cursor, message: "not a cursor of this list" },
  ]);
}

export interface Page<T> {
  data: T[];
  next: string | null;
}

/**
 * One page of `items`, which must already be sorted by `keyOf` ascending (by code-unit order,
 * the order `<` gives strings) with unique keys.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { limit: number; cursor?: string | undefined },
): Page<T> {
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  let start = 0;
  if (after !== undefined) {
    // Binary search: the first item whose key sorts after the cursor's.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(items[mid]!) <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const data = items.slice(start, start + options.limit);
  const last = data.at(-1);
  const more = start + options.limit < items.length;
  return { data, next: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** Sorts by key in code-unit order (what `page` expects). */
export function byKey<T>(items: T[], keyOf: (item: T) => string): T[] {
  return items.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
