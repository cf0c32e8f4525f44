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
import type { PeriodType, PublishedJudgement } from "../values.js";

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
  /** The publication's own judgement of an organisation's latest value (SHMI's banding), if any. */
  latestPublishedJudgement(
    orgCode: string,
    metricId: string,
    periodType: PeriodType,
  ): Promise<PublishedJudgement | null>;
  /** The same for several metrics of one organisation, by metric id (those with none absent). */
  latestPublishedJudgements(
    orgCode: string,
    metrics: readonly { metricId: string; periodType: PeriodType }[],
  ): Promise<Map<string, PublishedJudgement>>;
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
    async latestPublishedJudgement(orgCode, metricId, periodType) {
      return (await store.publishedJudgements(orgCode, metricId, periodType)).at(-1) ?? null;
    },
    async latestPublishedJudgements(orgCode, metrics) {
      const found = await Promise.all(
        metrics.map(
          async (m) =>
            [
              m.metricId,
              (await store.publishedJudgements(orgCode, m.metricId, m.periodType)).at(-1),
            ] as const,
        ),
      );
      return new Map(found.flatMap(([id, j]) => (j ? [[id, j] as const] : [])));
    },
  };
}
