/**
 * `GET /values`: stored values across organisations and metrics (`orgCode` and `metricId` each a
 * comma-separated list; at least one of the two), between two periods, of one publication source
 * if asked, in (orgCode, metricId, period) order, paged by that key through the value listing
 * service (src/metrics/value-listing), the one `improve export values` uses.
 */
import { z } from "zod";
import { NotFoundError } from "../../../errors.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import type { ValueKey } from "../../../metrics/value-listing/store.js";
import { ApiProblem } from "../errors.js";
import { decodeCursor, encodeCursor, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { pageOf, valueSchema } from "../schemas.js";

/** The most codes or ids one list parameter may name. */
export const MAX_LIST_ITEMS = 50;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "must be a real date");

/** A comma-separated list whose every item matches `pattern`; the message names the first that does not. */
function commaList(pattern: RegExp, what: string) {
  return z
    .string()
    .max(2000)
    .transform((text, ctx) => {
      const items = [...new Set(text.split(",").map((s) => s.trim()))];
      const bad = items.find((s) => !pattern.test(s));
      if (bad !== undefined) ctx.addIssue({ code: "custom", message: `"${bad}" is not ${what}` });
      else if (items.length > MAX_LIST_ITEMS)
        ctx.addIssue({ code: "custom", message: `names more than ${MAX_LIST_ITEMS} items` });
      return items;
    });
}

const valuesQuery = z
  .object({
    orgCode: commaList(/^[A-Za-z0-9]{1,12}$/, "an ODS code (letters and digits)")
      .optional()
      .describe(`ODS codes, comma-separated (at most ${MAX_LIST_ITEMS}), e.g. RXX,RYY.`),
    metricId: commaList(/^[a-z0-9_]{1,100}$/, "a metric id (lower_snake_case)")
      .optional()
      .describe(`Metric ids, comma-separated (at most ${MAX_LIST_ITEMS}), e.g. ae_4hr_all.`),
    from: isoDate.optional().describe("Only periods starting on or after this day."),
    to: isoDate.optional().describe("Only periods starting on or before this day."),
    source: z
      .string()
      .regex(/^[a-z0-9_.-]{1,100}$/, "must be a source id as stored (lower-case, e.g. ae_monthly)")
      .optional()
      .describe(
        "Only this publication source's values as stored (whether or not another source is preferred for the period). Absent: each period's preferred source.",
      ),
    ...pagingQuery,
  })
  .refine((q) => q.orgCode !== undefined || q.metricId !== undefined, {
    message: "give orgCode, metricId or both",
    path: ["orgCode"],
  });

/** The cursor of a value: its key as `orgCode|metricId|period`. */
function valueCursor(key: ValueKey): string {
  return encodeCursor(`${key.orgCode}|${key.metricId}|${key.period}`);
}

function afterKey(cursor: string): ValueKey {
  const match = /^([A-Z0-9]{1,12})\|([a-z0-9_]{1,100})\|(\d{4}-\d{2}-\d{2})$/.exec(
    decodeCursor(cursor),
  );
  if (!match)
    throw new ApiProblem(
      400,
      "bad_request",
      `query.cursor "${cursor}": not a cursor of this list`,
      [{ parameter: "query.cursor", value: cursor, message: "not a cursor of this list" }],
    );
  return { orgCode: match[1]!, metricId: match[2]!, period: match[3]! };
}

export const listValues = apiRoute({
  method: "GET",
  path: "/values",
  operationId: "listValues",
  summary: "Values of some organisations and metrics, in orgCode, metricId and period order",
  description:
    "Give `orgCode`, `metricId` or both (each a comma-separated list). Each metric's values are those of the period type it is kept at. `from` and `to` (inclusive, YYYY-MM-DD) compare with each period's first day. Without `source`, each period's value is the preferred source's (docs/data-sources.md); `source` gives that source's values as stored.",
  tags: ["Values"],
  query: valuesQuery,
  response: pageOf(valueSchema, "Value"),
  csv: {
    head: [
      "orgCode",
      "metricId",
      "period",
      "value",
      "numerator",
      "denominator",
      "smallCount",
      "source",
    ],
    rows: (p) =>
      p.data.map((v) => [
        v.orgCode,
        v.metricId,
        v.period,
        v.value,
        v.numerator,
        v.denominator,
        v.smallCount,
        v.source,
      ]),
  },
  async handle({ ctx, query }) {
    for (const metricId of query.metricId ?? [])
      if (!getMetric(metricId)) throw new NotFoundError(`No metric "${metricId}".`);
    for (const code of query.orgCode ?? [])
      if (!(await ctx.directory.organisation(code)))
        throw new NotFoundError(`No organisation "${code.toUpperCase()}".`);
    const p = await ctx.values.page({
      orgCodes: query.orgCode,
      metricIds: query.metricId,
      from: query.from,
      to: query.to,
      source: query.source,
      after: query.cursor === undefined ? undefined : afterKey(query.cursor),
      limit: query.limit,
    });
    return {
      data: p.values.map((v) => ({
        orgCode: v.orgCode,
        metricId: v.metricId,
        period: v.period,
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
        smallCount: v.smallCount,
        dqFlags: v.dqFlags,
        source: v.source,
      })),
      next: p.next === null ? null : valueCursor(p.next),
    };
  },
});
