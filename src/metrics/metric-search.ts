/**
 * Finding a metric by words of its title or definition ("discharge", "occupancy", "did not
 * attend"), typo-tolerant as the organisation search is (./search.ts), over the catalogue and the
 * measures with no data source yet. Built once: the catalogue is part of the code.
 */
import { catalogue, plannedMetrics } from "./catalogue/index.js";
import { createSearchIndex } from "./search.js";

export interface MetricSearchItem {
  metricId: string;
  title: string;
  definition: string;
  /** True for a measure with no data source yet (catalogue/planned.ts). */
  noDataSource: boolean;
}

const items = [
  ...catalogue.map((m) => ({
    metricId: m.id,
    title: m.title,
    definition: m.definition,
    noDataSource: false,
  })),
  ...plannedMetrics.map((m) => ({
    metricId: m.id,
    title: m.title,
    definition: m.definition,
    noDataSource: true,
  })),
];

// The index matches on `name` and, exactly or by prefix, on `orgCode`: here a metric's words
// and its id, so "ae_4hr_all" finds itself.
const index = createSearchIndex(
  items.map((item) => ({ orgCode: item.metricId, name: `${item.title} ${item.definition}`, item })),
);

/** Metrics matching `query`, best first. */
export function searchMetrics(query: string, limit = 10): MetricSearchItem[] {
  return index(query, limit, 0.45).map((h) => h.item.item);
}
