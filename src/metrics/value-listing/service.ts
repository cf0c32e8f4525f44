/**
 * Stored values across organisations and metrics, filtered and paged by key: what `GET /values`
 * answers and `improve export values` writes, from one query. Each metric's values are those of
 * the period type it is kept at (its frequency's), as its pages show them.
 *
 * @example
 *   await service.page({ orgCodes: ["RXX"], metricIds: ["ae_4hr_all"], limit: 2 })
 *   // { values: [{ orgCode: "RXX", metricId: "ae_4hr_all", period: "2024-04-01", … }, …],
 *   //   next: { orgCode: "RXX", metricId: "ae_4hr_all", period: "2024-05-01" } }
 */
import { catalogue, getMetric } from "../catalogue/index.js";
import { intervalKindOf, periodTypeOf } from "../analytics/metric-info.js";
import type { StoredValue, ValueKey, ValueListingStore } from "./store.js";

/** Fewer events than this: a small count, as the analytics flag it (analytics/assemble.ts). */
const SMALL_COUNT = 10;

export interface ValueFilter {
  /** ODS codes (any case); absent or empty: every organisation. */
  orgCodes?: readonly string[] | undefined;
  /** Metric ids; absent or empty: every metric of the catalogue. */
  metricIds?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  source?: string | undefined;
}

export interface ListedValue extends StoredValue {
  /** Fewer than 10 events where an interval applies: the value is uncertain. */
  smallCount: boolean;
}

export interface ValuePage {
  values: ListedValue[];
  /** The key to pass as `after` for the next page; null on the last. */
  next: ValueKey | null;
}

export interface ValueListingService {
  /** One page of values matching `filter`, after `after`. Unknown metric ids match nothing. */
  page(filter: ValueFilter & { after?: ValueKey | undefined; limit: number }): Promise<ValuePage>;
}

function smallCount(v: StoredValue): boolean {
  const def = getMetric(v.metricId);
  if (!def) return false;
  const kind = intervalKindOf(def).kind;
  const x = kind === "count" ? v.value : v.numerator;
  return kind !== "none" && x !== null && x < SMALL_COUNT;
}

export function createValueListingService(store: ValueListingStore): ValueListingService {
  return {
    async page(filter) {
      const ids = filter.metricIds?.length ? filter.metricIds : catalogue.map((m) => m.id);
      const metrics = ids.flatMap((id) => {
        const def = getMetric(id);
        return def ? [{ metricId: id, periodType: periodTypeOf(def) }] : [];
      });
      if (metrics.length === 0) return { values: [], next: null };
      const rows = await store.list({
        metrics,
        ...(filter.orgCodes?.length
          ? { orgCodes: filter.orgCodes.map((c) => c.toUpperCase()) }
          : {}),
        ...(filter.from ? { from: filter.from } : {}),
        ...(filter.to ? { to: filter.to } : {}),
        ...(filter.source ? { source: filter.source } : {}),
        ...(filter.after ? { after: filter.after } : {}),
        // One more than asked: whether there is a next page.
        limit: filter.limit + 1,
      });
      const values = rows.slice(0, filter.limit).map((v) => ({ ...v, smallCount: smallCount(v) }));
      const last = values.at(-1);
      const next =
        rows.length > filter.limit && last
          ? { orgCode: last.orgCode, metricId: last.metricId, period: last.period }
          : null;
      return { values, next };
    },
  };
}
