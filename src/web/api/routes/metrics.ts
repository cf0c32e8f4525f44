/** `GET /metrics` (the catalogue, paged by metricId) and `GET /metrics/{metricId}`. */
import { z } from "zod";
import { NotFoundError } from "../../../errors.js";
import { catalogue, getMetric } from "../../../metrics/catalogue/index.js";
import { topics, type MetricDefinition } from "../../../metrics/catalogue/types.js";
import { byKey, page, pagingQuery } from "../paging.js";
import { apiRoute } from "../registry.js";
import { metricSchema, pageOf } from "../schemas.js";

export const metricIdParameter = z
  .string()
  .regex(/^[a-z0-9_]{1,100}$/, "must be a metric id (lower_snake_case)")
  .describe("The metric's id, e.g. ae_4hr_all.");

/** A catalogue definition as the API shows it (`metricSchema`'s fields). */
function metricOut(m: MetricDefinition): z.input<typeof metricSchema> {
  return metricSchema.parse(m);
}

const sorted = byKey([...catalogue], (m) => m.id);

export const listMetrics = apiRoute({
  method: "GET",
  path: "/metrics",
  operationId: "listMetrics",
  summary: "The metrics catalogue, in metricId order",
  tags: ["Metrics"],
  query: z.object({
    topic: z.enum(topics).optional().describe("Only metrics of this topic."),
    ...pagingQuery,
  }),
  response: pageOf(metricSchema, "Metric"),
  csv: {
    head: ["metricId", "title", "unit", "improvementDirection", "frequency", "topic", "publisher"],
    rows: (p) =>
      p.data.map((m) => [
        m.id,
        m.title,
        m.unit,
        m.improvementDirection,
        m.frequency,
        m.topic,
        m.source.publisher,
      ]),
  },
  async handle({ query }) {
    const chosen = query.topic ? sorted.filter((m) => m.topic === query.topic) : sorted;
    const p = page(chosen, (m) => m.id, query);
    return { data: p.data.map(metricOut), next: p.next };
  },
});

export const getMetricRoute = apiRoute({
  method: "GET",
  path: "/metrics/{metricId}",
  operationId: "getMetric",
  summary: "One metric's definition: units, direction, source and targets",
  tags: ["Metrics"],
  params: z.object({ metricId: metricIdParameter }),
  response: metricSchema,
  async handle({ params }) {
    const metric = getMetric(params.metricId);
    if (!metric) throw new NotFoundError(`No metric "${params.metricId}".`);
    return metricOut(metric);
  },
});
