/**
 * The account of the data held: where every number comes from (each source with its coverage,
 * imports and data-quality flags), coverage per metric, and organisations' series side by side.
 */
import type {
  CoverageStore,
  ImportRecord,
  MetricCoverage,
  QualityFlagCount,
  SeriesPoint,
  SourceCoverage,
} from "./store.js";

/** A source with the data-quality flags raised on its values. */
export interface SourceReport extends SourceCoverage {
  flags: QualityFlagCount[];
}

export interface DataSourcesReport {
  sources: SourceReport[];
  /** The 30 newest successful imports. */
  imports: ImportRecord[];
}

export interface CoverageService {
  dataSources(): Promise<DataSourcesReport>;
  metricCoverage(): Promise<MetricCoverage[]>;
  /** Each organisation's monthly series of the metric, in the order given. */
  seriesOf(orgCodes: readonly string[], metricId: string): Promise<SeriesPoint[][]>;
}

export function createCoverageService(store: CoverageStore): CoverageService {
  return {
    async dataSources() {
      const [sources, flags, imports] = await Promise.all([
        store.sources(),
        store.qualityFlags(),
        store.recentImports(30),
      ]);
      return {
        sources: sources.map((s) => ({ ...s, flags: flags.filter((f) => f.source === s.source) })),
        imports,
      };
    },
    metricCoverage: () => store.metricCoverage(),
    seriesOf: (orgCodes, metricId) =>
      Promise.all(orgCodes.map((orgCode) => store.series(orgCode, metricId))),
  };
}
