/**
 * `GET /values`: one organisation's values of one metric, in period order, optionally between
 * two periods, paged by period.
 */
import { z } from "zod";
import { NotFoundError } from "../../../errors.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import { page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { pageOf, valueSchema } from "../schemas.js";
import { metricIdParameter } from "./metrics.js";
import { orgCodeParameter } from "./organisations.js";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "must be a real date");

export const listValues = apiRoute({
  method: "GET",
  path: "/values",
  operationId: "listValues",
  summary: "One organisation's values of one metric, in period order",
  description:
    "Both orgCode and metricId are required. `from` and `to` (inclusive, YYYY-MM-DD) compare with each period's first day.",
  tags: ["Values"],
  query: z.object({
    orgCode: orgCodeParameter,
    metricId: metricIdParameter,
    from: isoDate.optional().describe("Only periods starting on or after this day."),
    to: isoDate.optional().describe("Only periods starting on or before this day."),
    ...pagingQuery,
  }),
  response: pageOf(valueSchema, "Value"),
  csv: {
    head: ["orgCode", "metricId", "period", "value", "numerator", "denominator", "smallCount"],
    rows: (p) =>
      p.data.map((v) => [
        v.orgCode,
        v.metricId,
        v.period,
        v.value,
        v.numerator,
        v.denominator,
        v.smallCount,
      ]),
  },
  async handle({ ctx, query }) {
    if (!getMetric(query.metricId)) throw new NotFoundError(`No metric "${query.metricId}".`);
    const org = await ctx.directory.organisation(query.orgCode);
    if (!org) throw new NotFoundError(`No organisation "${query.orgCode.toUpperCase()}".`);
    const detail = await ctx.analytics.metricDetail(org.orgCode, query.metricId);
    const values = detail.series
      .filter((v) => (query.from === undefined || v.period >= query.from) && v.value !== null)
      .filter((v) => query.to === undefined || v.period <= query.to)
      .map((v) => ({
        orgCode: org.orgCode,
        metricId: query.metricId,
        period: v.period,
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
        smallCount: v.smallCount,
        dqFlags: v.dqFlags,
      }))
      .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    return page(values, (v) => v.period, query);
  },
});
