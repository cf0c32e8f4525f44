/**
 * SPC through the API: of a stored series (`GET /organisations/{orgCode}/metrics/{metricId}/spc`,
 * with the metric page's options) and of a posted one (`POST /spc`, with every option of the
 * engine in src/stats/spc, each described as src/stats/spc/types.ts documents it).
 */
import { z } from "zod";
import { InputError, NotFoundError } from "../../../errors.js";
import { ApiProblem } from "../errors.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import { analyseSpc } from "../../../stats/spc/index.js";
import { CHART_TYPES } from "../../../stats/spc/charts/chartDefinition.js";
import { MIN_FIX_AFTER_N_POINTS } from "../../../stats/spc/constants.js";
import { apiRoute } from "../registry.js";
import { spcResultSchema } from "../schemas.js";
import { metricIdParameter } from "./metrics.js";
import { orgCodeParameter } from "./organisations.js";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD");

/** The most points a posted series may have. */
export const MAX_POSTED_POINTS = 10_000;

const postedPoint = z.object({
  date: isoDate.describe("Period as an ISO date, YYYY-MM-DD. Unique within a series; any order."),
  value: z.number().nullable().optional().describe("null or absent = missing."),
  numerator: z.number().nullable().optional().describe("For p, p', u and u' charts."),
  denominator: z.number().nullable().optional().describe("For p, p', u and u' charts."),
  trajectory: z
    .number()
    .nullable()
    .optional()
    .describe("Planned trajectory for this period (drawn, never used in calculations)."),
});

/** Every option of `analyseSpc` (src/stats/spc/types.ts `SpcOptions`), with its doc comment. */
const spcOptions = z.object({
  chart: z
    .enum(CHART_TYPES as [string, ...string[]])
    .optional()
    .describe('Chart type. Default "xmr".'),
  improvementDirection: z
    .enum(["increase", "decrease", "neutral"])
    .optional()
    .describe('Default "increase", as in NHSRplotthedots.'),
  target: z
    .number()
    .nullable()
    .optional()
    .describe("Target for the assurance summary (ignored for neutral direction)."),
  rebase: z
    .array(isoDate)
    .max(1000)
    .nullable()
    .optional()
    .describe(
      "Dates (YYYY-MM-DD) that start a new rebase group; dates not in the data are ignored.",
    ),
  fixAfterNPoints: z
    .number()
    .int()
    .min(MIN_FIX_AFTER_N_POINTS)
    .nullable()
    .optional()
    .describe(
      `Limits from the first n observed points of each group; must be >= ${MIN_FIX_AFTER_N_POINTS}. Default: all.`,
    ),
  screenOutliers: z
    .boolean()
    .optional()
    .describe(
      "Screen moving-range outliers (3.267 x AMR). Default true (PTD); false = MDC Excel tool.",
    ),
  runLength: z
    .union([z.literal(6), z.literal(7)])
    .optional()
    .describe("Shift and trend run length, 6 or 7. Default 7 (PTD)."),
  twoInThree: z
    .enum(["ptd", "mdc2023"])
    .optional()
    .describe(
      '"ptd" (default): only points between the 2- and 3-sigma lines count; "mdc2023": all points beyond the 2-sigma line count, including those beyond the limits.',
    ),
  trialLimitMinimum: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Groups with fewer points get a trial-limits warning. Default 13 (PTD)."),
});

/**
 * The engine's problems with posted points (a duplicate date, a numerator above its denominator
 * on a p chart) as a 400 naming each point: `body.points.3.numerator` is the fourth point's.
 */
function pointProblems(e: InputError): ApiProblem {
  const details = e.problems.map((p) => ({
    parameter: ["body.points", p.line === undefined ? null : p.line - 1, p.column ?? null]
      .filter((part) => part !== null)
      .join("."),
    value: p.value ?? null,
    message: p.reason,
  }));
  return new ApiProblem(400, "bad_request", e.message, details);
}

export const postSpc = apiRoute({
  method: "POST",
  path: "/spc",
  operationId: "analyseSeries",
  summary: "SPC of a posted series, with every option of the engine",
  tags: ["SPC"],
  body: z.object({
    points: z.array(postedPoint).max(MAX_POSTED_POINTS),
    options: spcOptions.optional(),
  }),
  response: spcResultSchema,
  async handle({ body }) {
    const { options = {}, points } = body;
    try {
      return analyseSpc(points, options as Parameters<typeof analyseSpc>[1]);
    } catch (e) {
      if (e instanceof InputError) throw pointProblems(e);
      throw e;
    }
  },
});

export const storedSpc = apiRoute({
  method: "GET",
  path: "/organisations/{orgCode}/metrics/{metricId}/spc",
  operationId: "storedSeriesSpc",
  summary: "SPC of an organisation's stored series of a metric, as its metric page shows it",
  tags: ["SPC"],
  params: z.object({ orgCode: orgCodeParameter, metricId: metricIdParameter }),
  query: z.object({
    view: z
      .enum(["reported", "continued"])
      .default("reported")
      .describe(
        '"reported": the values as reported; "continued": a successor of a clean merger with its predecessors\' combined figures before it.',
      ),
    rebaseAt: isoDate
      .optional()
      .describe("Recalculate the limits from this period (YYYY-MM-DD), as the page's rebase view."),
  }),
  response: spcResultSchema,
  async handle({ ctx, params, query }) {
    if (!getMetric(params.metricId)) throw new NotFoundError(`No metric "${params.metricId}".`);
    const org = await ctx.directory.organisation(params.orgCode);
    if (!org) throw new NotFoundError(`No organisation "${params.orgCode.toUpperCase()}".`);
    const detail = await ctx.analytics.metricDetail(
      org.orgCode,
      params.metricId,
      undefined,
      undefined,
      query.view,
      query.rebaseAt,
    );
    if (!detail.spc)
      throw new NotFoundError(`No SPC of "${params.metricId}" for ${org.orgCode}: no values.`);
    return detail.spc;
  },
});
