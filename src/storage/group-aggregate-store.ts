/** The PostgreSQL side of group dashboards: implements `GroupAggregateStore` of src/metrics/dashboards. */
import type { GroupAggregateStore } from "../metrics/dashboards/store.js";
import type { Db } from "./schema.js";
import { aggregateSeries } from "./repositories/aggregates.js";

export function createGroupAggregateStore(db: Db): GroupAggregateStore {
  return {
    aggregateSeries: (metricId, group, periodType) =>
      aggregateSeries(db, metricId, group, periodType),
  };
}
