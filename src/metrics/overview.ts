/**
 * The overview on the home page: how many organisations, providers, ICBs, networks and metrics are
 * held, each metric's coverage, and per topic how fresh its monthly data is.
 */
import { addPeriods } from "./period.js";
import { periodTypes, type PeriodType } from "./values.js";
import { catalogue, getMetric, metricsByTopic } from "./catalogue/index.js";
import type { Topic } from "./catalogue/types.js";
import type { CoverageService } from "./data-coverage/service.js";
import type { MetricCoverage } from "./data-coverage/store.js";
import type { DirectoryService } from "./directory/service.js";
import type { NetworkSummary } from "./directory/store.js";
import { providerKinds } from "./organisations.js";

/** A period with its type: "2025-07-01" of a month, "2024-04-01" of a financial year. */
export interface TypedPeriod {
  period: string;
  periodType: PeriodType;
}

export interface TopicFreshness {
  topic: Topic;
  /** How many metrics of the catalogue are in the topic. */
  metrics: number;
  /** The newest period (ending last) any organisation reported for any of its metrics. */
  organisations: TypedPeriod | null;
  /** The newest period England or a region reported, where it ends later than the organisations'. */
  nationalLater: TypedPeriod | null;
  /** When the newest import of any of its metrics finished. */
  imported: Date | null;
}

export interface Overview {
  organisations: number;
  providers: number;
  icbs: number;
  networks: NetworkSummary[];
  /** Metrics in the catalogue. */
  metrics: number;
  /** Coverage of each catalogue metric held, with its title. */
  latest: (MetricCoverage & { title: string })[];
  topics: TopicFreshness[];
}

export interface OverviewService {
  overview(): Promise<Overview>;
}

export function createOverviewService(deps: {
  directory: DirectoryService;
  coverage: CoverageService;
}): OverviewService {
  return {
    async overview() {
      const [kinds, networks, coverage] = await Promise.all([
        deps.directory.countByKind(),
        deps.directory.networks(),
        deps.coverage.metricCoverage(),
      ]);
      const latest = coverage.flatMap((c) => {
        const metric = getMetric(c.metricId);
        return metric ? [{ ...c, title: metric.title }] : [];
      });
      const topics = [...metricsByTopic().entries()].map(([topic, metrics]) => {
        const rows = latest.filter((c) => metrics.some((m) => m.id === c.metricId));
        const newest = (periods: (TypedPeriod | null)[]): TypedPeriod | null =>
          periods
            .filter((p): p is TypedPeriod => p !== null)
            .sort((a, b) => periodEnd(a).localeCompare(periodEnd(b)))
            .at(-1) ?? null;
        const typed = (period: string | null, type: string): TypedPeriod | null =>
          period && isPeriodType(type) ? { period, periodType: type } : null;
        const organisations = newest(
          rows.map((r) => typed(r.latestOrganisationPeriod, r.periodType)),
        );
        const overall = newest(rows.map((r) => typed(r.latestPeriod, r.periodType)));
        const nationalLater =
          overall && (!organisations || periodEnd(overall) > periodEnd(organisations))
            ? overall
            : null;
        const imported =
          rows
            .map((r) => r.lastImportedAt)
            .filter((d): d is Date => d !== null)
            .sort((a, b) => +a - +b)
            .at(-1) ?? null;
        return { topic, metrics: metrics.length, organisations, nationalLater, imported };
      });
      return {
        organisations: Object.values(kinds).reduce((a, b) => a + b, 0),
        providers: providerKinds.reduce((sum, kind) => sum + (kinds[kind] ?? 0), 0),
        icbs: kinds.icb ?? 0,
        networks,
        metrics: catalogue.length,
        latest,
        topics,
      };
    },
  };
}

/** The day after a period ends, for ordering periods of different types. */
const periodEnd = (p: TypedPeriod): string => addPeriods(p.period, p.periodType, 1);

const isPeriodType = (type: string): type is PeriodType =>
  (periodTypes as readonly string[]).includes(type);
