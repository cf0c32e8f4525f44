import type { PeriodType, PublishedJudgement } from "../values.js";

/**
 * What the account of the data held (sources, imports, coverage, one organisation's series) needs
 * from storage (the port; src/storage/coverage-store.ts implements it over PostgreSQL).
 */

/** A source of values (a publication) and what is held from it. */
export interface SourceCoverage {
  source: string;
  title: string;
  /** Where several sources give the same value, the lowest precedence wins. */
  precedence: number;
  values: number;
  metrics: number;
  organisations: number;
  /** ISO date of the first and latest period held, null when nothing is. */
  firstPeriod: string | null;
  latestPeriod: string | null;
  lastImport: Date | null;
  /** Successful imports of this source. */
  imports: number;
}

/** How many values of a source carry a data-quality flag. */
export interface QualityFlagCount {
  source: string;
  flag: string;
  count: number;
}

/** A successful import of one file. */
export interface ImportRecord {
  importId: number;
  fileName: string;
  format: string;
  source: string;
  finishedAt: Date | null;
  rowsRead: number;
  valuesInserted: number;
  valuesUpdated: number;
  valuesUnchanged: number;
}

/** Per metric and period type: first and latest period, how many values and organisations. */
export interface MetricCoverage {
  metricId: string;
  periodType: string;
  firstPeriod: string;
  latestPeriod: string;
  /** The newest period an organisation reported (England and regions apart); null when none did. */
  latestOrganisationPeriod: string | null;
  values: number;
  organisations: number;
  /** When the newest import that gave this metric finished (null for values not from an import). */
  lastImportedAt: Date | null;
}

/** One period of an organisation's series (the preferred source's value). */
export interface SeriesPoint {
  periodStart: string;
  value: number | null;
}

export interface CoverageStore {
  /** Every source, by precedence. */
  sources(): Promise<SourceCoverage[]>;
  /** Per source, each flag raised, most frequent first. */
  qualityFlags(): Promise<QualityFlagCount[]>;
  /** The newest successful imports, newest first. */
  recentImports(limit: number): Promise<ImportRecord[]>;
  metricCoverage(): Promise<MetricCoverage[]>;
  /** An organisation's monthly series of a metric, one value per period (preferred source). */
  series(orgCode: string, metricId: string): Promise<SeriesPoint[]>;
  /**
   * A publication's own banding and limits for an organisation's values of a metric (SHMI), by
   * period, from the source each value is shown from.
   */
  publishedJudgements(
    orgCode: string,
    metricId: string,
    periodType: PeriodType,
  ): Promise<PublishedJudgement[]>;
}
