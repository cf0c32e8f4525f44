/**
 * The analytics service: comparison, funnels, opportunities, recommended peers and the dashboards'
 * data, over the `AnalyticsStore` port (src/storage/analytics-store.ts implements it). Results are
 * computed in memory from typed arrays (src/metrics/analytics) and cached per data version: a
 * query never recomputes what has not changed. See docs/benchmarking.md.
 */
import type { AnalyticsService, AnalyticsServiceOptions } from "./analytics/api.js";
import { createAnalyticsEngine } from "./analytics/engine.js";
import type { AnalyticsStore } from "./analytics/types.js";

export type * from "./analytics/api.js";
export type * from "./analytics/types.js";

export function createAnalyticsService(
  store: AnalyticsStore,
  options: AnalyticsServiceOptions = {},
): AnalyticsService {
  return createAnalyticsEngine(store, options);
}
