/**
 * The Cancer Waiting Times standards as NHS England's provider extracts name them, the catalogue
 * metric each fills, and the roll-up of an extract's detail rows into one value per provider,
 * month and standard.
 *
 *   "28-day FDS"       → cancer_fds_28d  (all routes: urgent suspected cancer, screening, breast symptomatic)
 *   "31-day Combined"  → cancer_31d      (first and subsequent treatments)
 *   "62-day Combined"  → cancer_62d      (all routes)
 *
 * value = Σ within_standard / Σ total × 100 over the rows that count. Within one route, an
 * "ALL CANCERS" row is the total of the cancer types, so where a route has one it is used alone
 * and the route's rows by cancer type are not added to it (that would count every patient twice);
 * otherwise the cancer types are added. Counts may be halves (a pathway shared by two providers
 * counts 0.5 at each) and are kept as given.
 */
import type { MetricId } from "../../../metrics/catalogue/index.js";
import type { ValueBatch } from "./values.js";

const STANDARDS: ReadonlyMap<string, MetricId> = new Map([
  ["28-day fds", "cancer_fds_28d"],
  ["31-day combined", "cancer_31d"],
  ["62-day combined", "cancer_62d"],
]);

/** The standards' names as the extracts write them, for problem messages. */
export const CWT_STANDARD_NAMES = ["28-day FDS", "31-day Combined", "62-day Combined"] as const;

/** The metric a standard's name fills (case and spacing ignored), or undefined for another standard. */
export function cwtStandardMetric(text: string): MetricId | undefined {
  return STANDARDS.get(text.trim().replace(/\s+/g, " ").toLowerCase());
}

interface Counts {
  within: number | null;
  total: number | null;
}

interface RouteTotals {
  /** The route's "ALL CANCERS" rows, when it has any. */
  allCancers: Counts | null;
  /** The route's rows by cancer type. */
  byType: Counts;
}

const add = (a: Counts, within: number | null, total: number | null): void => {
  a.within = a.within === null || within === null ? null : a.within + within;
  a.total = a.total === null || total === null ? null : a.total + total;
};

/**
 * Detail rows gathered per provider, standard, month and route; `emit` adds the routes up. A
 * missing count in any row that counts leaves the sum missing (never a partial sum).
 */
export class CwtTotals {
  private readonly groups = new Map<
    string,
    {
      orgCode: string;
      metricId: MetricId;
      periodStart: string;
      line: number;
      routes: Map<string, RouteTotals>;
    }
  >();

  add(
    orgCode: string,
    metricId: MetricId,
    periodStart: string,
    route: string,
    cancerType: string,
    within: number | null,
    total: number | null,
    line: number,
  ): void {
    const key = `${orgCode}\t${metricId}\t${periodStart}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { orgCode, metricId, periodStart, line, routes: new Map() };
      this.groups.set(key, g);
    }
    const routeKey = route.trim().toUpperCase();
    let r = g.routes.get(routeKey);
    if (!r) {
      r = { allCancers: null, byType: { within: 0, total: 0 } };
      g.routes.set(routeKey, r);
    }
    if (cancerType.trim().toUpperCase() === "ALL CANCERS")
      add((r.allCancers ??= { within: 0, total: 0 }), within, total);
    else add(r.byType, within, total);
  }

  emit(values: ValueBatch): void {
    for (const g of this.groups.values()) {
      const sum: Counts = { within: 0, total: 0 };
      for (const r of g.routes.values()) {
        const counts = r.allCancers ?? r.byType;
        add(sum, counts.within, counts.total);
      }
      values.ratio(g.orgCode, g.metricId, "month", g.periodStart, sum.within, sum.total, g.line);
    }
  }
}
