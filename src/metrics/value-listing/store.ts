/**
 * What the value listing reads from storage: stored values of some organisations and metrics,
 * in (orgCode, metricId, period) order, after a key, a page at a time. Implemented in
 * src/storage/value-listing-store.ts; the service (./service.ts) is what the API and the CLI call.
 */
import type { PeriodType } from "../values.js";

/** A value's place in the listing's order: unique per row, so paging by it never skips or repeats. */
export interface ValueKey {
  orgCode: string;
  metricId: string;
  /** The period's first day, YYYY-MM-DD. */
  period: string;
}

export interface ValueListingQuery {
  /** Only these organisations (upper-case ODS codes); absent: every organisation. */
  orgCodes?: readonly string[];
  /** Each metric with the period type its values are kept at (its frequency's). */
  metrics: readonly { metricId: string; periodType: PeriodType }[];
  /** Periods starting on or after / on or before these days (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /**
   * The publication source id as stored: that source's values, whether or not another source is
   * preferred for the period. Absent: the preferred source's value of each period
   * (`preferred_values`, docs/data-sources.md).
   */
  source?: string;
  /** Rows after this key. */
  after?: ValueKey;
  limit: number;
}

export interface StoredValue extends ValueKey {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  source: string;
  dqFlags: string[];
}

export interface ValueListingStore {
  /** Rows with a value, in (orgCode, metricId, period) order by code unit, at most `limit`. */
  list(query: ValueListingQuery): Promise<StoredValue[]>;
}
