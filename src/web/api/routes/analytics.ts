/**
 * The analytics through the API, as the pages compute them (src/metrics/analytics/api.ts, never
 * storage): `GET /organisations/{orgCode}/metrics/{metricId}/comparison` (England, region, peers
 * and target at a period), `GET /metrics/{metricId}/funnel` and
 * `GET /organisations/{orgCode}/opportunities`. Groups are group reference texts
 * (src/metrics/group-ref.ts, listed by `GET /peer-groups`).
 */
import { z } from "zod";
import { AppError, NotFoundError } from "../../../errors.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import { canonicalGroupRef } from "../../../metrics/group-ref.js";
import {
  comparisonOut,
  comparisonSchema,
  funnelOut,
  funnelSchema,
  opportunitiesOut,
  opportunitiesSchema,
} from "../analytics-schemas.js";
import { apiRoute } from "../registry.js";
import { metricIdParameter } from "./metrics.js";
import { orgCodeParameter } from "./organisations.js";

/** A group reference, checked as the analytics read it; the message says which forms are accepted. */
const groupRefParameter = z
  .string()
  .min(1)
  .max(2000)
  .superRefine((text, ctx) => {
    try {
      canonicalGroupRef(text);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message });
    }
  });

const period = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a period's first day, YYYY-MM-DD")
  .describe("The period's first day (default: the latest with data).");

function knownMetric(metricId: string): void {
  if (!getMetric(metricId)) throw new NotFoundError(`No metric "${metricId}".`);
}

export const getComparison = apiRoute({
  method: "GET",
  path: "/organisations/{orgCode}/metrics/{metricId}/comparison",
  operationId: "getComparison",
  summary: "One organisation's value against England, its region, its peers and the target",
  description:
    "As the metric page compares: each comparison names its benchmark, the method (confidence interval at `level`, quintile, context) and the outcome.",
  tags: ["Analytics"],
  params: z.object({ orgCode: orgCodeParameter, metricId: metricIdParameter }),
  query: z.object({
    period: period.optional(),
    peerGroup: groupRefParameter
      .optional()
      .describe("The peers (a group reference; default: the organisation's usual peers)."),
    level: z
      .enum(["95", "99.8"])
      .optional()
      .describe("Confidence level (per cent) to judge at (default: the metric's)."),
  }),
  response: comparisonSchema,
  csv: {
    head: [
      "orgCode",
      "metricId",
      "period",
      "value",
      "benchmark",
      "benchmarkValue",
      "outcome",
      "method",
      "text",
    ],
    rows: (c) =>
      c.comparisons.map((x) => [
        c.orgCode,
        c.metricId,
        c.period,
        c.value,
        x.benchmark.label,
        x.benchmark.value,
        x.outcome,
        x.method,
        x.text,
      ]),
  },
  async handle({ ctx, params, query }) {
    knownMetric(params.metricId);
    const result = await ctx.analytics.compare(
      params.orgCode.toUpperCase(),
      params.metricId,
      query.period,
      query.peerGroup,
      query.level === undefined ? undefined : query.level === "95" ? 95 : 99.8,
    );
    return comparisonOut(result);
  },
});

export const getFunnel = apiRoute({
  method: "GET",
  path: "/metrics/{metricId}/funnel",
  operationId: "getFunnel",
  summary: "Funnel plot of a group at a period",
  description:
    "Each member's value against the benchmark's 95% and 99.8% limits at its denominator; with `overdispersion` (default true) Spiegelhalter's adjustment where the providers are overdispersed.",
  tags: ["Analytics"],
  params: z.object({ metricId: metricIdParameter }),
  query: z.object({
    period: period.optional(),
    group: groupRefParameter
      .optional()
      .describe(
        "The group (a group reference; default: the metric's reporting providers of the usual kind).",
      ),
    overdispersion: z
      .enum(["true", "false"])
      .default("true")
      .describe("Apply the overdispersion adjustment where significant (default true)."),
  }),
  response: funnelSchema,
  csv: {
    head: [
      "orgCode",
      "name",
      "numerator",
      "denominator",
      "value",
      "lower998",
      "upper998",
      "position998",
      "outcome",
    ],
    rows: (f) =>
      f.points.map((p) => [
        p.orgCode,
        p.name,
        p.numerator,
        p.denominator,
        p.value,
        p.lower998,
        p.upper998,
        p.position998,
        p.outcome,
      ]),
  },
  async handle({ ctx, params, query }) {
    knownMetric(params.metricId);
    const result = await ctx.analytics.funnel(params.metricId, query.period, query.group, {
      overdispersion: query.overdispersion === "true",
    });
    return funnelOut(result);
  },
});

export const getOpportunities = apiRoute({
  method: "GET",
  path: "/organisations/{orgCode}/opportunities",
  operationId: "getOpportunities",
  summary: "What an organisation would gain on each metric by reaching its peers' benchmark",
  tags: ["Analytics"],
  params: z.object({ orgCode: orgCodeParameter }),
  query: z.object({
    peerGroup: groupRefParameter
      .optional()
      .describe("The peers (a group reference; default: the organisation's usual peers)."),
    benchmark: z
      .enum(["median", "upper_quartile", "top_decile", "target"])
      .optional()
      .describe("The peers' level to reach (default upper_quartile)."),
  }),
  response: opportunitiesSchema,
  csv: {
    head: [
      "orgCode",
      "metricId",
      "period",
      "status",
      "value",
      "benchmark",
      "amount",
      "per",
      "text",
    ],
    rows: (r) =>
      r.opportunities.map((o) => [
        r.orgCode,
        o.metricId,
        o.period,
        o.status,
        o.value,
        o.benchmark?.value ?? null,
        o.amount,
        o.per,
        o.text,
      ]),
  },
  async handle({ ctx, params, query }) {
    const result = await ctx.analytics.opportunities(
      params.orgCode.toUpperCase(),
      query.peerGroup,
      query.benchmark,
    );
    return opportunitiesOut(result);
  },
});
