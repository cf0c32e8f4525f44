/**
 * The synthetic demo data set: fictional organisations in real regions and ICBs, and deterministic
 * monthly values for every catalogue metric, with the features SPC and opportunity analysis look
 * for. Pure: it returns data and writes nothing (src/ingest/load-demo.ts stores it). The model is
 * described in docs/demo-data.md.
 */
import { catalogue } from "../../metrics/catalogue/index.js";
import type { MetricDefinition } from "../../metrics/catalogue/types.js";
import { addPeriods, isPeriodStart, parseIsoDate } from "../../metrics/period.js";
import type { MetricValueInput } from "../../metrics/values.js";
import { generateOrganisations, type DemoOrganisation } from "./organisations.js";
import { OrganisationSeries, hasModel, type SeriesFeatures } from "./series.js";

export type { DemoOrganisation } from "./organisations.js";
export type { SeriesFeatures } from "./series.js";

export interface DemoOptions {
  /** Number of organisations, 1–999. */
  orgs: number;
  /** Number of monthly periods, ending at endMonth. */
  months: number;
  seed: number;
  /** k ≥ 1: also produce k − 1 clones of every catalogue metric (`<id>__k2` … `<id>__k<k>`) for scale tests. */
  metricMultiplier?: number;
  /** Last month generated (first day of the month); default 2025-07-01. */
  endMonth?: string;
}

export interface Demo {
  organisations: DemoOrganisation[];
  /** The catalogue's metrics followed by their clones. */
  metrics: MetricDefinition[];
  /** Month starts, oldest first. */
  periods: string[];
  /** Exactly how many values `values()` yields. */
  valueCount: number;
  /** Lazily generated values, organisation by organisation, metric by metric, month by month. */
  values(): Iterable<MetricValueInput>;
  /** The features planted in one series (for tests and for checking SPC output by eye). */
  describeSeries(orgCode: string, metricId: string): SeriesFeatures | undefined;
}

export const defaultDemoEndMonth = "2025-07-01";

/** Clones every metric k − 1 times; clones link to their own family (`…__k2` to `…__k2`). */
export function cloneMetrics(
  metrics: readonly MetricDefinition[],
  multiplier: number,
): MetricDefinition[] {
  if (!Number.isInteger(multiplier) || multiplier < 1)
    throw new RangeError(`metricMultiplier must be a whole number ≥ 1, got ${multiplier}`);
  const out = [...metrics];
  for (let k = 2; k <= multiplier; k++) {
    for (const m of metrics) {
      out.push({
        ...m,
        id: `${m.id}__k${k}`,
        title: `${m.title} (copy ${k})`,
        shortTitle: `${m.shortTitle} (copy ${k})`,
        cloneOf: m.id,
      });
    }
  }
  return out;
}

export function generateDemo(options: DemoOptions): Demo {
  const { orgs, months, seed } = options;
  const endMonth = options.endMonth ?? defaultDemoEndMonth;
  if (!isPeriodStart(endMonth, "month") || parseIsoDate(endMonth) === null)
    throw new RangeError(`endMonth must be the first day of a month, got ${endMonth}`);
  if (!Number.isInteger(months) || months < 1)
    throw new RangeError(`months must be a whole number ≥ 1, got ${months}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);

  const periods = Array.from({ length: months }, (_, i) =>
    addPeriods(endMonth, "month", i - months + 1),
  );
  const season = Float64Array.from(periods, (p) =>
    Math.cos((2 * Math.PI * (Number(p.slice(5, 7)) - 1)) / 12),
  );
  // Closures happen two-thirds of the way through, so history before and after both show.
  const closeMonth = months >= 6 ? (periods[Math.floor(months * 0.66)] ?? null) : null;
  const { organisations, traits } = generateOrganisations(orgs, seed, closeMonth);
  const metrics = cloneMetrics(catalogue, options.metricMultiplier ?? 1);
  const definitions = new Map(metrics.map((m) => [m.id, m]));
  const definition = (id: string) => {
    const d = definitions.get(id);
    if (!d) throw new Error(`unknown metric ${id}`);
    return d;
  };

  /** Metrics an organisation reports: its kind is in reportedBy, and a model exists (country-only series have none). */
  const reported = organisations.map((o) =>
    metrics.filter((m) => m.reportedBy.includes(o.kind) && hasModel(m.id)),
  );
  /** Months an organisation has values for: none from its closing month on. */
  const activeMonths = organisations.map((o) =>
    o.closeDate === null ? months : periods.filter((p) => p <= o.closeDate!).length,
  );
  const valueCount = organisations.reduce(
    (sum, _o, i) => sum + reported[i]!.length * activeMonths[i]!,
    0,
  );

  const seriesOf = (i: number) => {
    const org = organisations[i]!;
    const t = traits[i]!;
    return new OrganisationSeries({
      seed,
      orgCode: org.orgCode,
      size: t.size,
      quality: t.quality,
      months,
      season,
      definition,
    });
  };

  function* values(): Generator<MetricValueInput> {
    for (let i = 0; i < organisations.length; i++) {
      const orgCode = organisations[i]!.orgCode;
      const series = seriesOf(i);
      const active = activeMonths[i]!;
      for (const metric of reported[i]!) {
        const metricId = metric.id;
        const s = series.get(metricId);
        const num = s.numerator;
        const den = s.denominator;
        const val = s.value;
        for (let m = 0; m < active; m++) {
          const d = den === null ? null : den[m]!;
          yield {
            orgCode,
            metricId,
            periodType: "month",
            periodStart: periods[m]!,
            numerator: num === null ? null : num[m]!,
            denominator: d,
            value: d === 0 ? null : val[m]!,
          };
        }
      }
    }
  }

  return {
    organisations,
    metrics,
    periods,
    valueCount,
    values: () => values(),
    describeSeries(orgCode, metricId) {
      const i = organisations.findIndex((o) => o.orgCode === orgCode);
      if (i < 0 || !definitions.has(metricId) || !hasModel(metricId)) return undefined;
      return seriesOf(i).get(metricId).features;
    },
  };
}
